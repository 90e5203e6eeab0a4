/**
 * The reliability table: the suites' figures (records of one name summed) and the load run's two rows, in
 * Markdown (it goes into docs/reliability.md as is), and the verdict `npm run reliability` exits on.
 *
 *   sumFigures(records): FigureRow[]          loadRows(load): FigureRow[]
 *   problemsWith(rows): string[]              renderTable(results): string
 *   renderSummary(results): string            (the README's short form: the counts that must be 0, per row)
 */
import { markdownTable } from '../bench/markdown';
import type { ReliabilityFigure } from '../test/reliability/figures';
import type { LoadResults } from './load';
import type { TrackingLoadResult } from './tracking-load';
import type { WebhookLoadResult } from './webhook-load';

export interface FigureRow extends ReliabilityFigure {
  /** Records summed into this row (test files or calls that recorded it). */
  records: number;
}

export interface ReliabilityResults {
  measured_at: string;
  machine: { node: string; cpus: number; cpu_model: string; load_average_at_start: number[] };
  duration_seconds: number;
  jest: { exit_code: number; seconds: number };
  load_seconds: number | null;
  load_mode: 'beside jest' | 'after jest';
  rows: FigureRow[];
  load: LoadResults | null;
  problems: string[];
}

const COUNTS = ['tried', 'rejected', 'produced', 'processed', 'failedCorrectly', 'duplicated', 'lost'] as const;

export function sumFigures(records: readonly ReliabilityFigure[]): FigureRow[] {
  const rows = new Map<string, FigureRow>();
  const details = new Map<string, Set<string>>();
  for (const record of records) {
    const row = rows.get(record.name) ?? { name: record.name, tried: 0, records: 0 };
    row.records += 1;
    for (const key of COUNTS) if (record[key] !== undefined) row[key] = (row[key] ?? 0) + record[key];
    if (record.detail) details.set(record.name, (details.get(record.name) ?? new Set()).add(record.detail));
    rows.set(record.name, row);
  }
  for (const [name, set] of details) rows.get(name)!.detail = [...set].join('; ');
  return [...rows.values()].sort((a, b) => a.name.localeCompare(b.name));
}

const list = (counts: Record<string, number>) =>
  Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ') || 'none';

function trackingRow(t: TrackingLoadResult, rate: string, retryRounds: number): FigureRow {
  const lock = t.lock === 'ignored' ? 'Zapier’s lock ignored' : 'under Zapier’s lock';
  return {
    name: `Load · ${t.calls.toLocaleString('en-US')} add_tracking calls, ${rate} faults, ${lock}`,
    records: 1,
    tried: t.calls,
    processed: t.processed,
    failedCorrectly: t.failed_correctly,
    duplicated: t.duplicated,
    lost: t.lost,
    detail:
      `${t.by_kind.first} new (order, number), ${t.by_kind.pair} as identical pairs at once, ${t.by_kind.four} as four numbers on one order at once, ` +
      `${t.by_kind.replay} replays of earlier calls; ${t.waited_for_lock} waited for the lock; faults: ${list(t.faults)}; retried as Zapier would (≤ ${retryRounds}×): ` +
      `${t.retry.completed} of ${t.retry.retried} completed; sandbox state: ${t.missing_in_state.length} claimed numbers missing, ` +
      `${t.duplicates.length} held twice; ${t.writes.stripe_updates} Stripe updates + ${t.writes.paypal_track} PayPal track calls; ${t.seconds} s`,
  };
}

/** One row per webhook scenario: Zapier's rule (one retry after a ThrottledError, none otherwise), nothing redelivered. */
function webhookRow(w: WebhookLoadResult, budgetMs: number): FigureRow {
  const events = Object.values(w.by_event).length ? list(w.by_event) : 'none';
  return {
    name: `Load · ${w.deliveries.toLocaleString('en-US')} signed webhook deliveries, ${w.scenario}`,
    records: 1,
    tried: w.deliveries,
    processed: w.processed,
    duplicated: w.duplicated,
    lost: w.lost,
    detail:
      `${events}, through order_status_changed's perform as Zapier runs a hook (a ThrottledError retried once, nothing redelivered); ` +
      `faults on their gateway requests: ${list(w.faults)}; ${w.from_event} Orders built from the event (details_complete false); ` +
      `Zapier retries: ${w.zapier_retry.retried}; ${w.cache_calls_per_delivery} z.cache calls per delivery; ` +
      `read retries within ${budgetMs} ms (20 s scaled down); ${w.seconds} s`,
  };
}

