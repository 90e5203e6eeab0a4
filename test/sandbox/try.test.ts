/**
 * `npm run try` against a sandbox this test starts: the same code a merchant runs on their own test accounts,
 * its base URLs and credentials from a `.env` file. The printed steps, the exit code, the clean-up, and the
 * refusals (live keys, no PayPal order named) before anything is written.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { runTry } from '../../sandbox/try';

let sandbox: Sandbox;
let dir: string;
beforeAll(async () => {
  [sandbox, dir] = await Promise.all([startSandbox({ port: 0 }), mkdtemp(join(tmpdir(), 'npm-run-try-'))]);
});
afterAll(async () => {
  await sandbox?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});
beforeEach(() => sandbox.reset());

const PAYPAL_ORDER = '5O190127TN364715T';

async function envFile(lines: Record<string, string>): Promise<string> {
  const { credentials: c, env } = sandbox;
  const values = {
    authData_stripe_secret_key: c.stripeSecretKey,
    authData_paypal_client_id: c.paypalClientId,
    authData_paypal_client_secret: c.paypalClientSecret,
    authData_paypal_environment: 'sandbox',
    ...env,
    ...lines,
  };
  const path = join(dir, `env-${Math.random().toString(36).slice(2)}`);
  // Written as a merchant would: a comment line, comments after values, a quoted value.
  const text = Object.entries(values).map(([k, v]) => (k.endsWith('environment') ? `${k}="${v}"` : `${k}=${v}   # ${k}`));
  await writeFile(path, `# npm run try against the local sandbox\n\n${text.join('\n')}\n`);
  return path;
}

async function tryWith(...argv: string[]): Promise<{ code: number; output: string }> {
  return tryIn({}, ...argv);
}

async function tryIn(env: Record<string, string>, ...argv: string[]): Promise<{ code: number; output: string }> {
  const printed: string[] = [];
  const code = await runTry(argv, { env, cwd: dir, out: (text) => printed.push(text) });
  return { code, output: printed.join('\n') };
}

/** The Stripe payment npm run try made, as the sandbox holds it. */
function triedPayment() {
  const payments = [...sandbox.state.stripe.paymentIntents.values()] as Array<{
    status: string;
    metadata: Record<string, string>;
    shipping: { name: string; tracking_number: string | null };
  }>;
  return payments.find((pi) => pi.metadata.created_by === 'npm run try')!;
}

const writes = () => Object.keys(sandbox.stats().byOperation).filter((op) => !/ GET |oauth2/.test(op));

it('runs every step on both gateways, cleans up, says both gateways agree, exits 0, and prints no secret', async () => {
  const { code, output } = await tryWith('--env-file', await envFile({}), '--paypal-order', PAYPAL_ORDER);
  if (process.env.SHOW_TRY) process.stderr.write(output);
  const titles = [...output.matchAll(/^── (\d+\. .+?|Clean up|Summary) ─/gm)].map((m) => m[1]);
  expect(titles).toEqual([
    '1. Connect your test accounts',
    '2. Stripe: a test payment with a shipping address, as your checkout makes it',
    '3. PayPal: the sandbox order you named',
    '4. Add Tracking to Order, on each gateway',
    '5. Find Order: what each gateway now holds',
    '6. Check Order Tracking: does each gateway hold what the shop shipped?',
    '7. Sync Order Tracking with the corrected carrier (USPS)',
    '8. Check Order Tracking again',
    'Clean up',
    'Summary',
  ]);
  expect(output).toMatch(/Connection label: Stripe acct_1SandboxLocal0001 \(test\) · PayPal sandbox/);
  // The shop's slip (FedEx) is added, found by Check, corrected by Sync; Check then agrees.
  expect(output).toMatch(/paypal {2}order=5O190127TN364715T tracking_number=\d{22} carrier="FedEx" → added \(FEDEX\)/);
  expect(output).toMatch(/paypal {2}agrees=false {2}PayPal holds (\d{22}) \(FedEx\) but the shop shipped \1 \(USPS\)\./);
  expect(output).toMatch(/stripe {2}changed: corrected \d{22}, added \[\]/);
  expect(output).toMatch(/paypal {2}agrees=true {2}PayPal holds \d{22} \(USPS\), as the shop shipped\./);
  expect(output).toMatch(/Zapier runs creates\.add_tracking\.operation\.perform ×2/);
  expect(output).toMatch(/Your checkout, through the official stripe package: stripe\.paymentIntents\.create/);
  expect(output.trimEnd().split('\n').pop()).toBe('both gateways agree: yes');
  expect(code).toBe(0);
  for (const secret of [sandbox.credentials.stripeSecretKey, sandbox.credentials.paypalClientSecret]) expect(output).not.toContain(secret);
  expect(output).not.toMatch(/_secret_|access_token|Bearer /);

  // What it created is gone: the PayPal tracker cancelled, the Stripe payment's tracking removed (a captured
  // payment cannot be cancelled: it stays, as it would in Stripe test mode).
  const numbers = [...output.matchAll(/tracking_number=(\d{22})/g)].map((m) => m[1]!);
  expect(numbers).toHaveLength(2);
  const trackers = sandbox.state.paypal.dump().trackers as Array<{ tracking_number: string; status: string }>;
  expect(trackers.filter((t) => t.tracking_number === numbers[1]).map((t) => t.status)).toEqual(['CANCELLED']);
  const payment = triedPayment();
  expect(payment).toMatchObject({ status: 'succeeded', shipping: { name: 'Jenny Rosen' } });
  expect(payment.shipping.tracking_number || null).toBeNull();
  expect(output).toMatch(/stays \(Stripe does not cancel a captured payment; it is test data\)/);
  expect(writes()).toEqual(expect.arrayContaining(['stripe POST /v1/payment_intents', 'stripe POST /v1/payment_intents/{intent}/cancel']));
});

