/**
 * The report's period, in UTC (pure). A daily period starts at midnight; a weekly one on Monday at midnight
 * (ISO weeks). Its id is the start date, `YYYY-MM-DD`, so Zapier's dedupe fires each period's report once.
 *
 *   periodOf(kind, at) → {id, start, end}   `end` is the next period's start (exclusive)
 */
export const PERIODS = ['daily', 'weekly'] as const;
export type PeriodKind = (typeof PERIODS)[number];

export interface Period {
  kind: PeriodKind;
  /** The start date, `YYYY-MM-DD`. */
  id: string;
  /** ISO-8601, UTC: `2026-11-02T00:00:00Z`. */
  start: string;
  end: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

export function periodOf(kind: PeriodKind, at: Date): Period {
  const midnight = Math.floor(at.getTime() / DAY_MS) * DAY_MS;
  // getUTCDay: Sunday 0 … Saturday 6; days since Monday.
  const start = kind === 'weekly' ? midnight - ((new Date(midnight).getUTCDay() + 6) % 7) * DAY_MS : midnight;
  const end = start + (kind === 'weekly' ? 7 : 1) * DAY_MS;
  return { kind, id: iso(start).slice(0, 10), start: iso(start), end: iso(end) };
}
