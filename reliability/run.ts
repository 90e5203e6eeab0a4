/**
 * `npm run reliability` (after `npm run build:dev`): the whole jest suite with RELIABILITY_FIGURES set (the
 * reliability suites and the suite-wide secret scan record their counts there) and, beside it in its own
 * process, the load run (load.ts, load-child.ts); printed as one Markdown table (docs/reliability.md) and its
 * short form (README.md's Reliability section), and written to reliability/results.json. Jest runs one
 * worker on a 2-core machine, so the load takes the other core; `--sequential` runs the load after jest
 * instead (cleaner timings, about twice as long).
 *
 *   node .build/reliability/run.js [--out FILE] [--skip-jest] [--sequential]
 *
 * Exits 1 when jest fails, when anything is duplicated or lost, a forgery was not rejected, or a secret
 * was found (table.ts problemsWith).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, round } from '../bench/lib';
import type { ReliabilityFigure } from '../test/reliability/figures';
import type { LoadResults } from './load';
import { loadRows, problemsWith, renderSummary, renderTable, sumFigures, type ReliabilityResults } from './table';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

/** Runs `node args…` in the repository, its output passing through; resolves with its exit code and seconds. */
function runNode(args: string[], env: Record<string, string> = {}): Promise<{ exit_code: number; seconds: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ exit_code: code ?? (signal ? 1 : 0), seconds: seconds(started) }));
  });
}

/** The suite as `npm test` runs it (jest's own output passes through), recording into `folder`. */
const runJest = (folder: string) => runNode([join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js')], { RELIABILITY_FIGURES: folder });

/** The load run in its own process (load-child.ts). */
async function runLoad(folder: string): Promise<{ load: LoadResults | null; seconds: number; problem?: string }> {
  const out = join(folder, 'load-results.out');
  const run = await runNode([join(__dirname, 'load-child.js'), out]);
  if (run.exit_code !== 0) return { load: null, seconds: run.seconds, problem: `load run exited with ${run.exit_code}` };
  return { load: JSON.parse(readFileSync(out, 'utf8')) as LoadResults, seconds: run.seconds };
}

function readFigures(folder: string): ReliabilityFigure[] {
  let files: string[] = [];
  try {
    files = readdirSync(folder).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  return files.map((f) => JSON.parse(readFileSync(join(folder, f), 'utf8')) as ReliabilityFigure);
}

const seconds = (since: number) => round((performance.now() - since) / 1000, 1);

async function main(): Promise<void> {
  const started = performance.now();
  const out = option('out') ?? join(REPO_ROOT, 'reliability', 'results.json');
  const results: ReliabilityResults = {
    measured_at: new Date().toISOString(),
    machine: {
      node: process.version,
      cpus: cpus().length,
      cpu_model: cpus()[0]?.model ?? 'unknown',
      load_average_at_start: loadavg().map((l) => round(l, 2)),
    },
    duration_seconds: 0,
    jest: { exit_code: 0, seconds: 0 },
    load_seconds: null,
    load_mode: process.argv.includes('--sequential') ? 'after jest' : 'beside jest',
    rows: [],
    load: null,
    problems: [],
  };

  const folder = mkdtempSync(join(tmpdir(), 'reliability-figures-'));
  try {
    process.stderr.write('reliability: jest (the whole suite, recording figures) and the load run…\n');
    const jest = process.argv.includes('--skip-jest') ? Promise.resolve(results.jest) : runJest(folder);
    const load = process.argv.includes('--sequential') ? jest.then(() => runLoad(folder)) : runLoad(folder);
    const [jestRun, loadRun] = await Promise.all([jest, load]);
    results.jest = jestRun;
    results.rows = sumFigures(readFigures(folder));
    results.load = loadRun.load;
    results.load_seconds = loadRun.seconds;
    if (loadRun.load) results.rows.push(...loadRows(loadRun.load));
    if (loadRun.problem) results.problems.push(loadRun.problem);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }

  results.problems.unshift(
    ...(results.jest.exit_code ? [`jest exited with ${results.jest.exit_code}`] : []),
    ...problemsWith(results.rows),
  );
  results.duration_seconds = seconds(started);
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\n${renderTable(results)}\n\nFor the README:\n\n${renderSummary(results)}\n`);
  process.stderr.write(`reliability: ${results.duration_seconds} s; results in ${out}\n`);
  process.exit(results.problems.length ? 1 : 0);
}

main().catch((error: Error) => {
  process.stderr.write(`reliability failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
