/**
 * The demo's Tracking Audit Report step: the polling trigger's report (counts per gateway and in total), then
 * what happens when a later Zap step uses `report_csv`: Zapier hands the dehydrated pointer's bundle to the
 * hydrator, which stashes the CSV (here in a local stand-in for Zapier's file stash, file-stash.ts).
 *
 *   auditReportStep(demo, authData, check) → the step's lines and outcome (sandbox/demo.ts runs it as a step)
 */
import type { AuditReport } from '../../triggers/shared/audit-output';
import { startFileStash } from './file-stash';
import { show, table } from './format';

type Record_ = Record<string, unknown>;

interface DemoSteps {
  readonly app: Record_;
  run(path: string, bundle: Record_): Promise<unknown>;
}

type Check = (condition: unknown, reason: string) => asserts condition;

const CSV_HEADER = 'gateway,order_id,payment_id,created_at,amount,currency,customer_email,problem,dashboard_url';
const COUNTS = ['paid', 'tracked', 'untracked', 'refunded_with_live_tracking', 'disputed_without_tracking', 'tracked_percent'] as const;

/** Runs the hydrator a dehydrated file points to, as Zapier does when a step uses the file; returns the stashed file. */
async function hydrate(app: Record_, pointer: string, authData: Record_): Promise<{ url: string; content: string; filename: string }> {
  const { method, bundle } = JSON.parse(pointer.replace(/^hydrate\|\|\|/, '').replace(/\|\|\|hydrate$/, '')) as {
    method: string;
    bundle: Record_;
  };
  const stash = await startFileStash();
  const savedEndpoint = process.env.LOGGING_ENDPOINT;
  process.env.LOGGING_ENDPOINT = stash.logging_endpoint;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const zapier = require('zapier-platform-core') as { createAppHandler(app: unknown): (event: unknown) => Promise<{ results: string }> };
    const handler = zapier.createAppHandler(app);
    const event = { command: 'execute', method, bundle: { authData, inputData: bundle }, rpc_base: stash.rpc_base, token: stash.token };
    const { results: url } = await handler({ ...event, zcacheTestObj: {} });
    const file = stash.files.get(url);
    return { url, content: file?.content ?? '', filename: file?.filename ?? '' };
  } finally {
    if (savedEndpoint === undefined) delete process.env.LOGGING_ENDPOINT;
    else process.env.LOGGING_ENDPOINT = savedEndpoint;
    await stash.close();
  }
}

/** The step's body: runs the report and its hydrator, checks them, and says what Zapier would show. */
export async function auditReportStep(demo: DemoSteps, authData: Record_, check: Check): Promise<{ lines: string[]; outcome: string }> {
  // Minimum age 0 (a Zap would use the default, 24 h) so the orders paid a moment ago count as due too.
  const inputData = { gateways: ['stripe', 'paypal'], period: 'daily', lookback_days: 14, min_age_hours: 0 };
  const items = (await demo.run('triggers.tracking_audit.operation.perform', { authData, inputData })) as AuditReport[];
  check(Array.isArray(items) && items.length === 1, 'the audit fires one item per period');
  const report = items[0]!;
  check(report.id === new Date().toISOString().slice(0, 10), `the daily report's id should be today's date (UTC), got ${report.id}`);
  check(report.total.tracked >= 2, 'the two orders tracked above should count as tracked');
  const rows = (['stripe', 'paypal', 'total'] as const).map((name) => [name, ...COUNTS.map((key) => show(report[name][key]))]);
  const file = await hydrate(demo.app, report.report_csv, authData);
  const csvLines = file.content.split('\r\n').filter(Boolean);
  check(csvLines[0] === CSV_HEADER, `the CSV should start with its header row, got ${JSON.stringify(csvLines[0])}`);
  check(csvLines.length - 1 === report.exceptions_total, `the CSV should hold all ${report.exceptions_total} exceptions`);
  return {
    lines: [
      `  inputs: period=daily lookback_days=14 min_age_hours=0    id: ${report.id} (${report.period_start} → ${report.period_end})`,
      ...table(['', ...COUNTS], rows, '    '),
      `  summary_text:`,
      ...report.summary_text.split('\n').map((line) => `    ${line}`),
      `  summary_html: ${report.summary_html.length} characters of inline-styled HTML for an email body`,
      `  report_csv: a dehydrated file; a later step asks for it → Zapier runs the hydrator → ${file.filename} stashed:`,
      ...csvLines.slice(0, 4).map((line) => `    ${line}`),
      ...(csvLines.length > 4 ? [`    … ${csvLines.length - 4} more row(s)`] : []),
    ],
    outcome: `${report.total.paid} paid, ${report.total.tracked} tracked, ${report.exceptions_total} to check (CSV)`,
  };
}
