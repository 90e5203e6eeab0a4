/**
 * The official clients against the sandbox, unchanged but for where they connect (docs/sandbox.md): the `stripe`
 * package with `{ host, port, protocol: 'http' }`, @paypal/paypal-server-sdk with the adapter of
 * sandbox/official-clients.ts. Also the payments a shop's checkout makes (create, confirm, cancel), which only
 * these clients and `npm run try` send, and that docs/sandbox.md shows the adapter's code as it is.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Stripe from 'stripe';
import { Client as PayPalClient, Environment, OrdersController } from '@paypal/paypal-server-sdk';
import { paypalSdkAdapter, stripeClientOptions } from '../../sandbox/official-clients';
import { startClient, type Client } from './helpers';

let c: Client;
beforeAll(async () => {
  c = await startClient();
});
afterAll(() => c.sandbox.close());
beforeEach(() => c.sandbox.reset());

const SHIPPING = {
  name: 'Jenny Rosen',
  address: { line1: '510 Townsend St', city: 'San Francisco', state: 'CA', postal_code: '94103', country: 'US' },
};
const CARD_ONLY = { enabled: true, allow_redirects: 'never' } as const;

function stripe(): Stripe {
  const port = Number(new URL(c.sandbox.stripeBase).port);
  return new Stripe(c.sandbox.credentials.stripeSecretKey, { host: '127.0.0.1', port, protocol: 'http' });
}

describe('the stripe package, pointed at the sandbox with { host, port, protocol }', () => {
  it('creates a PaymentIntent confirmed with pm_card_visa, retrieves it and updates its shipping', async () => {
    const created = await stripe().paymentIntents.create({
      amount: 1999,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      automatic_payment_methods: CARD_ONLY,
      confirm: true,
      shipping: SHIPPING,
      metadata: { created_by: 'official-clients test' },
    });
    expect(created).toMatchObject({ object: 'payment_intent', status: 'succeeded', amount_received: 1999, livemode: false });
    expect(created.payment_method).toMatch(/^pm_(?!card_)/);
    expect(created.latest_charge).toMatch(/^ch_/);

    const read = await stripe().paymentIntents.retrieve(created.id);
    expect(read).toMatchObject({ id: created.id, status: 'succeeded', shipping: { name: 'Jenny Rosen', tracking_number: null } });

    const tracked = await stripe().paymentIntents.update(created.id, {
      shipping: { ...SHIPPING, carrier: 'USPS', tracking_number: '9400111202555842332669' },
    });
    expect(tracked.shipping).toMatchObject({ carrier: 'USPS', tracking_number: '9400111202555842332669', address: SHIPPING.address });
    const stored = c.sandbox.state.stripe.paymentIntents.get(created.id) as { shipping: { tracking_number: string } };
    expect(stored.shipping.tracking_number).toBe('9400111202555842332669');
    expect(c.sandbox.stats().byOperation).toMatchObject({
      'stripe POST /v1/payment_intents': 1,
      'stripe GET /v1/payment_intents/{intent}': 1,
      'stripe POST /v1/payment_intents/{intent}': 1,
    });
  });

  it('cancels an unconfirmed PaymentIntent; a succeeded one is refused as Stripe refuses it', async () => {
    const open = await stripe().paymentIntents.create({ amount: 500, currency: 'eur', automatic_payment_methods: CARD_ONLY });
    expect(open.status).toBe('requires_payment_method');
    const canceled = await stripe().paymentIntents.cancel(open.id, { cancellation_reason: 'abandoned' });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    expect(canceled.canceled_at).toBeGreaterThan(0);

    const paid = await stripe().paymentIntents.create({
      amount: 500,
      currency: 'eur',
      payment_method: 'pm_card_visa',
      automatic_payment_methods: CARD_ONLY,
      confirm: true,
    });
    const refused = await stripe()
      .paymentIntents.cancel(paid.id)
      .catch((e: unknown) => e as Error);
    expect(refused).toMatchObject({ type: 'StripeInvalidRequestError', code: 'payment_intent_unexpected_state' });
    expect((refused as Error).message).toMatch(/status of succeeded/);
  });

  it("declines Stripe's declined test card with a card_error, leaving the payment unpaid", async () => {
    const open = await stripe().paymentIntents.create({ amount: 700, currency: 'usd', automatic_payment_methods: CARD_ONLY });
    const error = await stripe()
      .paymentIntents.confirm(open.id, { payment_method: 'pm_card_chargeDeclined' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ type: 'StripeCardError', code: 'card_declined', decline_code: 'generic_decline' });
    expect(c.sandbox.state.stripe.paymentIntents.get(open.id)).toMatchObject({ status: 'requires_payment_method' });
  });

  it('refuses what Stripe refuses: confirming without a return_url when redirects are allowed, an unknown payment method', async () => {
    const redirecting = await c.stripe('/v1/payment_intents', {
      form: { amount: '100', currency: 'usd', payment_method: 'pm_card_visa', confirm: 'true' },
    });
    expect(redirecting.status).toBe(400);
    expect(((await redirecting.json()) as { error: object }).error).toMatchObject({ type: 'invalid_request_error', param: 'return_url' });
    await expect(
      stripe().paymentIntents.create({
        amount: 100,
        currency: 'usd',
        payment_method: 'pm_nope',
        automatic_payment_methods: CARD_ONLY,
        confirm: true,
      }),
    ).rejects.toMatchObject({ code: 'resource_missing', param: 'payment_method' });
  });

  it('stripeClientOptions turns a base URL into those options (none for the real host)', () => {
    const { port } = new URL(c.sandbox.stripeBase);
    expect(stripeClientOptions(c.sandbox.stripeBase)).toEqual({ host: '127.0.0.1', port: Number(port), protocol: 'http' });
    expect(stripeClientOptions(undefined)).toEqual({});
  });

  it('a Stripe path on the PayPal port says where Stripe is', async () => {
    const response = await fetch(`${c.sandbox.url}/stripe/v1/account`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: string }).error).toContain(`Stripe is at the root of ${c.sandbox.stripeBase}`);
  });
});

describe('@paypal/paypal-server-sdk, pointed at the sandbox by its unstable_httpClientOptions adapter', () => {
  const paypal = (secret: string = c.sandbox.credentials.paypalClientSecret) =>
    new OrdersController(
      new PayPalClient({
        clientCredentialsAuthCredentials: { oAuthClientId: c.sandbox.credentials.paypalClientId, oAuthClientSecret: secret },
        environment: Environment.Sandbox,
        unstable_httpClientOptions: { adapter: paypalSdkAdapter(c.sandbox.paypalBase) },
      }),
    );

  it('mints a token and reads an order with its capture', async () => {
    const { result } = await paypal().getOrder({ id: '5O190127TN364715T' });
    expect(result).toMatchObject({ id: '5O190127TN364715T', status: 'COMPLETED', intent: 'CAPTURE' });
    expect(result.purchaseUnits?.[0]?.payments?.captures?.[0]).toMatchObject({ id: '8MC585209K746392H' });
    expect(c.sandbox.stats().byOperation).toEqual({
      'paypal POST /v1/oauth2/token': 1,
      'paypal GET /v2/checkout/orders/{id}': 1,
    });
  });

  it("passes the sandbox's refusal of a wrong secret on as the SDK's error", async () => {
    await expect(paypal('wrong-secret').getOrder({ id: '5O190127TN364715T' })).rejects.toMatchObject({ statusCode: 401 });
    expect(c.sandbox.stats().byOperation['paypal GET /v2/checkout/orders/{id}']).toBeUndefined();
  });
});

it('docs/sandbox.md shows the code of sandbox/official-clients.ts as it is', () => {
  const root = join(__dirname, '../..');
  const source = readFileSync(join(root, 'sandbox/official-clients.ts'), 'utf8');
  const code = source.slice(source.indexOf('*/') + 2).trim();
  expect(readFileSync(join(root, 'docs/sandbox.md'), 'utf8')).toContain(code);
});
