/**
 * The suite's appTester: Zapier's own `createAppTester`, recording every result and every thrown
 * error so that the setup file can scan them for secrets after each test file.
 */
import zapier, { type Bundle, type ZObject } from 'zapier-platform-core';
import App from '../../index';
import { recordForSecretScan } from './secret-scan';

const appTester = zapier.createAppTester(App);

type Perform = (z: ZObject, bundle: Bundle) => unknown;

/** Runs a perform (or any function of `z` and `bundle`) the way Zapier would, with a partial bundle. */
export async function runApp(perform: Perform, bundle?: Record<string, unknown>): Promise<any>;
export async function runApp(perform: unknown, bundle?: Record<string, unknown>): Promise<any>;
export async function runApp(perform: unknown, bundle: Record<string, unknown> = {}): Promise<any> {
  try {
    const result = await (appTester as (...a: unknown[]) => Promise<unknown>)(perform, bundle);
    recordForSecretScan(JSON.stringify(result ?? null));
    return result;
  } catch (error) {
    const e = error as Error;
    recordForSecretScan(`${e.name} ${e.message} ${JSON.stringify(e)}`);
    throw error;
  }
}

export { App };

/** Parses the JSON message core puts on its error classes (`{message, code, status}` / `{message, delay}`). */
export function errorDetails(error: unknown): { name: string; message: string; code?: string; status?: number; delay?: number } {
  const e = error as Error;
  try {
    const parsed = JSON.parse(e.message) as { message: string; code?: string; status?: number; delay?: number };
    return { name: e.name, ...parsed };
  } catch {
    return { name: e.name, message: e.message };
  }
}

/** The Zapier error a run ends with, parsed by errorDetails; a run that succeeds fails the test. */
export function failureOf(run: Promise<unknown>): Promise<ReturnType<typeof errorDetails>> {
  return run.then((result) => {
    throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  }, errorDetails);
}
