/**
 * Bad input is refused before any request; concurrent calls write each number once, both under Zapier's
 * operation lock (test/support/zapier-lock.ts, as the schema describes it) and with the lock ignored (as
 * createAppTester runs, and as two references to one order run even under the lock); a retry after a
 * gateway 500 succeeds (fresh idempotency key, so no replayed error).
 */
import { formOf, paypalApi, paypalToken, stripeApi } from '../support/gateway-nock';
import { BOTH_AUTH, PAYPAL_AUTH, STRIPE_AUTH } from '../support/fixtures';
import { LOCK_MODES, resultsOf, statefulPayPalOrder, statefulStripePayment, useSteps } from '../support/exactly-once';
import { App, failureOf } from '../support/tester';
import { zapierLocks } from '../support/zapier-lock';
import {
  CHARGE_ID,
  PI_ID,
  PP_CAPTURE_ID,
  PP_NUMBER,
  PP_ORDER_ID,
  UPS_NUMBER,
  paymentIntent,
  paypalOrder,
  tracker,
  updatedPaymentIntent,
} from './fixtures';
import { gatewayCalls, runAction, type ActionKey } from './helpers';

const ORDER_PATH = `/v2/checkout/orders/${PP_ORDER_ID}`;

describe('bad input: one z.errors.Error naming the field, and no request', () => {
  it.each([
    ['empty tracking number', { order: PP_ORDER_ID, tracking_number: '' }, /^Tracking Number: /],
    ['white space only', { order: PP_ORDER_ID, tracking_number: '  \n ' }, /^Tracking Number: Enter a tracking number/],
    ['65 characters', { order: PP_ORDER_ID, tracking_number: 'A'.repeat(65) }, /^Tracking Number: .*65 characters long; the most is 64/],
    ['a link that is no carrier’s', { order: PP_ORDER_ID, tracking_number: 'https://example.com/x?id=1' }, /^Tracking Number: .*is a link/],
    ['a path-like order ID', { order: '../../v1/oauth2/token', tracking_number: PP_NUMBER }, /^Order: .*URL or path characters/],
    ['an encoded path', { order: '5O19%2F..%2F', tracking_number: PP_NUMBER }, /^Order: .*URL or path characters/],
    [
      'a Stripe dispute ID',
      { order: 'du_1MtJUT2eZvKYlo2CNaw2HvEv', tracking_number: PP_NUMBER },
      /^Order: That is a Stripe dispute ID, not a payment/,
    ],
    ['a malformed Stripe ID', { order: 'pi_abc-def', tracking_number: PP_NUMBER }, /^Order: The Stripe ID is malformed/],
    ['an empty order', { order: ' ', tracking_number: PP_NUMBER }, /^Order: /],
    ['no order at all', { tracking_number: PP_NUMBER }, /^Order: is required/],
    ['an order with a tab', { order: 'A\tB', tracking_number: PP_NUMBER }, /^Order: .*control characters/],
    [
      'a secret pasted as order',
      { order: ['sk', 'live', 'abcdef123456'].join('_'), tracking_number: PP_NUMBER },
      /^Order: That looks like an API key/,
    ],
    [
      'an unknown dispute evidence choice',
      { order: PP_ORDER_ID, tracking_number: PP_NUMBER, dispute_evidence: 'later' },
      /^Dispute Evidence: must be none, stage or submit/,
    ],
    [
      'a quantity that is no whole number',
      { order: PP_ORDER_ID, tracking_number: PP_NUMBER, items: [{ sku: 'a', quantity: '1.5' }] },
      /^Items \(item 1\): quantity must be a whole number/,
    ],
    [
      'an http tracking URL',
      { order: PP_ORDER_ID, tracking_number: PP_NUMBER, tracking_url: 'http://track.example.com/1' },
      /^Tracking URL: must be an https:\/\/ link/,
    ],
    [
      'a carrier that cannot be detected',
      { order: PP_ORDER_ID, tracking_number: 'ZZ1' },
      /^Carrier: the carrier of tracking number ZZ1 cannot be told/,
    ],
    [
      'items with several numbers',
      { order: PP_ORDER_ID, tracking_number: `${PP_NUMBER},${UPS_NUMBER}`, items: [{ sku: 'sku02' }] },
      /^Items: the items describe one parcel/,
    ],
    // Found by test/reliability/hostile-input.test.ts:
    [
      '51 numbers (Stripe keeps at most 5,000 characters of them)',
      { order: PP_ORDER_ID, tracking_number: Array.from({ length: 51 }, (_, i) => `N${i}`).join(',') },
      /^Tracking Number: 51 different tracking numbers entered; one step takes at most 50/,
    ],
    ['an order given as a list', { order: [PP_ORDER_ID], tracking_number: PP_NUMBER }, /^Order: must be one piece of text, not a list/],
    [
      'a carrier given as a set of fields',
      { order: PP_ORDER_ID, tracking_number: PP_NUMBER, carrier: { toString: 'x' } },
      /^Carrier: must be one piece of text, not a set of fields/,
    ],
    [
      'a carrier name with a line break',
      { order: PP_ORDER_ID, tracking_number: PP_NUMBER, carrier_name: 'A\nB' },
      /^Carrier Name: contains control characters/,
    ],
    ['items given as text', { order: PP_ORDER_ID, tracking_number: PP_NUMBER, items: 'sku01' }, /^Items: must be line items/],
    [
      'an order with a zero-width space',
      { order: '5O190127TN\u200b364715T', tracking_number: PP_NUMBER },
      /^Order: .*control or invisible characters/,
    ],
    ['an order with half an emoji (lone surrogate)', { order: 'ORD\ud83d', tracking_number: PP_NUMBER }, /^Order: .*broken characters/],
  ])('%s', async (_case, inputData, message) => {
    const error = await failureOf(runAction('add_tracking', inputData, BOTH_AUTH));
    expect(error).toMatchObject({ name: 'AppError', code: 'InvalidInput', status: 400 });
    expect(error.message).toMatch(message);
    expect(gatewayCalls()).toEqual([]);
  });

  it('cancel takes one number', async () => {
    const error = await failureOf(
      runAction('cancel_tracking', { order: PP_ORDER_ID, tracking_number: `${PP_NUMBER},${UPS_NUMBER}` }, BOTH_AUTH),
    );
    expect(error.message).toMatch(/^Tracking Number: enter one tracking number to cancel/);
    expect(gatewayCalls()).toEqual([]);
  });

  it('update names its field as the merchant sees it: New Tracking Number', async () => {
    const error = await failureOf(runAction('update_tracking', { order: PP_ORDER_ID, tracking_number: ' ' }, BOTH_AUTH));
    expect(error.message).toMatch(/^New Tracking Number: Enter a tracking number/);
    expect(gatewayCalls()).toEqual([]);
  });
});

