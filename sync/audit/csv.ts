/**
 * The audit's exception list as CSV (pure): RFC 4180 (CRLF line ends; a cell holding a comma, a quote or a
 * line break is quoted, its quotes doubled), safe to open in a spreadsheet.
 *
 *   auditCsv(exceptions), csvCell(value)
 */
import type { AuditException } from './count';

const AUDIT_CSV_COLUMNS = [
  'gateway',
  'order_id',
  'payment_id',
  'created_at',
  'amount',
  'currency',
  'customer_email',
  'problem',
  'dashboard_url',
] as const satisfies ReadonlyArray<keyof AuditException>;

/**
 * A spreadsheet runs a cell that starts with = + - or @ as a formula (CSV injection): such a cell gets a
 * leading apostrophe, which shows it as text. Tab and carriage return count too, as OWASP advises.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | null | undefined): string {
  const text = value ?? '';
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function auditCsv(exceptions: readonly AuditException[]): string {
  const lines = [
    AUDIT_CSV_COLUMNS.join(','),
    ...exceptions.map((row) => AUDIT_CSV_COLUMNS.map((column) => csvCell(row[column])).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
