/**
 * Bad input is refused before any request; concurrent identical calls write once; a retry after a
 * gateway 500 succeeds (fresh idempotency key, so no replayed error).
 */
import { RECENT_WRITE_SECONDS } from '../../sync/tracking/exactly-once';
import { formOf, paypalApi, paypalToken, stripeApi } from '../support/gateway-nock';
import { BOTH_AUTH, STRIPE_AUTH } from '../support/fixtures';
import { failureOf } from '../support/tester';
import {
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
import { gatewayCalls, runAction } from './helpers';

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

describe('exactly once', () => {
  it('two identical calls at once on one connection: one write; the other waits, re-reads and answers already_present', async () => {
    paypalToken('sandbox', 2);
    // Both first reads see no tracker; the re-read after waiting sees the one the winner added.
    paypalApi().get(ORDER_PATH).times(2).reply(200, paypalOrder());
    paypalApi()
      .get(ORDER_PATH)
      .reply(200, paypalOrder([tracker(PP_NUMBER)]));
    paypalApi()
      .post(`${ORDER_PATH}/track`)
      .delay(300)
      .reply(201, paypalOrder([tracker(PP_NUMBER)]));

    const input = { order: PP_ORDER_ID, tracking_number: PP_NUMBER };
    const results = await Promise.all([runAction('add_tracking', input), runAction('add_tracking', input)]);

    expect(results.map((r) => r.result).sort()).toEqual(['added', 'already_present']);
    const calls = gatewayCalls();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);
    expect(calls.filter((c) => c.method === 'GET')).toHaveLength(3);
  });

  it('two identical Stripe calls at once: one write', async () => {
    stripeApi().get(`/v1/payment_intents/${PI_ID}`).query(true).times(2).reply(200, paymentIntent());
    stripeApi()
      .get(`/v1/payment_intents/${PI_ID}`)
      .query(true)
      .reply(200, paymentIntent({ tracking: UPS_NUMBER }));
    stripeApi().post(`/v1/payment_intents/${PI_ID}`).delay(300).reply(200, updatedPaymentIntent(UPS_NUMBER));
    const input = { order: PI_ID, tracking_number: UPS_NUMBER };
    const results = await Promise.all([runAction('add_tracking', input, STRIPE_AUTH), runAction('add_tracking', input, STRIPE_AUTH)]);
    expect(results.map((r) => r.result).sort()).toEqual(['added', 'already_present']);
    expect(gatewayCalls().filter((c) => c.method === 'POST')).toHaveLength(1);
  });

  it("a call whose read was overtaken by another call's whole write (no wait for the lock) reads again: no number is lost", async () => {
    // A reads first but slowly; B reads, locks, writes and lets go before A takes the lock. A's first read is
    // then stale although A never waited, and Stripe's shipping hash is replaced whole on each write.
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

  it('a replay whose read already shows the last write reads once; after a failed write the next call reads again', async () => {
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
    // The mark lasts longer than a step can sit between its read and its lock.
    expect(RECENT_WRITE_SECONDS).toBeGreaterThan(30);
  });

  it('the lock is released after a failed write, so the retry is not blocked', async () => {
    // A failed write may have landed: for a minute, the next call reads again after taking the lock.
    stripeApi().get(`/v1/payment_intents/${PI_ID}`).query(true).times(3).reply(200, paymentIntent());
    stripeApi()
      .post(`/v1/payment_intents/${PI_ID}`)
      .reply(500, { error: { type: 'api_error', message: 'Something went wrong on Stripe’s end.' } });
    stripeApi().post(`/v1/payment_intents/${PI_ID}`).reply(200, updatedPaymentIntent(UPS_NUMBER));
    const input = { order: PI_ID, tracking_number: UPS_NUMBER };

    const first = await failureOf(runAction('add_tracking', input, STRIPE_AUTH));
    expect(first.name).toBe('ThrottledError');
    expect(first.message).toMatch(/temporary problem \(HTTP 500\).*retry/);

    const started = Date.now();
    const retried = await runAction('add_tracking', input, STRIPE_AUTH);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(retried.result).toBe('added');

    const calls = gatewayCalls();
    expect(calls.map((c) => c.method)).toEqual(['GET', 'POST', 'GET', 'GET', 'POST']);
    const writes = calls.filter((c) => c.method === 'POST');
    // A fresh key per attempt: Stripe would replay the saved 500 for a reused key for 24 h.
    expect(writes[0]!.headers['idempotency-key']).not.toEqual(writes[1]!.headers['idempotency-key']);
  });

  it('a retry after a PayPal 500 on the track call succeeds', async () => {
    paypalToken();
    // A failed write may have landed: the retry reads the order again after taking the lock (3 reads in all).
    paypalApi().get(ORDER_PATH).times(3).reply(200, paypalOrder());
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
    expect(gatewayCalls().map((c) => c.method)).toEqual(['GET', 'POST', 'GET', 'GET', 'POST']);
  });
});