const TRACKING_ACTIONS: ActionKey[] = ['add_tracking', 'add_paypal_tracking', 'add_stripe_tracking', 'update_tracking', 'cancel_tracking'];

describe("Zapier's operation lock on the tracking actions", () => {
  it.each(TRACKING_ACTIONS)('%s: keyed on the Order input, per connection, held no longer than Zapier allows', (key) => {
    const { lock } = (App as any).creates[key].operation;
    expect(lock.key).toContain('{{bundle.inputData.order}}');
    expect(lock.scope).toEqual(['auth']);
    // Covers a whole step (Zapier stops one at 30 s); the schema allows at most 180.
    expect(lock.timeout).toBeGreaterThanOrEqual(30);
    expect(lock.timeout).toBeLessThanOrEqual(180);
  });

  it('all five share one key, so add, update and cancel on one order run one at a time', () => {
    const locks = zapierLocks();
    const bundle = { authData: PAYPAL_AUTH, inputData: { order: PP_ORDER_ID } };
    const keys = TRACKING_ACTIONS.map((key) => locks.renderKey((App as any).creates[key].operation.lock, bundle));
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toContain(PP_ORDER_ID);
    // Another connection, or another order: another lock.
    expect(locks.renderKey((App as any).creates.add_tracking.operation.lock, { ...bundle, authData: STRIPE_AUTH })).not.toBe(keys[0]);
    expect(locks.renderKey((App as any).creates.add_tracking.operation.lock, { ...bundle, inputData: { order: PI_ID } })).not.toBe(keys[0]);
  });
});

