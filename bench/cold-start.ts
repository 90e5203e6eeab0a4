/**
 * Cold start: the built app (dist/) in a fresh Node process running one `add_tracking` to completion,
 * ÷ the bare app (bench/bare-app: core alone, the least an add_tracking can do — 1 read + 1 write on the
 * same gateway, a PayPal token from z.cache) doing the same order and number.
 * Paired runs in alternating order, sandbox reset before each run so every run does the same work;
 * one discarded warm-up pair first (so the OS file cache is warm for both). The ratio is the median of
 * the per-pair ratios, with their spread (quartiles, min and max); the medians of each side are reported too.
 *
 * Then one traced run of each (child.ts traceRequires): the packages and app files the app loads that
 * the bare app does not, by self time — what to make lazy if the ratio is high. And one run of each with
 * GC deferred, counting the JS heap each allocates: most of what the app adds past its own code is GC
 * (one more young-generation collection, promoting what core and the app loaded), and the count shows
 * it without the machine's noise.
 *
 * A scenario with `zapierRpc` runs both apps with z.cache over the bench's stand-in for Zapier's RPC
 * (zapier-rpc.ts), and core streaming its logs, as on Zapier: every z.cache call is a round trip, and
 * cache entries outlive the process (the PayPal token minted by the warm-up pair is read, not minted).
 * That is the end-to-end figure: one action as Zapier runs it ÷ the minimum (bare core, token cached,
 * 1 read + 1 write). No traced or heap runs for those: they would repeat the in-memory scenario's.
 * With `gatewayLatency` as well, both run against a sandbox that takes 200 ms per call, as the bench's other
 * timed rows model the gateways (docs/performance.md): the time a merchant's step takes, where against the 1 ms
 * sandbox the ratio is a second cold-start figure. Zapier's RPC latency has no source here and is not modelled
 * (the z.cache calls are counted instead: 0–2 per action).
 *
 *   coldStart(sandbox, scenarios, pairs): Promise<ColdStartResult[]>
 */
import type { Sandbox } from '../sandbox/server';
import type { ChildJob, ChildResult } from './child';
import type { ZapierRpc } from './zapier-rpc';
import { APP_PATH, BARE_APP_PATH, GC_DEFERRED, median, quantile, round, runChild, stripeAuth, resetKeepingTokens } from './lib';

export interface ColdStartScenario {
  name: string;
  method: string;
  bundle: Record<string, unknown>;
  /** z.cache over this RPC stand-in for both apps, as on Zapier; else core's in-memory cache, fresh in each process. */
  zapierRpc?: ZapierRpc;
  /**
   * Runs both apps against this sandbox instead, which adds `ms` to every gateway call (the bench's timed rows
   * model 200 ms); else the caller's sandbox, which answers at once. Credentials are the same in both.
   */
  gatewayLatency?: { sandbox: Sandbox; ms: number };
}

export interface ColdStartResult {
  scenario: string;
  zcache: 'in-memory' | 'rpc';
  /** Added to every gateway call by the sandbox (ms): 0, or the 200 ms the bench's timed rows model. */
  latency_ms: number;
  pairs: number;
  ratio: number;
  /** The per-pair ratios' spread: quartiles and extremes. */
  ratio_q1: number;
  ratio_q3: number;
  ratio_min: number;
  ratio_max: number;
  /**
   * The same pairs' CPU time (user + system, process start → result), median of the per-pair ratios: what the
   * app adds in work, which the machine's load does not move as it moves the wall-clock ratio.
   */
  cpu_ratio: number;
  app_ms_median: number;
  bare_ms_median: number;
  app_core_loaded_ms_median: number;
  app_loaded_ms_median: number;
  app_max_rss_mb: number;
  bare_max_rss_mb: number;
  /**
   * JS heap allocated from core loaded to result, in one more run of each with GC deferred: a count, not a
   * time, so it does not move with the machine's load. What the app allocates decides how much GC its cold
   * start pays (null if a GC ran anyway).
   */
  app_heap_allocated_mb: number | null;
  bare_heap_allocated_mb: number | null;
  /**
   * What the app adds over the bare app, by phase: medians over the pairs of app − bare (ms) for loading the
   * definition, core compiling it (twice per invocation), the method's own function, and the rest of the
   * invocation (core's middleware, logging, request client). Their sum is near, not equal to, the medians' gap.
   * `method` is null where the two run different methods (a webhook delivery against the bare app's create).
   */
  added_ms: { load: number; compile: number; method: number | null; rest: number };
  /** Loaded by the app and not by the bare app, by self time (ms), biggest first. */
  extra_on_cold_path: Array<{ module: string; ms: number; modules: number }>;
}

const BARE_METHOD = 'creates.add_tracking.operation.perform';
/**
 * The bare app's one create on the scenario's own order and number when the scenario is an add_tracking;
 * else (a webhook delivery) a Stripe PaymentIntent read + write.
 */
const bareBundle = (sandbox: Sandbox, scenario: ColdStartScenario) =>
  scenario.method === BARE_METHOD
    ? scenario.bundle
    : { authData: stripeAuth(sandbox), inputData: { order: 'pi_3SbxShip0000000001', tracking_number: '1Z999AA10123456784' } };

