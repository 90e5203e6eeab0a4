/**
 * Smoke test with Zapier's own local runner: `zapier-platform invoke` (CLI 19, Node 22) loads the built app the
 * way the CLI does (package.json `main` → dist/index.js) and runs `auth test`, the `add_tracking` create and
 * the `find_order` search against a sandbox started in this test.
 *
 * invoke reads auth data (`authData_<key>=…`) and the environment from `.env` in its working directory, so it
 * runs in a temporary folder: the app freshly built into `<tmp>/dist` (tsc, then scripts/bundle.js), symlinks to package.json, index.js and
 * node_modules, and a `.env` written for the sandbox. Nothing is written into the repository.
 * Timing (measured): compile ≈ 12 s, each invoke ≈ 2.5 s.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startSandbox, type Sandbox } from '../../sandbox/server';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'node_modules', '.bin');

let sandbox: Sandbox;
let appDir: string;

jest.setTimeout(90_000);

beforeAll(async () => {
  // Async children only: the sandbox answers from this process's event loop.
  [sandbox, appDir] = await Promise.all([startSandbox({ port: 0 }), mkdtemp(join(tmpdir(), 'invoke-smoke-'))]);
  // The build `npm run build` makes: tsc, then the one-file bundle (scripts/bundle.js).
  await run(
    process.execPath,
    [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', join(appDir, 'dist')],
    { cwd: ROOT },
  );
  await run(process.execPath, [join(ROOT, 'scripts', 'bundle.js'), join(appDir, 'dist')], { cwd: ROOT });
  for (const name of ['package.json', 'index.js', 'node_modules']) await symlink(join(ROOT, name), join(appDir, name));
  const { credentials: c, env } = sandbox;
  await writeFile(
    join(appDir, '.env'),
    [
      `authData_stripe_secret_key=${c.stripeSecretKey}`,
      `authData_paypal_client_id=${c.paypalClientId}`,
      `authData_paypal_client_secret=${c.paypalClientSecret}`,
      'authData_paypal_environment=sandbox',
      `STRIPE_API_BASE=${env.STRIPE_API_BASE}`,
      `PAYPAL_API_BASE=${env.PAYPAL_API_BASE}`,
      '',
    ].join('\n'),
  );
});

afterAll(async () => {
  await sandbox?.close();
  if (appDir) await rm(appDir, { recursive: true, force: true });
});

/** Runs `zapier-platform invoke …` in the temp app folder and parses the JSON it prints. */
async function invoke(...args: string[]): Promise<any> {
  const { stdout } = await run(join(BIN, 'zapier-platform'), ['invoke', ...args, '--non-interactive'], {
    cwd: appDir,
    // node_modules/.bin first: the CLI's `#!/usr/bin/env node` must find Node 22 (it refuses older ones).
    env: { ...process.env, PATH: `${BIN}:${process.env.PATH ?? ''}`, DISABLE_ZAPIER_ANALYTICS: '1', NODE_ENV: '' },
    timeout: 30_000,
  }).catch((error: Error & { stdout?: string }) => {
    // execFile's message already holds the command and its stderr.
    throw new Error(`${error.message}\n${error.stdout ?? ''}`);
  });
  const start = stdout.search(/^[[{]/m);
  if (start < 0) throw new Error(`no JSON in the output of invoke ${args.join(' ')}:\n${stdout}`);
  return JSON.parse(stdout.slice(start));
}

it('auth test: checks both gateways and returns the label fields', async () => {
  await expect(invoke('auth', 'test')).resolves.toEqual({
    label: `Stripe ${sandbox.credentials.stripeAccountId} (test) · PayPal sandbox`,
    stripe_account: sandbox.credentials.stripeAccountId,
    stripe_mode: 'test',
    paypal_environment: 'sandbox',
    paypal_app_id: sandbox.credentials.paypalAppId,
  });
});

describe('tracking round trip through the CLI', () => {
  const tracking = { order: 'pi_3SbxShip0000000001', tracking_number: '9400111202555842332669', carrier: 'usps' };

  it('create add_tracking: a Stripe PaymentIntent, carrier as free text', async () => {
    const result = await invoke('create', 'add_tracking', '-i', JSON.stringify(tracking));
    expect(result).toMatchObject({
      result: 'added',
      gateway: 'stripe',
      order_id: 'pi_3SbxShip0000000001',
      payment_id: 'ch_3SbxShip0000000001',
      tracking_number: tracking.tracking_number,
      carrier_name: 'USPS',
      tracking_url: `https://tools.usps.com/go/TrackConfirmAction?tLabels=${tracking.tracking_number}`,
    });
    const stored = sandbox.state.stripe.dump().payment_intents.find((pi: any) => pi.id === tracking.order);
    expect(stored?.shipping).toMatchObject({ tracking_number: tracking.tracking_number });
  });

  it('search find_order: finds the order with the tracking just added', async () => {
    const found = await invoke('search', 'find_order', '-i', JSON.stringify({ order: tracking.order }));
    expect(found).toEqual([
      expect.objectContaining({
        gateway: 'stripe',
        order_id: tracking.order,
        has_tracking: true,
        tracking_number: tracking.tracking_number,
      }),
    ]);
  });
});