describe.each(LOCK_MODES)('exactly once, %s', (_mode, honoured) => {
  const run = useSteps(honoured);

  it('two identical PayPal calls at once: one write, the other answers already_present', async () => {
    paypalToken('sandbox', 2);
    const paypal = statefulPayPalOrder({ writeDelayMs: 200 });
    const input = { order: PP_ORDER_ID, tracking_number: PP_NUMBER };
    const results = await Promise.all([run('add_tracking', input), run('add_tracking', input)]);
    expect(resultsOf(results)).toEqual(['added', 'already_present']);
    expect(paypal.writes()).toBe(1);
    expect(paypal.numbers()).toEqual([PP_NUMBER]);
  });

  it('ten identical Stripe calls at once: one write, nine already_present', async () => {
    const stripe = statefulStripePayment({ writeDelayMs: 100 });
    const input = { order: PI_ID, tracking_number: UPS_NUMBER };
    const results = await Promise.all(Array.from({ length: 10 }, () => run('add_tracking', input, STRIPE_AUTH)));
    expect(resultsOf(results)).toEqual(['added', ...Array(9).fill('already_present')]);
    expect(stripe.writes()).toBe(1);
    expect(stripe.numbers()).toEqual([UPS_NUMBER]);
  });

  it('four different numbers on one Stripe payment at once: each write keeps the others (the shipping hash is replaced whole)', async () => {
    const stripe = statefulStripePayment({ writeDelayMs: 50 });
    const numbers = [UPS_NUMBER, '1Z12345E0205271688', '1Z12345E6605272234', '1Z12345E0305271640'];
    const results = await Promise.all(
      numbers.map((n) => run('add_tracking', { order: PI_ID, tracking_number: n, carrier: 'UPS' }, STRIPE_AUTH)),
    );
    expect(results.map((r) => r.result)).toEqual(Array(4).fill('added'));
    expect(stripe.numbers().sort()).toEqual([...numbers].sort());
    expect(stripe.writes()).toBe(4);
  });

  it("the PaymentIntent and its Charge named at the same instant (two lock keys for Zapier): neither write drops the other's number", async () => {
    const stripe = statefulStripePayment({ writeDelayMs: 100 });
    const results = await Promise.all([
      run('add_tracking', { order: PI_ID, tracking_number: UPS_NUMBER }, STRIPE_AUTH),
      run('add_tracking', { order: CHARGE_ID, tracking_number: '1Z12345E0205271688', carrier: 'UPS' }, STRIPE_AUTH),
    ]);
    expect(results.map((r) => r.result)).toEqual(['added', 'added']);
    expect(stripe.numbers().sort()).toEqual(['1Z12345E0205271688', UPS_NUMBER]);
  });

  it('the same number through the PaymentIntent and through its Charge at once: one write', async () => {
    const stripe = statefulStripePayment({ writeDelayMs: 100 });
    const results = await Promise.all([
      run('add_tracking', { order: PI_ID, tracking_number: UPS_NUMBER }, STRIPE_AUTH),
      run('add_tracking', { order: CHARGE_ID, tracking_number: UPS_NUMBER }, STRIPE_AUTH),
    ]);
    expect(resultsOf(results)).toEqual(['added', 'already_present']);
    expect(stripe.writes()).toBe(1);
  });

  it('update_tracking five times at once on PayPal: the old tracker cancelled once, the new number added once', async () => {
    paypalToken('sandbox', 5);
    const paypal = statefulPayPalOrder({ numbers: [PP_NUMBER], writeDelayMs: 50 });
    const input = { order: PP_ORDER_ID, tracking_number: UPS_NUMBER, old_tracking_number: PP_NUMBER };
    const results = await Promise.all(Array.from({ length: 5 }, () => run('update_tracking', input)));
    expect(resultsOf(results)).toEqual(['already_present', 'already_present', 'already_present', 'already_present', 'replaced']);
    expect(paypal.numbers()).toEqual([UPS_NUMBER]);
    expect(paypal.writes()).toBe(2);
  });
});

