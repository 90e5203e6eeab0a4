/**
 * What core copies on every invocation: Zapier's Lambda handler compiles the app definition twice per call
 * (a deep copy, a rebuilt copy and a deep freeze each time), so the definition's size is paid on every cold
 * start and every warm run. Measured as counts, which the machine's load does not move: the definition's
 * values and JSON size, and the JS heap one compile allocates, for the built app and for the bare app.
 *
 *   definitionCopy(): DefinitionCopyResult
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { DefinitionCopy } from './definition-child';
import { APP_PATH, BARE_APP_PATH, GC_DEFERRED, REPO_ROOT } from './lib';

export interface DefinitionCopyResult {
  app: DefinitionCopy;
  bare: DefinitionCopy;
}

function measure(appPath: string): DefinitionCopy {
  const out = execFileSync(process.execPath, [...GC_DEFERRED, join(__dirname, 'definition-child.js'), appPath], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop()!) as DefinitionCopy;
}

export function definitionCopy(): DefinitionCopyResult {
  return { app: measure(APP_PATH), bare: measure(BARE_APP_PATH) };
}
