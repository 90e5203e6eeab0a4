/**
 * What every benchmark shares: where the built app and the bare app are, the sandbox connections,
 * running one job in a fresh Node process (child.ts), and small statistics.
 *
 *   APP_PATH, BARE_APP_PATH, REPO_ROOT
 *   stripeAuth(sandbox), paypalAuth(sandbox), bothAuth(sandbox)
 *   runChild(job, env, nodeArgs?): Promise<ChildResult>
 *   resetKeepingTokens(sandbox)   seed data back, issued PayPal tokens still valid
 *   median(values), quantile(values, q), round(value, digits)
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { Sandbox } from '../sandbox/server';
import type { ChildJob, ChildResult } from './child';

/** Compiled to .build/bench/: the repository is two folders up. */
export const REPO_ROOT = join(__dirname, '..', '..');
/** The app as `npm run build` leaves it, the code build.zip ships (BENCH_APP: another build's dist/index.js). */
export const APP_PATH = process.env.BENCH_APP ?? join(REPO_ROOT, 'dist', 'index.js');
export const BARE_APP_PATH = join(REPO_ROOT, 'bench', 'bare-app', 'index.js');
const CHILD_PATH = join(__dirname, 'child.js');
/** Node flags: room for every allocation of a cold run in the young generation, so no GC runs while the heap is counted. */
export const GC_DEFERRED = ['--min-semi-space-size=64', '--max-semi-space-size=64'];

export function stripeAuth(sandbox: Sandbox): Record<string, string> {
  return { stripe_secret_key: sandbox.credentials.stripeSecretKey };
}

export function paypalAuth(sandbox: Sandbox): Record<string, string> {
  return {
    paypal_client_id: sandbox.credentials.paypalClientId,
    paypal_client_secret: sandbox.credentials.paypalClientSecret,
    paypal_environment: 'sandbox',
  };
}

export function bothAuth(sandbox: Sandbox): Record<string, string> {
  return { ...stripeAuth(sandbox), ...paypalAuth(sandbox) };
}

/** Runs one job in a fresh Node process (this Node binary: Node 22 under npm scripts). */
export function runChild(job: ChildJob, env: Record<string, string>, nodeArgs: string[] = []): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...nodeArgs, CHILD_PATH, JSON.stringify(job)],
      { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...env }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`${job.method} failed in a fresh process: ${stderr.trim() || error.message}`));
        resolve(JSON.parse(stdout.trim().split('\n').pop()!) as ChildResult);
      },
    );
  });
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The q-quantile (0 ≤ q ≤ 1), linear between the two nearest values. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const below = Math.floor(at);
  return sorted[below]! + (sorted[Math.min(below + 1, sorted.length - 1)]! - sorted[below]!) * (at - below);
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * Sandbox data back to the seed, but PayPal tokens already issued stay valid, as they would at PayPal:
 * the app keeps a token in memory across warm runs, and a reset must not make it look revoked.
 */
export function resetKeepingTokens(sandbox: Sandbox): void {
  const tokens = [...sandbox.state.paypal.tokens];
  sandbox.reset();
  for (const [token, grant] of tokens) sandbox.state.paypal.tokens.set(token, grant);
}
