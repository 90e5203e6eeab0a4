/**
 * Input validation at the edge of an operation (docs/architecture.md#layers), with valibot: bundled into
 * dist/index.js (scripts/bundle.js), and cheap to build and run on a cold start (docs/performance.md). Each
 * operation builds its schema on first use (`checkOnFirstUse`).
 *
 * valibot's `object` runs the schema of a key the input leaves out only when that schema is optional with a
 * default. So each field's schema here starts with `fieldValue()`: a field left out is null, like a blank one,
 * and its checks run on it (a required field says so, a default applies).
 */
import * as v from 'valibot';

/**
 * An operation's inputData before validation: the keys its fields declare (core's `InferInputData`), each
 * value whatever Zapier sent (a number typed into a text field, a list mapped into one) until it is checked.
 */
export type Unchecked<InputData> = { [Key in InputData extends unknown ? keyof InputData : never]?: unknown };

/** Any value of a field; left out of inputData or undefined, null (see above). */
function fieldValue() {
  return v.optional(v.unknown(), null);
}

/** "true"/"yes"/"1" and "false"/"no"/"0" as Zapier sends booleans from text fields; blank → the default. */
export function booleanInput(fallback: boolean) {
  return v.pipe(
    fieldValue(),
    v.transform((value) => {
      if (value === null || value === '') return fallback;
      if (typeof value !== 'string') return value;
      const text = value.trim().toLowerCase();
      if (['true', 'yes', '1', 'y'].includes(text)) return true;
      if (['false', 'no', '0', 'n'].includes(text)) return false;
      return value;
    }),
    v.boolean('must be yes or no'),
  );
}

/**
 * One line of text as Zapier may send it: a string, or a number typed into a text field (1001 → "1001").
 * Trimmed; blank → undefined. Refused with a message saying what to enter: a list, a set of fields, yes/no,
 * NaN or Infinity; text over `max` characters; control characters or broken unicode (a lone surrogate).
 *
 * One transform rather than a chain of schemas: the same checks in the same order, but fewer objects to
 * build and steps to run, which every tracking action pays on its cold start (bench/).
 */
export function textInput(max: number) {
  return v.pipe(
    fieldValue(),
    v.rawTransform(({ dataset: { value }, addIssue, NEVER }): string | undefined => {
      const problem = textProblem(value, max);
      if (problem === undefined) return value === null ? undefined : `${value as string | number}`.trim() || undefined;
      addIssue({ message: problem });
      return NEVER;
    }),
  );
}

/** `textInput` that must not be blank. */
export function requiredTextInput(max: number) {
  return v.pipe(textInput(max), v.string('is required'));
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
 * Tracking numbers as Zapier may send them: text, a number from a spreadsheet (its digits) and, with `list`,
 * a list of those (mapped line items), one a line. Blank → null; anything else is refused with `message`.
 */
export function trackingNumbersInput(list: boolean, message: string) {
  return v.pipe(
    fieldValue(),
    v.rawTransform(({ dataset: { value }, addIssue, NEVER }): string | null => {
      if (value === null) return null;
      // Spread: a hole in the list is undefined, and refused like it.
      const values = list && Array.isArray(value) ? [...(value as unknown[])] : [value];
      if (values.every((item) => typeof item === 'string' || (typeof item === 'number' && Number.isFinite(item)))) return values.join('\n');
      addIssue({ message });
      return NEVER;
    }),
  );
}

const isSetOfFields = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A set of fields (a line item), each checked by its entry; anything else (a list too) is refused with `message`. */
export function fieldsInput<const Entries extends v.ObjectEntries>(entries: Entries, message: string) {
  return v.pipe(v.custom<Record<string, unknown>>(isSetOfFields, message), v.object(entries));
}

/** A line-item field: a list, each item checked by `item`; blank → []; anything but a list is refused with `message`. */
export function listInput<Item extends v.GenericSchema>(item: Item, message: string) {
  return v.pipe(
    fieldValue(),
    v.nullable(v.array(item, message)),
    v.transform((items) => items ?? []),
  );
}

/**
 * Pairs of a name and a value (a dictionary field), each value checked by `value`; anything but a set of
 * fields is refused with `message`. Not valibot's `record`: it skips the names "__proto__", "constructor" and
 * "prototype" unchecked, and a value under them is checked here like any other.
 */
export function pairsInput<Output>(value: v.GenericSchema<unknown, Output>, message: string) {
  return v.pipe(
    v.custom<Record<string, unknown>>(isSetOfFields, message),
    v.rawTransform(({ dataset: { value: input }, addIssue, NEVER }) => {
      const pairs: Record<string, Output> = {};
      for (const name in input) {
        const checked = v.safeParse(value, input[name]);
        if (!checked.success) {
          addIssue({ message: checked.issues[0].message });
          return NEVER;
        }
        // Checked, never set: "__proto__" would replace the object's prototype.
        if (name !== '__proto__') pairs[name] = checked.output;
      }
      return pairs;
    }),
  );
}

/**
 * The check of an operation's input against the schema `build` makes, built on its first call (once per
 * process): an operation that never validates pays nothing for it on a cold start.
 */
export function checkOnFirstUse<Schema extends v.GenericSchema>(build: () => Schema): (input: unknown) => v.SafeParseResult<Schema> {
  let schema: Schema | undefined;
  return (input) => v.safeParse((schema ??= build()), input);
}

/** The keys from the input to an issue: ['items', 1, 'sku'], for a message that names the field (and the line). */
export function issuePath(issue: v.BaseIssue<unknown>): Array<string | number> {
  return issue.path?.map((item) => item.key as string | number) ?? [];
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
export function wholeNumberInput({ min, max, fallback, minText }: { min: number; max: number; fallback: number; minText: string }) {
  return v.pipe(
    fieldValue(),
    v.transform((value) => {
      if (value === null || (typeof value === 'string' && value.trim() === '')) return fallback;
      if (typeof value === 'string' && /^\s*[+-]?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
      return value;
    }),
    v.number('must be a number'),
    v.integer('must be a whole number'),
    v.minValue(min, minText),
    v.maxValue(max, `must be at most ${max}`),
  );
}
