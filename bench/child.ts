/**
 * One fresh Node process running one app method the way Zapier's Lambda does: `zapierwrapper.js` is
 * `zapier.createAppHandler(appPath)`, and the handler requires the app on its first event. The only
 * difference from the Lambda is z.cache: core's own in-memory one (`zcacheTestObj`, as createAppTester
 * uses), or, with `rpc`, the bench's stand-in for Zapier's RPC (zapier-rpc.ts) shared by processes.
 *
 *   node child.js '<ChildJob JSON>'  →  prints one line of ChildResult JSON, exits 0 (1 on failure)
 *
 * Times are `performance.now()`, i.e. milliseconds since this process started, Node's own boot included.
 * With `traceRequires`, every module load is timed and its self time charged to its package
 * (`node_modules/<pkg>`, or the app file), to show what sits on the cold path.
 */
import Module from 'node:module';
import { GCProfiler } from 'node:v8';
import { relative, sep } from 'node:path';
import { watchCoreCompiles } from './core-compiles';

export interface ChildJob {
  appPath: string;
  /** e.g. `creates.add_tracking.operation.perform` */
  method: string;
  bundle: Record<string, unknown>;
  traceRequires?: boolean;
  /** Runs the method this many times in this process (a warm Lambda); default 1. */
  repeat?: number;
  /** Zapier RPC (z.cache shared between processes, zapier-rpc.ts); else core's in-memory cache. */
  rpc?: { rpc_base: string; token: string };
  /** Records the JS heap in use when core is loaded and when the method is done (see ChildResult.heapAllocatedMb). */
  measureHeap?: boolean;
}

export interface ChildResult {
  /** Process start → core loaded → app loaded → method completed (ms since process start; the last run's results). */
  coreLoadedMs: number;
  appLoadedMs: number;
  doneMs: number;
  /** CPU time this process used up to the result (user + system, ms): the work done, whatever else the machine runs. */
  cpuMs: number;
  /**
   * Where the time from app loaded to result went (ms, the last run): core compiling the app definition
   * (its prepareApp, twice per invocation), and the method's own function (its requests' waits included).
   * The rest is core's middleware, logging and request client around them.
   */
  compileMs: number;
  methodMs: number;
  /** Peak resident set size of this process (MB). */
  maxRssMb: number;
  results: unknown;
  /** Self time (ms) and module count per package, when traceRequires was set. */
  requires?: Record<string, { ms: number; modules: number }>;
  /**
   * With `measureHeap`: JS heap allocated from core loaded to the method done (MB), i.e. the app's load and
   * run. Only a count when no GC ran in between (the caller defers it: --min/max-semi-space-size); null if
   * one did, as the heap then shrank.
   */
  heapAllocatedMb?: number | null;
}

type LoadFn = (request: string, parent: NodeJS.Module | undefined, isMain: boolean) => unknown;

/** Charges each module load's self time to the package (or app file) it belongs to. */
function traceRequires(root: string): Record<string, { ms: number; modules: number }> {
  const byPackage: Record<string, { ms: number; modules: number }> = {};
  const moduleInternals = Module as unknown as { _load: LoadFn; _resolveFilename(request: string, parent: unknown): string };
  const originalLoad = moduleInternals._load;
  const childTime: number[] = [];
  const seen = new Set<string>();
  const ownerOf = (file: string): string => {
    const at = file.lastIndexOf(`${sep}node_modules${sep}`);
    if (at < 0) return file.startsWith(root) ? relative(root, file) : file;
    const parts = file.slice(at + 14).split(sep);
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  };
  moduleInternals._load = function (request, parent, isMain) {
    let file: string;
    try {
      file = moduleInternals._resolveFilename(request, parent);
    } catch {
      return originalLoad.call(this, request, parent, isMain);
    }
    if (seen.has(file) || !file.includes(sep)) return originalLoad.call(this, request, parent, isMain);
    seen.add(file);
    childTime.push(0);
    const started = performance.now();
    try {
      return originalLoad.call(this, request, parent, isMain);
    } finally {
      const total = performance.now() - started;
      const children = childTime.pop()!;
      if (childTime.length) childTime[childTime.length - 1]! += total;
      const owner = ownerOf(file);
      const entry = (byPackage[owner] ??= { ms: 0, modules: 0 });
      entry.ms += total - children;
      entry.modules += 1;
    }
  };
  return byPackage;
}

/**
 * Times core's compiles of the definition and the method's own function, from here on. Core calls the method
 * through the definition object this process required, so wrapping it in place sees every call.
 */
function timePhases(app: Record<string, unknown>, method: string): { compileMs: number; methodMs: number } {
  const phases = { compileMs: 0, methodMs: 0 };
  watchCoreCompiles((ms) => (phases.compileMs += ms));
  const path = method.split('.');
  const owner = path.slice(0, -1).reduce<Record<string, unknown>>((at, key) => at[key] as Record<string, unknown>, app);
  const name = path[path.length - 1]!;
  const perform = owner[name] as (...args: unknown[]) => Promise<unknown>;
  owner[name] = async (...args: unknown[]) => {
    const started = performance.now();
    try {
      return await perform(...args);
    } finally {
      phases.methodMs += performance.now() - started;
    }
  };
  return phases;
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '') as ChildJob;
  const requires = job.traceRequires ? traceRequires(process.cwd()) : undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const zapier = require('zapier-platform-core') as {
    createAppHandler(appPath: string): (event: unknown) => Promise<{ results: unknown }>;
  };
  const coreLoadedMs = performance.now();
  const heapAtCoreLoaded = job.measureHeap ? process.memoryUsage().heapUsed : 0;
  // Reports the collections synchronously on stop(); a PerformanceObserver's gc entries arrive only later.
  const gcProfiler = job.measureHeap ? new GCProfiler() : undefined;
  gcProfiler?.start();
  // What the handler does on its first event (create-lambda-handler.js loadApp); timed apart here.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the build under test is named at run time, as Zapier's wrapper loads it
  const app = require(job.appPath) as Record<string, unknown>;
  const appLoadedMs = performance.now();
  const phases = timePhases(app, job.method);
  const handler = zapier.createAppHandler(job.appPath);
  const cache = job.rpc ?? { zcacheTestObj: {} };
  let output = await handler({ command: 'execute', method: job.method, bundle: job.bundle, ...cache });
  for (let run = 1; run < (job.repeat ?? 1); run += 1)
    output = await handler({ command: 'execute', method: job.method, bundle: job.bundle, ...cache });
  const doneMs = performance.now();
  const cpu = process.cpuUsage();
  const result: ChildResult = {
    coreLoadedMs,
    appLoadedMs,
    doneMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    compileMs: phases.compileMs,
    methodMs: phases.methodMs,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    results: output.results,
    requires,
  };
  if (job.measureHeap) {
    const allocated = process.memoryUsage().heapUsed - heapAtCoreLoaded;
    const collections = gcProfiler?.stop()?.statistics.length ?? 0;
    result.heapAllocatedMb = allocated > 0 && collections === 0 ? allocated / 1024 / 1024 : null;
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.name}: ${error.message}\n`);
  process.exit(1);
});
