/**
 * The load run in its own process, so `npm run reliability` can run it beside jest (which leaves one of
 * the two cores to its parent process): `node load-child.js <out.json>` writes LoadResults there, exits 0.
 */
process.env.NODE_ENV = 'test';
// Core echoes every z.console line of the app to the console as well as to its log stream: thousands of
// "built from the event alone" lines while the API is down. The run reports through the results file.
console.log = () => undefined;

// Core kills a process that has run more than 250 invocations while its RSS is over 450 MB (its memory
// checker, a guard for Zapier's long-lived workers). This one process holds the sandbox with every event it
// keeps and runs ~21,000 invocations, so the guard would stop the harness, not the app: only it is relaxed.
// eslint-disable-next-line @typescript-eslint/no-require-imports
(require('zapier-platform-core/src/constants') as { KILL_MAX_LIMIT: number }).KILL_MAX_LIMIT = Number.POSITIVE_INFINITY;

import { writeFileSync } from 'node:fs';
import { loadRun } from './load';

const out = process.argv[2];
if (!out) throw new Error('usage: node load-child.js <out.json>');
loadRun().then(
  (results) => {
    writeFileSync(out, JSON.stringify(results));
    // The app's keep-alive sockets must not hold the process open.
    process.exit(0);
  },
  (error: Error) => {
    process.stderr.write(`load run failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
