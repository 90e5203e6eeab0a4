/**
 * The load run in its own process, so `npm run reliability` can run it beside jest (which leaves one of
 * the two cores to its parent process): `node load-child.js <out.json>` writes LoadResults there, exits 0.
 */
process.env.NODE_ENV = 'test';

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
