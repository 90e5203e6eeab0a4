/**
 * One Tracking Audit Report over 1,000 paid orders (split between the gateways, or all on PayPal, the slower
 * one: one order read per payment), the sandbox adding 200 ms to every call, in a fresh process: the perform's
 * wall time (the app already loaded), the requests it made and the process's peak RSS. Zapier gives a poll 30 s.
 *
 *   auditReport(latencyMs, {stripe, paypal}): Promise<AuditBenchResult>
 */
import { loadShop } from '../reliability/orders';
import { startSandbox } from '../sandbox/server';
import { APP_PATH, bothAuth, round, runChild } from './lib';

export interface AuditBenchResult {
  orders: { stripe: number; paypal: number };
  latency_ms: number;
  seconds: number;
  requests: number;
  /** Requests × latency ÷ wall time: how many calls were in flight on average. */
  effective_concurrency: number;
  peak_rss_mb: number;
  /** What the report counted: every seeded paid order must be in it. */
  paid_counted: number;
  calls: Record<string, number>;
}

export async function auditBench(latencyMs: number, count: { stripe: number; paypal: number }): Promise<AuditBenchResult> {
  const shop = loadShop(count.stripe, count.paypal);
  // Paid over the last 12 days, so the window holds them all and most are past the minimum age.
  const spread = <T extends { ageHours: number }>(orders: T[]) => orders.map((o, i) => ({ ...o, ageHours: 1 + (i % 288) }));
  // The generated orders only (loadShop puts the sandbox's own seed first).
  const generated = <T>(all: T[], n: number) => (n === 0 ? [] : all.slice(-n));
  const seed = { stripe: spread(generated(shop.seed.stripe, count.stripe)), paypal: spread(generated(shop.seed.paypal, count.paypal)) };
  const sandbox = await startSandbox({ port: 0, latencyMs, seed });
  try {
    const bundle = { authData: bothAuth(sandbox), inputData: { period: 'daily', lookback_days: 14, min_age_hours: 24 } };
    const run = await runChild({ appPath: APP_PATH, method: 'triggers.tracking_audit.operation.perform', bundle }, sandbox.env);
    const stats = sandbox.stats();
    const seconds = (run.doneMs - run.appLoadedMs) / 1000;
    const [report] = run.results as Array<{ total: { paid: number } }>;
    return {
      orders: count,
      latency_ms: latencyMs,
      seconds: round(seconds, 2),
      requests: stats.total,
      effective_concurrency: round((stats.total * latencyMs) / 1000 / seconds, 1),
      peak_rss_mb: round(run.maxRssMb, 1),
      paid_counted: report?.total.paid ?? 0,
      calls: stats.byOperation,
    };
  } finally {
    await sandbox.close();
  }
}
