/**
 * Checks that a Zapier app definition is valid and well styled, over whatever operations it has.
 * Each check returns a list of problems (empty = fine), so it can be proven on bad definitions too.
 * Rules: zapier-platform-schema, and Zapier's integration checks (docs/gateways.md#integration-checks-and-style-rules).
 */
import { compileApp, validateApp } from 'zapier-platform-core/src/tools/schema';
import { recurseCleanFuncs } from 'zapier-platform-core/src/tools/cleaner';
import TriggerSchema from 'zapier-platform-schema/lib/schemas/TriggerSchema';
import CreateSchema from 'zapier-platform-schema/lib/schemas/CreateSchema';
import SearchSchema from 'zapier-platform-schema/lib/schemas/SearchSchema';

type Json = Record<string, any>;
type Kind = 'triggers' | 'creates' | 'searches';

export interface Operation {
  kind: Kind;
  key: string;
  definition: Json;
}

export function operations(app: Json): Operation[] {
  return (['triggers', 'creates', 'searches'] as const).flatMap((kind) =>
    Object.entries((app[kind] ?? {}) as Record<string, Json>).map(([key, definition]) => ({ kind, key, definition })),
  );
}

export const isVisible = (op: Operation) => !op.definition.display?.hidden;

/** The whole app against zapier-platform-schema, as `zapier-platform validate` runs it. */
export function schemaProblems(app: Json): string[] {
  return (validateApp(compileApp(app)) as Array<{ stack?: string; property?: string; message?: string }>).map(
    (e) => e.stack ?? `${e.property} ${e.message}`,
  );
}

const SCHEMAS: Record<Kind, { validate: (value: unknown) => { errors: Array<{ stack: string }> } }> = {
  triggers: TriggerSchema,
  creates: CreateSchema,
  searches: SearchSchema,
};

/** One operation against its own schema: the only place a missing `sample` is caught. */
export function operationSchemaProblems(op: Operation): string[] {
  return SCHEMAS[op.kind].validate(recurseCleanFuncs(op.definition)).errors.map((e) => `${op.key}: ${e.stack}`);
}

const SMALL_WORDS = new Set([
  'a',
  'an',
  'and',
  'as',
  'at',
  'by',
  'for',
  'from',
  'in',
  'into',
  'of',
  'on',
  'or',
  'per',
  'the',
  'to',
  'with',
  'vs',
]);

