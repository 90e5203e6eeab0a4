/**
 * The load run (docs/reliability.md): one sandbox seeded with the load shop (orders.ts), first the webhook deliveries
 * (webhook-load.ts) twice — while the sandbox injects `faultRate` of faults, then with every gateway API
 * request failing (the API down while webhooks still arrive) — then the add_tracking calls
 * (tracking-load.ts) at `faultRate`, under Zapier's operation lock and then with it ignored. The faults come from a seeded generator: 429 with Retry-After, 500, 503,
 * a dropped connection, a write applied then dropped, truncated JSON, in equal shares. The generator draws in
 * the order requests arrive, so with concurrent calls the same seed gives the same mix, not always the same
 * calls hit.
 *
 * The hook's read retries (sync/events/retry.ts) run on a budget shortened by HOOK_READ_RETRY_BUDGET_MS to
 * HOOK_RETRY_BUDGET_MS: the same attempts and the same schedule, scaled down (20 s → 1 s: waits of at most 0.2 s instead of 4 s), so that 10,000
 * deliveries against a dead API take minutes, not hours.
 *
 * The app is the dev build (.build/index.js, the same TypeScript compiled by the same compiler as dist/);
 * RELIABILITY_APP=/path/to/index.js runs another build. add_tracking runs on z.cache through the bench's
 * Zapier RPC stand-in, which honours `nx`, so the per-connection lock really locks; deliveries use core's
 * in-memory cache (they take no lock). add_tracking runs twice, under Zapier's operation lock and with it
 * ignored (tracking-load.ts), each from the seed on a fresh connection cache.
 *
 *   loadRun(options?): Promise<LoadResults>
 */
import { join } from 'node:path';
import { appRunner } from '../bench/in-process';
import { REPO_ROOT, resetKeepingTokens } from '../bench/lib';
import type { LockDefinition } from '../test/support/zapier-lock';
import { startZapierRpc } from '../bench/zapier-rpc';
import { startSandbox, type FaultKind, type Sandbox } from '../sandbox/server';
import { loadShop } from './orders';
import { trackingLoad, type TrackingLoadResult } from './tracking-load';
import { prepareWebhookLoad, runWebhookScenario, type WebhookLoadResult } from './webhook-load';

export interface LoadOptions {
  deliveries: number;
  trackingCalls: number;
  faultRate: number;
  faultSeed: number;
  retryRounds: number;
}

export interface LoadResults {
  options: LoadOptions;
  fault_kinds: string[];
  /** The retry budget of a hook perform in this run (Zapier's runtime: 20,000). */
  hook_retry_budget_ms: number;
  /** At `faultRate`, then with the API down. */
  webhooks: WebhookLoadResult[];
  /** Under Zapier's operation lock, then (sandbox back to the seed, a fresh connection cache) with it ignored. */
  tracking: TrackingLoadResult;
  tracking_without_lock: TrackingLoadResult;
}

const DEFAULT_LOAD: LoadOptions = { deliveries: 10_000, trackingCalls: 1_000, faultRate: 0.05, faultSeed: 7, retryRounds: 2 };

const LOAD_APP_PATH = process.env.RELIABILITY_APP ?? join(REPO_ROOT, '.build', 'index.js');

const FAULT_KINDS: FaultKind[] = ['429', '500', '503', 'drop', 'drop_after_apply', 'malformed_json'];
const HOOK_RETRY_BUDGET_MS = 1_000;

/** One rule per kind; rules are tried in turn, so each gets the chance that makes `rate` in all. */
function injectFaults(sandbox: Sandbox, rate: number): void {
  const each = 1 - (1 - rate) ** (1 / FAULT_KINDS.length);
  for (const fault of FAULT_KINDS) sandbox.addFault({ match: {}, fault, probability: each, ...(fault === '429' ? { retryAfter: 2 } : {}) });
}

/** Every request fails, the kinds in equal shares: rule k of n takes 1/(n-k) of what the rules before it left. */
function apiDown(sandbox: Sandbox): void {
  FAULT_KINDS.forEach((fault, k) =>
    sandbox.addFault({ match: {}, fault, probability: 1 / (FAULT_KINDS.length - k), ...(fault === '429' ? { retryAfter: 2 } : {}) }),
  );
}

const rpcCallCount = (rpc: { calls: Record<string, number> }) => Object.values(rpc.calls).reduce((sum, n) => sum + n, 0);

export async function loadRun(options: LoadOptions = DEFAULT_LOAD): Promise<LoadResults> {
  const rpc = await startZapierRpc();
  const shop = loadShop(150, 150);
  const sandbox = await startSandbox({ port: 0, faultSeed: options.faultSeed, seed: shop.seed });
  // With an RPC token core streams its logs: to the stand-in, never to Zapier.
  Object.assign(process.env, sandbox.env, {
    LOGGING_ENDPOINT: rpc.logging_endpoint,
    HOOK_READ_RETRY_BUDGET_MS: String(HOOK_RETRY_BUDGET_MS),
  });
  try {
    // z.cache as Zapier's RPC serves it (honouring nx): each event's once-only marks are real, as on Zapier.
    const hooks = await prepareWebhookLoad(sandbox, appRunner(LOAD_APP_PATH, rpc), () => rpcCallCount(rpc));
    const rate = `${Math.round(options.faultRate * 100)}% faults`;
    const webhooks = [
      await runWebhookScenario(hooks, {
        name: rate,
        total: options.deliveries,
        concurrency: 4,
        faults: () => injectFaults(sandbox, options.faultRate),
      }),
      // Waiting on retries, not on the CPU: more deliveries at once.
      await runWebhookScenario(hooks, { name: 'API down', total: options.deliveries, concurrency: 48, faults: () => apiDown(sandbox) }),
    ];
    injectFaults(sandbox, options.faultRate);
    const trackingOptions = { total: options.trackingCalls, concurrency: 8, retryRounds: options.retryRounds };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { lock } = (require(LOAD_APP_PATH) as { creates: Record<string, { operation: { lock?: LockDefinition } }> }).creates.add_tracking!
      .operation;
    const tracking = await trackingLoad(sandbox, appRunner(LOAD_APP_PATH, rpc), shop, { ...trackingOptions, lock });
    resetKeepingTokens(sandbox); // the seed again, and no faults: the same ones go back in
    injectFaults(sandbox, options.faultRate);
    const rpcWithoutLock = await startZapierRpc();
    try {
      const trackingWithoutLock = await trackingLoad(sandbox, appRunner(LOAD_APP_PATH, rpcWithoutLock), shop, trackingOptions);
      return {
        options,
        fault_kinds: FAULT_KINDS,
        hook_retry_budget_ms: HOOK_RETRY_BUDGET_MS,
        webhooks,
        tracking,
        tracking_without_lock: trackingWithoutLock,
      };
    } finally {
      await rpcWithoutLock.close();
    }
  } finally {
    await sandbox.close();
    await rpc.close();
  }
}
