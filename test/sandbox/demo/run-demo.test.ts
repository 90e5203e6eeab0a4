/**
 * `npm run demo` in the test suite: the whole merchant's day runs (on the TypeScript sources), every step
 * passes its own checks, the output is one block per step plus the summary, and no secret is printed.
 */
import { runDemo } from '../../../sandbox/demo';
import { SANDBOX_CREDENTIALS } from '../../../sandbox/seed';

const saved = { STRIPE_API_BASE: process.env.STRIPE_API_BASE, PAYPAL_API_BASE: process.env.PAYPAL_API_BASE };
afterAll(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

it('walks the whole flow, prints each step and the summary, and never a secret', async () => {
  const printed: string[] = [];
  const steps = await runDemo((text) => printed.push(text));
  const output = printed.join('\n');

  expect(steps.map((s) => s.operation.split(' ')[0])).toEqual([
    'authentication.test',
    'triggers.order_status_changed.operation.performSubscribe',
    'triggers.order_status_changed.operation.perform',
    'triggers.order_status_changed.operation.perform',
    'creates.add_tracking.operation.perform',
    'creates.add_tracking.operation.perform',
    'creates.add_tracking.operation.perform',
    'searches.check_tracking.operation.perform',
    'triggers.untracked_order.operation.perform',
    'triggers.tracking_audit.operation.perform',
    'searches.find_order.operation.perform',
    'triggers.order_status_changed.operation.performUnsubscribe',
  ]);
  expect(steps[6]!.outcome).toBe('already_present, already_present');
  // The second parcel: check_tracking disagrees, sync_tracking adds it, check_tracking then agrees.
  expect(steps[7]!.outcome).toBe('changed, then agrees');
  expect(output).toMatch(/── Summary ─/);
  expect(output).toContain('gateway,order_id,payment_id,created_at,amount,currency,customer_email,problem,dashboard_url');
  expect(output).toMatch(/Connection label: Stripe acct_1SandboxLocal0001 \(test\) · PayPal sandbox/);
  for (const secret of [SANDBOX_CREDENTIALS.stripeSecretKey, SANDBOX_CREDENTIALS.paypalClientSecret]) expect(output).not.toContain(secret);
  expect(output).not.toMatch(/whsec_|access_token|Bearer /);
});
