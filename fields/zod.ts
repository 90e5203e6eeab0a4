/**
 * zod for input validation at the edge of an operation (docs/architecture.md#layers), loaded on first use.
 *
 * The package's v3 API (`zod/v3`, shipped and maintained in zod 4): the v4 API (`zod`, `zod/mini`) loads
 * every locale and takes 65–80 ms from the package. That is paid on the cold start of every action
 * (bench/), so operations use the v3 API through this loader and never import zod at the top. The build
 * puts `zod/v3` in a file of its own (scripts/bundle.js): ~10 ms to load and run the tracking schema the
 * first time, against ~13 ms from the package's ten CommonJS modules.
 */
import type * as ZodV3 from 'zod/v3';

export type Zod = typeof ZodV3.z;
export type { ZodV3 };

/**
 * An operation's inputData before validation: the keys its fields declare (core's `InferInputData`), each
 * value whatever Zapier sent (a number typed into a text field, a list mapped into one) until zod checks it.
 */
export type Unchecked<InputData> = { [Key in InputData extends unknown ? keyof InputData : never]?: unknown };

let zod: Zod | undefined;

export function loadZod(): Zod {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberately lazy: keeps zod off the cold path
  zod ??= (require('zod/v3') as typeof ZodV3).z;
  return zod;
}

/** "true"/"yes"/"1" and "false"/"no"/"0" as Zapier sends booleans from text fields; blank → the default. */
export function booleanInput(z: Zod, fallback: boolean) {
  return z.preprocess(
    (value) => {
      if (value === undefined || value === null || value === '') return fallback;
      if (typeof value !== 'string') return value;
      const text = value.trim().toLowerCase();
      if (['true', 'yes', '1', 'y'].includes(text)) return true;
      if (['false', 'no', '0', 'n'].includes(text)) return false;
      return value;
    },
    z.boolean({ invalid_type_error: 'must be yes or no' }),
  );
}

/**
 * One line of text as Zapier may send it: a string, or a number typed into a text field (1001 → "1001").
 * Trimmed; blank → undefined. Refused with a message saying what to enter: a list, a set of fields, yes/no,
 * NaN or Infinity; text over `max` characters; control characters or broken unicode (a lone surrogate).
 *
 * One transform rather than a chain of zod types (unknown → refine → transform → string → max → refine →
 * optional): the same checks in the same order, but a fraction of the schema objects and parse steps, which
 * every tracking action pays on its cold start (bench/).
 */
export function textInput(z: Zod, max: number) {
  return z.unknown().transform((value, ctx): string | undefined => {
    const problem = textProblem(value, max);
    if (problem === undefined) return value === undefined || value === null ? undefined : `${value as string | number}`.trim() || undefined;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
    return z.NEVER;
  });
}

function textProblem(value: unknown, max: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) {
    const what = Array.isArray(value)
      ? 'a list'
      : typeof value === 'object'
        ? 'a set of fields'
        : typeof value === 'boolean'
          ? 'yes/no'
          : `${value as bigint}`;
    return `must be one piece of text, not ${what}`;
  }
  const text = String(value).trim();
  if (text.length > max) return `is too long (at most ${max} characters)`;
  if (/[\p{Cc}\p{Cs}]/u.test(text)) return 'contains control characters (e.g. a tab or line break) or broken characters; type it again';
  return undefined;
}

/**
 * The values of a list field (`list: true`) as Zapier may send them: a list, or one text of comma-separated
 * values; a number counts as its text. Lower-cased, trimmed, blanks dropped. null for anything else (an
 * object, yes/no, a list holding lists), which the caller refuses naming its field.
 */
export function listValues(raw: unknown): string[] | null {
  if (raw === undefined || raw === null || raw === '') return [];
  const items = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : typeof raw === 'number' ? [raw] : null;
  if (!items || !items.every((item) => item === null || typeof item === 'string' || typeof item === 'number')) return null;
  return items
    .map((item) =>
      String(item ?? '')
        .trim()
        .toLowerCase(),
    )
    .filter(Boolean);
}

/** A value the merchant entered, fit to quote in a message: visible characters only, at most 40 of them. */
export function quoted(value: string): string {
  const visible = value.replace(/[\p{C}]/gu, '?');
  return `"${visible.length > 40 ? `${visible.slice(0, 40)}…` : visible}"`;
}

/**
 * A whole number as Zapier sends an integer field: a number, or its digits as text; blank → `fallback`.
 * Anything else (a list, a set of fields, yes/no, words) is "must be a number" — never coerced
 * (coercing an object calls its own toString/valueOf, which JSON input can replace).
 */
export function wholeNumberInput(z: Zod, { min, max, fallback, minText }: { min: number; max: number; fallback: number; minText: string }) {
  return z.preprocess(
    (value) => {
      if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
      if (typeof value === 'string' && /^\s*[+-]?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
      return value;
    },
    z
      .number({ invalid_type_error: 'must be a number' })
      .int('must be a whole number')
      .min(min, minText)
      .max(max, `must be at most ${max}`)
      .default(fallback),
  );
}