it.each([
  ['a live Stripe key', { authData_stripe_secret_key: `sk_live_${'51LiveKeyNeverUsedHere'}000000000000` }, /Refusing a live Stripe key/],
  [
    'a live restricted Stripe key',
    { authData_stripe_secret_key: `rk_live_${'51LiveKeyNeverUsedHere'}000000000000` },
    /Refusing a live Stripe key/,
  ],
  ['PayPal live', { authData_paypal_environment: 'live' }, /Refusing PayPal environment "live"/],
  ['a publishable Stripe key', { authData_stripe_secret_key: 'pk_test_51NotASecretKey' }, /not a test-mode secret key/],
])('refuses %s with a clear message (exit 2) before any request', async (_name, values, message) => {
  const { code, output } = await tryWith('--env-file', await envFile(values), '--paypal-order', PAYPAL_ORDER);
  expect(code).toBe(2);
  expect(output).toMatch(message);
  expect(output).not.toMatch(/LiveKeyNeverUsedHere/);
  expect(sandbox.stats().total).toBe(0);
});

it('a flag overrides .env: a live key given as --stripe-key is refused too', async () => {
  const { code, output } = await tryWith(
    '--env-file',
    await envFile({}),
    '--stripe-key',
    `sk_live_${'51LiveKeyNeverUsedHere'}000000000000`,
  );
  expect([code, output]).toEqual([2, expect.stringMatching(/Refusing a live Stripe key/)]);
});

it('without a PayPal order, lists the recent sandbox captures to pick from and writes nothing (exit 2)', async () => {
  const { code, output } = await tryWith('--env-file', await envFile({}));
  expect(code).toBe(2);
  expect(output).toMatch(/── Recent PayPal sandbox captures ─/);
  expect(output).toMatch(/8MC585209K746392H +#INV-2001 · 25\.00 USD/);
  expect(output).toMatch(/Name one with --paypal-order <ID>/);
  expect(writes()).toEqual([]);
});

it('an unknown option prints the usage (exit 2)', async () => {
  const { code, output } = await tryWith('--stripe-secret', 'x');
  expect(code).toBe(2);
  expect(output).toMatch(/Unknown option --stripe-secret\.\nUsage: npm run try/);
});

it('a step that fails stops the run with its reason (exit 1), and what was already added is still removed', async () => {
  sandbox.addFault({ match: { gateway: 'paypal', method: 'POST', pathPrefix: '/v2/checkout/orders/' }, fault: '503', count: 5 });
  const { code, output } = await tryWith('--env-file', await envFile({}), '--paypal-order', PAYPAL_ORDER);
  expect(code).toBe(1);
  expect(output).toMatch(/Step 4 FAILED: creates\.add_tracking\.operation\.perform failed — ThrottledError: .*PayPal/);
  // Stripe's tracking was added before PayPal's failed: the clean-up removes it, and there is nothing on PayPal.
  expect(output).toMatch(/stripe {2}tracking \d{22} → cancelled/);
  expect(output).not.toMatch(/paypal {2}tracking/);
  expect(output).toMatch(/clean up +done/);
  expect(output.trimEnd().split('\n').pop()).toBe('both gateways agree: no (stripe was not checked; paypal was not checked)');
  expect(triedPayment().shipping.tracking_number || null).toBeNull();
});

it('Stripe alone, from flags and the base URLs in the environment (no .env): its steps only, and says PayPal was not tried', async () => {
  const { code, output } = await tryIn(sandbox.env, '--stripe-key', sandbox.credentials.stripeSecretKey);
  expect(output).not.toMatch(/PayPal: the sandbox order|paypal {2}order=/);
  expect(output).toMatch(/stripe {2}order=pi_\w+ tracking_number=\d{22} carrier="\w+" → added/);
  expect(output.trimEnd().split('\n').pop()).toBe('both gateways agree: no (only stripe tried)');
  expect(code).toBe(0);
  expect(sandbox.stats().byGateway.paypal).toBe(0);
});
