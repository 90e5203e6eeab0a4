/**
 * One add_tracking with 50 tracking numbers on one PayPal order, the sandbox adding 200 ms to every call,
 * in a fresh process: the perform's wall time (the app already loaded) and the process's peak RSS.
 * Zapier gives a step 30 s; the app must write in bounded parallel, not one call after another
 * (50 × 200 ms = 10 s) nor all at once (PayPal's rate limits).
 *
 *   fiftyParcels(latencyMs): Promise<FiftyParcelsResult>
 */
import { startSandbox } from '../sandbox/server';
import { APP_PATH, paypalAuth, round, runChild } from './lib';
import { upsNumbers } from './tracking-numbers';

export interface FiftyParcelsResult {
  numbers: number;
  latency_ms: number;
  seconds: number;
  peak_rss_mb: number;
  requests: number;
  /** Requests × latency ÷ wall time: how many calls were in flight on average. */
  effective_concurrency: number;
  added: number;
  calls: Record<string, number>;
}

export async function fiftyParcels(latencyMs: number, count = 50): Promise<FiftyParcelsResult> {
  const sandbox = await startSandbox({ port: 0, latencyMs });
  try {
    const numbers = upsNumbers(count);
    const bundle = {
      authData: paypalAuth(sandbox),
      inputData: { order: '5O190127TN364715T', tracking_number: numbers.join('\n'), carrier: 'UPS' },
    };
    const run = await runChild({ appPath: APP_PATH, method: 'creates.add_tracking.operation.perform', bundle }, sandbox.env);
    const stats = sandbox.stats();
    const seconds = (run.doneMs - run.appLoadedMs) / 1000;
    const trackings = (run.results as { trackings?: Array<{ result: string }> }).trackings ?? [];
    return {
      numbers: count,
      latency_ms: latencyMs,
      seconds: round(seconds, 2),
      peak_rss_mb: round(run.maxRssMb, 1),
      requests: stats.total,
      effective_concurrency: round((stats.total * latencyMs) / 1000 / seconds, 1),
      added: trackings.filter((t) => t.result === 'added').length,
      calls: stats.byOperation,
    };
  } finally {
    await sandbox.close();
  }
}