async function pair(
  defaultSandbox: Sandbox,
  scenario: ColdStartScenario,
  appFirst: boolean,
  measureHeap = false,
): Promise<{ app: ChildResult; bare: ChildResult }> {
  const sandbox = scenario.gatewayLatency?.sandbox ?? defaultSandbox;
  const nodeArgs = measureHeap ? GC_DEFERRED : [];
  const { zapierRpc } = scenario;
  const rpc: Partial<ChildJob> = zapierRpc ? { rpc: { rpc_base: zapierRpc.rpc_base, token: zapierRpc.token } } : {};
  const env = zapierRpc ? { ...sandbox.env, LOGGING_ENDPOINT: zapierRpc.logging_endpoint } : sandbox.env;
  const runApp = () => {
    resetKeepingTokens(sandbox);
    // The same order in the same state each run: let the last run's write claim (10 s) lapse, as between real orders.
    zapierRpc?.advanceSeconds(60);
    return runChild({ appPath: APP_PATH, method: scenario.method, bundle: scenario.bundle, measureHeap, ...rpc }, env, nodeArgs);
  };
  const runBare = () => {
    resetKeepingTokens(sandbox);
    return runChild(
      { appPath: BARE_APP_PATH, method: BARE_METHOD, bundle: bareBundle(sandbox, scenario), measureHeap, ...rpc },
      env,
      nodeArgs,
    );
  };
  if (appFirst) {
    const app = await runApp();
    return { app, bare: await runBare() };
  }
  const bare = await runBare();
  return { app: await runApp(), bare };
}

async function extraOnColdPath(sandbox: Sandbox, scenario: ColdStartScenario): Promise<ColdStartResult['extra_on_cold_path']> {
  resetKeepingTokens(sandbox);
  const app = await runChild({ appPath: APP_PATH, method: scenario.method, bundle: scenario.bundle, traceRequires: true }, sandbox.env);
  resetKeepingTokens(sandbox);
  const bare = await runChild(
    { appPath: BARE_APP_PATH, method: BARE_METHOD, bundle: bareBundle(sandbox, scenario), traceRequires: true },
    sandbox.env,
  );
  return Object.entries(app.requires ?? {})
    .filter(([module]) => !(module in (bare.requires ?? {})))
    .map(([module, { ms, modules }]) => ({ module, ms: round(ms, 1), modules }))
    .sort((a, b) => b.ms - a.ms);
}

function addedByPhase(
  scenario: ColdStartScenario,
  runs: ReadonlyArray<{ app: ChildResult; bare: ChildResult }>,
): ColdStartResult['added_ms'] {
  const load = (r: ChildResult) => r.appLoadedMs - r.coreLoadedMs;
  const rest = (r: ChildResult) => r.doneMs - r.appLoadedMs - r.compileMs - r.methodMs;
  const added = (phase: (r: ChildResult) => number) => round(median(runs.map(({ app, bare }) => phase(app) - phase(bare))), 1);
  const method = scenario.method === BARE_METHOD ? added((r) => r.methodMs) : null;
  return { load: added(load), compile: added((r) => r.compileMs), method, rest: added(rest) };
}

export async function coldStart(sandbox: Sandbox, scenarios: ColdStartScenario[], pairs: number): Promise<ColdStartResult[]> {
  const results: ColdStartResult[] = [];
  for (const scenario of scenarios) {
    await pair(sandbox, scenario, true); // warm-up, discarded
    const runs: Array<{ app: ChildResult; bare: ChildResult }> = [];
    for (let i = 0; i < pairs; i += 1) runs.push(await pair(sandbox, scenario, i % 2 === 0));
    const extra = scenario.zapierRpc ? [] : await extraOnColdPath(sandbox, scenario);
    const heap = scenario.zapierRpc ? undefined : await pair(sandbox, scenario, true, true);
    const heapMb = (result: ChildResult | undefined) => (result?.heapAllocatedMb == null ? null : round(result.heapAllocatedMb, 2));
    const ratios = runs.map((r) => r.app.doneMs / r.bare.doneMs);
    results.push({
      scenario: scenario.name,
      zcache: scenario.zapierRpc ? 'rpc' : 'in-memory',
      latency_ms: scenario.gatewayLatency?.ms ?? 0,
      pairs,
      ratio: round(median(ratios), 3),
      ratio_q1: round(quantile(ratios, 0.25), 3),
      ratio_q3: round(quantile(ratios, 0.75), 3),
      ratio_min: round(Math.min(...ratios), 3),
      ratio_max: round(Math.max(...ratios), 3),
      cpu_ratio: round(median(runs.map((r) => r.app.cpuMs / r.bare.cpuMs)), 3),
      app_ms_median: round(median(runs.map((r) => r.app.doneMs)), 1),
      bare_ms_median: round(median(runs.map((r) => r.bare.doneMs)), 1),
      app_core_loaded_ms_median: round(median(runs.map((r) => r.app.coreLoadedMs)), 1),
      app_loaded_ms_median: round(median(runs.map((r) => r.app.appLoadedMs)), 1),
      app_max_rss_mb: round(median(runs.map((r) => r.app.maxRssMb)), 1),
      bare_max_rss_mb: round(median(runs.map((r) => r.bare.maxRssMb)), 1),
      added_ms: addedByPhase(scenario, runs),
      app_heap_allocated_mb: heapMb(heap?.app),
      bare_heap_allocated_mb: heapMb(heap?.bare),
      extra_on_cold_path: extra,
    });
  }
  return results;
}
