/**
 * Plain-text rendering for the demo: one block per step (what Zapier's editor would show for it), aligned
 * key/value lines and tables. No colours, so the output reads the same in a terminal, a CI log and the README.
 *
 *   block(title, subtitle, lines): string      a step's block
 *   keyValues(record, keys?): string[]          `key   value` lines, nulls shown as `—`
 *   table(header, rows): string[]               aligned columns
 *   show(value): string                         one value as Zapier's field view would print it
 *   maskSecrets(value): unknown                 a copy with secret-looking values masked (subscribeData)
 */

const RULE_WIDTH = 78;

export function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value))
    return value.length === 0 ? '[]' : value.map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v))).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint';
  // Zapier results are JSON: a function or symbol never reaches here, and shows as its kind.
  return scalar ? String(value) : typeof value;
}

export function keyValues(record: Record<string, unknown>, keys: readonly string[] = Object.keys(record), indent = '  '): string[] {
  const width = Math.max(0, ...keys.map((k) => k.length));
  return keys.map((key) => `${indent}${key.padEnd(width)}  ${show(record[key])}`);
}

export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>, indent = '  '): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `${indent}${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}`.trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

export function block(title: string, subtitle: string, lines: readonly string[]): string {
  const head = `── ${title} `;
  return [`${head}${'─'.repeat(Math.max(3, RULE_WIDTH - head.length))}`, subtitle ? `  ${subtitle}` : '', ...lines, '']
    .filter((l, i) => i !== 1 || l !== '')
    .join('\n');
}

const SECRET_KEY = /secret|token|password/i;
const SECRET_VALUE = /^(whsec_|sk_|rk_)/;

export function maskSecrets(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskSecrets(v, k)]));
  if (typeof value === 'string' && (SECRET_KEY.test(key) || SECRET_VALUE.test(value))) return '•••• (kept by Zapier, never shown)';
  return value;
}