export function titleCaseProblems(label: string | undefined, where: string): string[] {
  if (!label) return [`${where}: no label`];
  const words = label.split(/\s+/);
  const bad = words.filter((word, i) => {
    const letters = word.replace(/^[("'“]+/, '');
    if (!/^[a-z]/.test(letters)) return false; // capitalised, a number, a symbol or a code
    return i === 0 || !SMALL_WORDS.has(letters.replace(/[^a-z]/g, ''));
  });
  return bad.length ? [`${where}: label "${label}" is not Title Case (${bad.join(', ')})`] : [];
}

const DESCRIPTION_START: Record<Kind, RegExp> = { triggers: /^Triggers when /, creates: /^Creates an? /, searches: /^Finds an? / };

export function styleProblems(op: Operation): string[] {
  const problems: string[] = [];
  const where = `${op.kind}.${op.key}`;
  const display = op.definition.display ?? {};
  if (display.hidden) return problems;
  problems.push(...titleCaseProblems(display.label, where));
  const description: string = display.description ?? '';
  if (!DESCRIPTION_START[op.kind].test(description))
    problems.push(`${where}: description must start "${DESCRIPTION_START[op.kind].source.slice(1)}"`);
  if (!description.endsWith('.')) problems.push(`${where}: description must end with a period`);
  for (const field of staticFields(op.definition.operation?.inputFields)) {
    if (field.label) problems.push(...titleCaseProblems(field.label, `${where}.inputFields.${field.key}`));
  }
  for (const field of op.definition.operation?.outputFields ?? []) {
    if (field.label) problems.push(...titleCaseProblems(field.label, `${where}.outputFields.${field.key}`));
  }
  return problems;
}

function staticFields(fields: unknown): Json[] {
  return Array.isArray(fields) ? fields.filter((f): f is Json => typeof f === 'object' && f !== null) : [];
}

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const LOOKS_LIKE_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2})?/;
/** A calendar date alone (e.g. a period's id) has no time, so no zone to carry; a datetime field is still checked by type. */
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

const TYPE_CHECKS: Record<string, (value: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  text: (v) => typeof v === 'string',
  integer: (v) => Number.isInteger(v),
  number: (v) => typeof v === 'number',
  boolean: (v) => typeof v === 'boolean',
  datetime: (v) => typeof v === 'string' && ISO_WITH_ZONE.test(v),
};

/** D024 and D023: the sample has every output field with the declared type, and dates carry a zone. */
export function sampleProblems(op: Operation): string[] {
  const problems: string[] = [];
  const where = `${op.kind}.${op.key}`;
  const sample = op.definition.operation?.sample as Json | undefined;
  const outputFields = (op.definition.operation?.outputFields ?? []) as Json[];
  if (!sample) return isVisible(op) ? [`${where}: no sample`] : [];
  for (const field of outputFields) {
    if (typeof field !== 'object' || !field.key) continue;
    const path = String(field.key).split('[]')[0]!.split('__');
    let value: unknown = sample;
    for (const part of path) value = value === null || value === undefined ? undefined : (value as Json)[part];
    if (value === undefined) {
      problems.push(`${where}: sample lacks output field "${field.key}"`);
    } else if (field.list && !Array.isArray(value)) {
      problems.push(`${where}: sample "${field.key}" is not a list (${JSON.stringify(value)})`);
    } else if (
      value !== null &&
      field.type &&
      !String(field.key).includes('[]') &&
      TYPE_CHECKS[field.type] &&
      // A list field (`list: true`) holds values of its type.
      !(field.list ? (value as unknown[]) : [value]).every((item) => TYPE_CHECKS[field.type]!(item))
    ) {
      problems.push(`${where}: sample "${field.key}" is not a ${field.type} (${JSON.stringify(value)})`);
    }
  }
  const declared = new Set(outputFields.map((f) => String(f.key).split(/__|\[\]/)[0]));
  for (const key of Object.keys(sample)) {
    if (!declared.has(key)) problems.push(`${where}: sample key "${key}" has no output field (label)`);
  }
  walk(sample, (value, path) => {
    if (typeof value === 'string' && LOOKS_LIKE_DATE.test(value) && !ISO_WITH_ZONE.test(value) && !CALENDAR_DATE.test(value)) {
      problems.push(`${where}: sample ${path} is not ISO-8601 with a time zone (${value})`);
    }
  });
  return problems;
}

/** D007: every URL in the definition is HTTPS. */
export function insecureUrlProblems(app: Json): string[] {
  const problems: string[] = [];
  walk(recurseCleanFuncs(app), (value, path) => {
    if (typeof value === 'string' && /\bhttp:\/\//.test(value)) problems.push(`${path}: ${value}`);
  });
  return problems;
}

/** D002: every auth field explains itself with a Markdown link. */
export function authFieldProblems(app: Json): string[] {
  return ((app.authentication?.fields ?? []) as Json[]).flatMap((field) =>
    /\[[^\]]+\]\(https:\/\/[^)]+\)/.test(field.helpText ?? '')
      ? []
      : [`authentication.fields.${field.key}: helpText needs a Markdown link`],
  );
}

function walk(value: unknown, visit: (value: unknown, path: string) => void, path = '$'): void {
  visit(value, path);
  if (Array.isArray(value)) value.forEach((item, i) => walk(item, visit, `${path}[${i}]`));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, visit, `${path}.${k}`);
}
