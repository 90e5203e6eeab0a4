#!/usr/bin/env node
/**
 * `npm run package`: builds build/build.zip as Zapier would run it, and proves it whole.
 *
 * 1. Stages the built app (dist/, index.js, package files, .zapierapprc) in a temp folder with
 *    production dependencies only (`npm ci --omit=dev`): the CLI's own staging copies the whole
 *    node_modules, dev tools included, and its file scan then ships their package.json files.
 * 2. Runs `zapier-platform build --skip-validation --skip-dep-install` there (run
 *    `npm run validate` first; the package script does).
 * 3. Unzips the result into another temp folder and loads it in a fresh Node process through
 *    zapierwrapper.js, as the Lambda does: the definition loads, an operation runs, and every module
 *    the app requires (lazily loaded SDK parts included) resolves inside the zip. The build joins every
 *    package the app uses into dist/ (scripts/bundle.js), so the zip's node_modules hold
 *    zapier-platform-core alone; the vendored Stripe webhook check, when built, accepts a delivery signed
 *    as Stripe signs one and refuses a forged one.
 */
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const AdmZip = require('adm-zip');

const root = path.resolve(__dirname, '..');
const cli = path.join(root, 'node_modules', '.bin', 'zapier-platform');
const env = { ...process.env, DISABLE_ZAPIER_ANALYTICS: '1' };

function run(command, args, cwd) {
  execFileSync(command, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
}

function stage() {
  if (!fs.existsSync(path.join(root, 'dist', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first.');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zapier-stage-'));
  for (const name of ['package.json', 'package-lock.json', '.zapierapprc', '.gitignore', 'index.js'])
    fs.copyFileSync(path.join(root, name), path.join(dir, name));
  fs.cpSync(path.join(root, 'dist'), path.join(dir, 'dist'), { recursive: true });
  // The app is already compiled: no build script may run in the staging folder.
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  delete pkg.scripts;
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], dir);
  return dir;
}

/** Runs in a fresh Node process inside the unzipped build: what Zapier's Lambda would load. */
const CHECK_IN_FRESH_PROCESS = `
const fs = require('node:fs');
const path = require('node:path');
const { handler } = require('./zapierwrapper.js');
(async () => {
  const definition = await handler({ command: 'definition' });
  const results = definition.results || definition;
  const ops = ['triggers', 'creates', 'searches'].map((k) => k + ': ' + Object.keys(results[k] || {}).join(', '));
  let authError;
  try {
    await handler({ command: 'execute', method: 'authentication.test', bundle: { authData: {} } });
  } catch (error) {
    authError = String(error.message);
  }
  if (!/Stripe secret key, a PayPal client ID and secret, or both/.test(authError || '')) throw new Error('authentication.test did not run as expected: ' + authError);
  const missing = [];
  const walk = (dir) => fs.readdirSync(dir, { withFileTypes: true }).forEach((e) => {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) return walk(file);
    if (!file.endsWith('.js')) return;
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/require\\("([^"]+)"\\)/g)) {
      try { require.resolve(m[1], { paths: [path.dirname(file)] }); } catch { missing.push(path.relative('.', file) + ' → ' + m[1]); }
    }
  });
  walk('dist');
  if (missing.length) throw new Error('modules missing from build.zip:\\n' + missing.join('\\n'));
  if (fs.existsSync('dist/vendor/stripe-webhooks.js')) {
    const stripe = require('./dist/vendor/stripe-webhooks.js');
    const secret = 'package-check-signing-key';
    const body = JSON.stringify({ id: 'evt_package_check', object: 'event', type: 'payment_intent.succeeded', data: { object: { id: 'pi_1' } } });
    const t = Math.floor(Date.now() / 1000);
    const v1 = require('node:crypto').createHmac('sha256', secret).update(t + '.' + body).digest('hex');
    if (stripe.webhooks.constructEvent(body, 't=' + t + ',v1=' + v1, secret).id !== 'evt_package_check') throw new Error('the Stripe webhook check did not return the event');
    let refused = false;
    try {
      stripe.webhooks.constructEvent(body.replace('pi_1', 'pi_2'), 't=' + t + ',v1=' + v1, secret);
    } catch (error) {
      refused = error instanceof stripe.errors.StripeSignatureVerificationError;
    }
    if (!refused) throw new Error('the Stripe webhook check accepted a forged body');
  }
  console.log(JSON.stringify({ ops, node: process.version }));
})().catch((error) => { console.error(error.stack || error); process.exit(1); });
`;

/** zapier-platform-core and every package it may load, directly or not, optional peers included (node-fetch's `encoding`). */
function coreClosure() {
  const names = new Set();
  (function add(name) {
    if (names.has(name)) return;
    names.add(name);
    const file = path.join(root, 'node_modules', name, 'package.json');
    if (!fs.existsSync(file)) return;
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.peerDependencies })) add(dep);
  })('zapier-platform-core');
  return names;
}

function check(zipPath) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zapier-zip-check-'));
  const zip = new AdmZip(zipPath);
  zip.extractAllTo(dir, true);
  // Everything else the app uses is joined into dist/ (scripts/bundle.js): node_modules holds core alone.
  const closure = coreClosure();
  const shipped = new Set(
    zip
      .getEntries()
      .map((e) => e.entryName.match(/^node_modules\/((?:@[^/]+\/)?[^/]+)\//)?.[1])
      .filter(Boolean),
  );
  const stray = [...shipped].filter((name) => !closure.has(name));
  if (stray.length) throw new Error(`packages in build.zip that zapier-platform-core does not need: ${stray.join(', ')}`);
  const output = execFileSync(process.execPath, ['-e', CHECK_IN_FRESH_PROCESS], { cwd: dir, env: { PATH: process.env.PATH } })
    .toString()
    .trim();
  const { ops, node } = JSON.parse(output.split('\n').pop());
  const bytes = fs.statSync(zipPath).size;
  console.log(`build.zip: ${bytes} bytes, ${zip.getEntries().length} files; loads on Node ${node} through zapierwrapper.js`);
  for (const line of ops) console.log(`  ${line}`);
  fs.rmSync(dir, { recursive: true, force: true });
}

const staging = stage();
try {
  run(cli, ['build', '--skip-validation', '--skip-dep-install'], staging);
  fs.mkdirSync(path.join(root, 'build'), { recursive: true });
  for (const name of ['build.zip', 'source.zip']) fs.copyFileSync(path.join(staging, 'build', name), path.join(root, 'build', name));
} finally {
  fs.rmSync(staging, { recursive: true, force: true });
}
check(path.join(root, 'build', 'build.zip'));
