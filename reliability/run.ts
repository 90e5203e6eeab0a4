/**
 * `npm run reliability` (after `npm run build:dev`): the whole jest suite with RELIABILITY_FIGURES set (the
 * issue-7 suites and the suite-wide secret scan record their counts there), then the load run (load.ts),
 * printed as one Markdown table and written to reliability/results.json.
 *
 *   node .build/reliability/run.js [--out FILE] [--skip-jest]
 *
 * Exits 1 when jest fails, when anything is duplicated or lost, a forgery was not rejected, or a secret
 * was found (table.ts problemsWith).
 */
// Core prints a memory line per call unless it believes it is under test (the load runs the app in process).
process.env.NODE_ENV = 'test';

import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, round } from '../bench/lib';
import type { ReliabilityFigure } from '../test/reliability/figures';
import { loadRun } from './load';
import { loadRows, problemsWith, renderTable, sumFigures, type ReliabilityResults } from './table';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

/** The suite as `npm test` runs it (jest's own output passes through), recording into `folder`. */
function runJest(folder: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const jest = spawn(process.execPath, [join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js')], {
      cwd: REPO_ROOT,
      env: { ...process.env, RELIABILITY_FIGURES: folder },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    jest.on('error', reject);
    jest.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
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
    machine: { node: process.version, cpus: cpus().length, cpu_model: cpus()[0]?.model ?? 'unknown', load_average_at_start: loadavg().map((l) => round(l, 2)) },
    duration_seconds: 0,
    jest: { exit_code: 0, seconds: 0 },
    load_seconds: null,
    rows: [],
    load: null,
    problems: [],
  };

  const folder = mkdtempSync(join(tmpdir(), 'reliability-figures-'));
  try {
    if (!process.argv.includes('--skip-jest')) {
      const t = performance.now();
      process.stderr.write('reliability: jest (the whole suite, recording figures)…\n');
      results.jest = { exit_code: await runJest(folder), seconds: seconds(t) };
    }
    results.rows = sumFigures(readFigures(folder));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }

  const t = performance.now();
  process.stderr.write('reliability: load run…\n');
  try {
    results.load = await loadRun();
    results.rows.push(...loadRows(results.load));
  } catch (error) {
    results.problems.push(`load run: ${(error as Error).message}`);
  }
  results.load_seconds = seconds(t);

  results.problems.unshift(...(results.jest.exit_code ? [`jest exited with ${results.jest.exit_code}`] : []), ...problemsWith(results.rows));
  results.duration_seconds = seconds(started);
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\n${renderTable(results)}\n`);
  process.stderr.write(`reliability: ${results.duration_seconds} s; results in ${out}\n`);
  // The app's keep-alive sockets must not hold the process open.
  process.exit(results.problems.length ? 1 : 0);
}

main().catch((error: Error) => {
  process.stderr.write(`reliability failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