export function loadRows(load: LoadResults): FigureRow[] {
  const t = load.tracking;
  const rate = `${Math.round(load.options.faultRate * 100)}%`;
  return [
    ...load.webhooks.map((w) => webhookRow(w, load.hook_retry_budget_ms)),
    ...[t, load.tracking_without_lock].filter(Boolean).map((run) => trackingRow(run, rate, load.options.retryRounds)),
  ];
}

/** Why the run fails: anything duplicated or lost, a forgery let through, a secret found, jest red. */
export function problemsWith(rows: readonly FigureRow[]): string[] {
  const problems: string[] = [];
  for (const row of rows) {
    if ((row.duplicated ?? 0) > 0) problems.push(`${row.name}: ${row.duplicated} duplicated`);
    if ((row.lost ?? 0) > 0) problems.push(`${row.name}: ${row.lost} lost`);
    if ((row.produced ?? 0) > 0) problems.push(`${row.name}: ${row.produced} produced where none may be`);
    if (/forg/i.test(row.name) && (row.rejected ?? 0) < row.tried)
      problems.push(`${row.name}: ${row.tried - (row.rejected ?? 0)} forgeries not rejected`);
  }
  return problems;
}

const cell = (value: number | undefined) => (value === undefined ? '–' : value.toLocaleString('en-US'));

function notes(row: FigureRow): string {
  const parts = [row.detail ?? ''];
  if (row.produced !== undefined) parts.push(`${row.produced} produced`);
  if (row.records > 1) parts.push(`${row.records} records summed`);
  return parts.filter(Boolean).join('; ');
}

function verdictLines(r: ReliabilityResults): string[] {
  return r.problems.length
    ? r.problems.map((p) => `FAILED ${p}`)
    : ['Nothing duplicated, nothing lost, every forgery rejected, no secret found.'];
}

export function renderTable(r: ReliabilityResults): string {
  const lines = markdownTable(
    ['Figure', 'Tried', 'Rejected', 'Processed', 'Failed with a correct error', 'Duplicated', 'Lost', 'Notes'],
    r.rows.map((row) => [
      row.name,
      cell(row.tried),
      cell(row.rejected),
      cell(row.processed),
      cell(row.failedCorrectly),
      cell(row.duplicated),
      cell(row.lost),
      notes(row),
    ]),
  );
  const m = r.machine;
  const summary =
    `Measured ${r.measured_at.slice(0, 10)} on ${m.cpus} × ${m.cpu_model}, Node ${m.node}, load average ${m.load_average_at_start.join(' / ')} at start; ` +
    `jest ${r.jest.seconds} s (exit ${r.jest.exit_code}), load ${r.load_seconds ?? 'n/a'} s (${r.load_mode}), ${r.duration_seconds} s in all (build excluded).`;
  return [summary, '', ...lines, '', ...verdictLines(r)].join('\n');
}

/** The same run in short, for the README: per row what was tried and the counts that must stay 0. */
export function renderSummary(r: ReliabilityResults): string {
  const lines = markdownTable(
    ['Figure', 'Tried', 'Rejected', 'Processed', 'Duplicated', 'Lost'],
    r.rows.map((row) => [row.name, cell(row.tried), cell(row.rejected), cell(row.processed), cell(row.duplicated), cell(row.lost)]),
  );
  return [
    `\`npm run reliability\`, ${r.measured_at.slice(0, 10)} (every row explained in [docs/reliability.md](docs/reliability.md)):`,
    '',
    ...lines,
    '',
    ...verdictLines(r),
  ].join('\n');
}
