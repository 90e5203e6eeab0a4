/**
 * Webhook perform throughput, in its own process (run with --expose-gc): `count` distinct deliveries,
 * each signed the way the gateway signs it, through order_status_changed's perform one after another
 * (as Zapier runs them), on one connection. Heap after a full GC before and after shows any leak.
 *
 *   node --expose-gc webhook-child.js '<WebhookJob JSON>' → one line of WebhookResult JSON
 */
import { signedCopy } from './deliveries';
import { appRunner } from './in-process';

export interface WebhookJob {
  appPath: string;
  gateway: 'stripe' | 'paypal';
  count: number;
  warmup: number;
  authData: Record<string, string>;
  inputData: Record<string, unknown>;
  subscribeData: { stripe_secret?: string; paypal_webhook_id?: string };
  /** One real delivery captured from the sandbox (raw header names). */
  template: { headers: Record<string, string>; body: string };
}

export interface WebhookResult {
  deliveries: number;
  seconds: number;
  per_second: number;
  orders_emitted: number;
  heap_before_mb: number;
  heap_after_mb: number;
  heap_growth_mb: number;
  rss_after_mb: number;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 100) / 100;

function signed(job: WebhookJob, index: number): { headers: Record<string, string>; content: string } {
  return signedCopy(
    job.template,
    job.gateway,
    job.subscribeData,
    job.gateway === 'stripe' ? `evt_bench${String(index).padStart(8, '0')}` : `WH-BENCH-${index}`,
  );
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '') as WebhookJob;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const runner = appRunner(job.appPath);
  const deliver = async (rawRequest: ReturnType<typeof signed>) => {
    const orders = await runner.run<unknown[]>('triggers.order_status_changed.operation.perform', {
      authData: job.authData,
      inputData: job.inputData,
      subscribeData: job.subscribeData,
      rawRequest,
    });
    return orders.length;
  };
  // Signing is the gateway's work: done before the clock starts.
  const deliveries = Array.from({ length: job.count }, (_, i) => signed(job, i));
  for (let i = 0; i < job.warmup; i += 1) await deliver(signed(job, -1 - i));
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  let emitted = 0;
  for (const rawRequest of deliveries) emitted += await deliver(rawRequest);
  const seconds = (performance.now() - started) / 1000;
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  const result: WebhookResult = {
    deliveries: job.count,
    seconds: Math.round(seconds * 100) / 100,
    per_second: Math.round(job.count / seconds),
    orders_emitted: emitted,
    heap_before_mb: mb(heapBefore),
    heap_after_mb: mb(heapAfter),
    heap_growth_mb: mb(heapAfter - heapBefore),
    rss_after_mb: mb(process.memoryUsage().rss),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.name}: ${error.message}\n`);
  process.exit(1);
});