describe('exactly once: reads and retries', () => {
  it("a call whose read was overtaken by another call's whole write reads again: no number is lost", async () => {
    // A reads first but slowly; B reads, writes and is done before A claims. A's read is then stale although
    // A never met B, and Stripe's shipping hash is replaced whole on each write: A must not write from it.
    stripeApi().get(`/v1/payment_intents/${PI_ID}`).query(true).delay(400).reply(200, paymentIntent());
    stripeApi().get(`/v1/payment_intents/${PI_ID}`).query(true).reply(200, paymentIntent());
    stripeApi().post(`/v1/payment_intents/${PI_ID}`).reply(200, updatedPaymentIntent(PP_NUMBER, 'FedEx'));
    stripeApi()
      .get(`/v1/payment_intents/${PI_ID}`)
      .query(true)
      .reply(200, paymentIntent({ tracking: PP_NUMBER, carrier: 'FedEx' }));
    stripeApi().post(`/v1/payment_intents/${PI_ID}`).reply(200, updatedPaymentIntent(UPS_NUMBER));

    const a = runAction('add_tracking', { order: PI_ID, tracking_number: UPS_NUMBER }, STRIPE_AUTH);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const b = runAction('add_tracking', { order: PI_ID, tracking_number: PP_NUMBER }, STRIPE_AUTH);
    expect((await Promise.all([a, b])).map((r) => r.result)).toEqual(['added', 'added']);

    const calls = gatewayCalls();
    expect(calls.filter((c) => c.method === 'GET')).toHaveLength(3);
    const lastWrite = JSON.stringify(formOf(calls.filter((c) => c.method === 'POST')[1]!));
    expect(lastWrite).toContain(UPS_NUMBER);
    expect(lastWrite).toContain(PP_NUMBER);
  });

  it('a replay answers from its one read: no second write', async () => {
    stripeApi().get(`/v1/payment_intents/${PI_ID}`).query(true).reply(200, paymentIntent());
    stripeApi().post(`/v1/payment_intents/${PI_ID}`).reply(200, updatedPaymentIntent(UPS_NUMBER));
    stripeApi()
      .get(`/v1/payment_intents/${PI_ID}`)
      .query(true)
      .reply(200, paymentIntent({ tracking: UPS_NUMBER }));
    const input = { order: PI_ID, tracking_number: UPS_NUMBER };
    expect((await runAction('add_tracking', input, STRIPE_AUTH)).result).toBe('added');
    expect((await runAction('add_tracking', input, STRIPE_AUTH)).result).toBe('already_present');
    expect(gatewayCalls().map((c) => c.method)).toEqual(['GET', 'POST', 'GET']);
  });

  it('a failed write gives its claim back, so the retry writes at once', async () => {
    stripeApi().get(`/v1/payment_intents/${PI_ID}`).query(true).times(2).reply(200, paymentIntent());
    stripeApi()
      .post(`/v1/payment_intents/${PI_ID}`)
      .reply(500, { error: { type: 'api_error', message: 'Something went wrong on Stripe’s end.' } });
    stripeApi().post(`/v1/payment_intents/${PI_ID}`).reply(200, updatedPaymentIntent(UPS_NUMBER));
    const input = { order: PI_ID, tracking_number: UPS_NUMBER };

    const first = await failureOf(runAction('add_tracking', input, STRIPE_AUTH));
    expect(first.name).toBe('ThrottledError');
    expect(first.message).toMatch(/temporary problem \(HTTP 500\).*retry/);

    const retried = await runAction('add_tracking', input, STRIPE_AUTH);
    expect(retried.result).toBe('added');

    const calls = gatewayCalls();
    expect(calls.map((c) => c.method)).toEqual(['GET', 'POST', 'GET', 'POST']);
    const writes = calls.filter((c) => c.method === 'POST');
    // A fresh key per attempt: Stripe would replay the saved 500 for a reused key for 24 h.
    expect(writes[0]!.headers['idempotency-key']).not.toEqual(writes[1]!.headers['idempotency-key']);
  });

  it('a retry after a PayPal 500 on the track call succeeds', async () => {
    paypalToken();
    paypalApi().get(ORDER_PATH).times(2).reply(200, paypalOrder());
    paypalApi()
      .post(`${ORDER_PATH}/track`)
      .reply(500, { name: 'INTERNAL_SERVER_ERROR', message: 'An internal server error occurred.', debug_id: '90957fca61718' });
    paypalApi()
      .post(`${ORDER_PATH}/track`)
      .reply(201, paypalOrder([tracker(PP_NUMBER)]));
    const input = { order: PP_ORDER_ID, tracking_number: PP_NUMBER };
    expect((await failureOf(runAction('add_tracking', input))).name).toBe('ThrottledError');
    const retried = await runAction('add_tracking', input);
    expect(retried).toMatchObject({ result: 'added', trackings: [{ tracker_id: `${PP_CAPTURE_ID}${PP_NUMBER}` }] });
    expect(gatewayCalls().map((c) => c.method)).toEqual(['GET', 'POST', 'GET', 'POST']);
  });
});
