/**
 * order_status_changed, Stripe deliveries through Zapier's createAppTester with Stripe faked by nock: signature
 * checks, the reads an event lacks, one Order per event and Zap, and no event lost when the reads fail (the read
 * retries run on a virtual clock: test/support/retry-clock.ts).
 */
import * as cacheModule from '../../gateways/cache';
import { ORDER_KEYS } from '../../orders/order';
import { DELIVERY_MEMORY_SECONDS } from '../../sync/events/once';
import { PAYPAL_MAX_AGE_SECONDS, PAYPAL_MAX_CLOCK_SKEW_SECONDS } from '../../webhooks';
import { CHARGE_FULLY_REFUNDED, CHARGE_OF_PI, DISPUTE, PI_SUCCEEDED, SHIPPING, stripeEvent } from '../orders/fixtures/stripe';
import { countCacheCalls } from '../support/cache-calls';
import { PAYPAL_AUTH, STRIPE_AUTH, STRIPE_WEBHOOK_SECRET } from '../support/fixtures';
import { stripeApi, takeCapturedRequests } from '../support/gateway-nock';
import { useVirtualRetryClock } from '../support/retry-clock';
import { runApp } from '../support/tester';
import zcache from '../support/zcache';
import { stripeDelivery } from './fixtures';
import { logLines, NOW_SECONDS, STRIPE_503, STRIPE_SUBSCRIPTION, trigger } from './hook-support';

beforeEach(() => (console.log as unknown as jest.Mock).mockClear());
const clock = useVirtualRetryClock();
const cacheCalls = countCacheCalls();

describe('order_status_changed: Stripe deliveries', () => {
  const paid = stripeEvent('payment_intent.succeeded', { ...PI_SUCCEEDED, shipping: SHIPPING });
  const perform = (rawRequest: unknown, inputData: Record<string, unknown> = {}) =>
    runApp(trigger.perform, {
      authData: STRIPE_AUTH,
      subscribeData: STRIPE_SUBSCRIPTION,
      inputData,
      rawRequest,
      cleanedRequest: JSON.parse((rawRequest as { content: string }).content || '{}'),
    });

  it('turns a validly signed delivery into one Order, with no further request', async () => {
    const orders = await perform(stripeDelivery(paid));
    expect(orders).toHaveLength(1);
    expect(Object.keys(orders[0])).toEqual(ORDER_KEYS);
    expect(orders[0]).toMatchObject({
      id: `stripe:${PI_SUCCEEDED.id}:paid`,
      gateway: 'stripe',
      environment: 'test',
      status: 'paid',
      event_id: paid.id,
      amount: '20.00',
      currency: 'USD',
      has_tracking: true,
      tracking_number: SHIPPING.tracking_number,
    });
    expect(takeCapturedRequests()).toEqual([]);
  });

  it.each([
    ['signed with another secret', () => stripeDelivery(paid, { secret: 'whsec_someone_else' }), 'bad_signature'],
    [
      'with a tampered body',
      () => stripeDelivery(paid, { body: JSON.stringify({ ...paid, type: 'payment_intent.succeeded', id: 'evt_forged' }, null, 2) }),
      'bad_signature',
    ],
    ['signed 301 s ago', () => stripeDelivery(paid, { timestamp: NOW_SECONDS() - 301 }), 'stale_timestamp'],
  ])('yields no Order for a delivery %s, and logs why', async (_name, delivery, code) => {
    expect(await perform(delivery())).toEqual([]);
    expect(logLines()).toContain(`Stripe check failed (${code})`);
  });

  it('yields no Order for a delivery without a signature header', async () => {
    const { headers, ...rest } = stripeDelivery(paid);
    expect(await perform({ ...rest, headers: { 'Content-Type': headers['Content-Type'] } })).toEqual([]);
    expect(logLines()).toContain('neither a Stripe nor a PayPal signature header');
  });

  it('yields no Order for a verified event of a status not chosen', async () => {
    expect(await perform(stripeDelivery(paid), { statuses: ['refunded'] })).toEqual([]);
  });

  it('reads the PaymentIntent a charge.refunded event lacks (one request)', async () => {
    const refunded = stripeEvent('charge.refunded', CHARGE_FULLY_REFUNDED);
    stripeApi()
      .get(`/v1/payment_intents/${PI_SUCCEEDED.id}`)
      .query({ 'expand[0]': 'latest_charge' })
      .reply(200, { ...PI_SUCCEEDED, shipping: SHIPPING, metadata: { order_id: '6735' } });
    const orders = await perform(stripeDelivery(refunded), { statuses: ['refunded'] });
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({
      status: 'refunded',
      merchant_reference: '6735',
      amount_refunded: '20.00',
      shipping_city: 'San Francisco',
    });
    expect(takeCapturedRequests()).toHaveLength(1);
  });
  it('reads the PaymentIntent (with its Charge) a dispute event lacks (one request)', async () => {
    const disputed = stripeEvent('charge.dispute.created', {
      ...DISPUTE,
      status: 'needs_response',
      charge: CHARGE_OF_PI.id,
      payment_intent: PI_SUCCEEDED.id,
    }); // state:
    stripeApi()
      .get(`/v1/payment_intents/${PI_SUCCEEDED.id}`)
      .query({ 'expand[0]': 'latest_charge' })
      .reply(200, { ...PI_SUCCEEDED, shipping: SHIPPING, latest_charge: { ...CHARGE_OF_PI, disputed: true } });
    const orders = await perform(stripeDelivery(disputed), { statuses: ['disputed'] });
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({
      id: `stripe:${PI_SUCCEEDED.id}:disputed`,
      gateway_status: 'needs_response',
      shipping_name: SHIPPING.name,
    });
    expect(takeCapturedRequests()).toHaveLength(1);
  });

  it('emits the Order from the event when the connection lost its Stripe key, saying so (the event would be lost otherwise)', async () => {
    const refunded = stripeEvent('charge.refunded', CHARGE_FULLY_REFUNDED);
    const orders = await runApp(trigger.perform, {
      authData: PAYPAL_AUTH,
      subscribeData: STRIPE_SUBSCRIPTION,
      inputData: { statuses: ['refunded'] },
      rawRequest: stripeDelivery(refunded),
      cleanedRequest: refunded,
    });
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ id: `stripe:${PI_SUCCEEDED.id}:refunded`, environment: 'test', details_complete: false });
    expect(orders[0].details_missing).toMatch(/^Stripe could not be read: this connection has no Stripe credentials any more; reconnect/);
    expect(takeCapturedRequests()).toEqual([]);
  });

  it('a validly signed snapshot needs no read: its Order is complete', async () => {
    const [order] = await perform(stripeDelivery(paid));
    expect(order).toMatchObject({ details_complete: true, details_missing: '' });
  });
});

describe('order_status_changed: each Stripe event yields one Order per Zap, never lost', () => {
  const paid = stripeEvent('payment_intent.succeeded', { ...PI_SUCCEEDED, shipping: SHIPPING });
  const runStripe = (rawRequest: { content: string }, subscribeData: Record<string, unknown> = STRIPE_SUBSCRIPTION) =>
    runApp(trigger.perform, {
      authData: STRIPE_AUTH,
      subscribeData,
      inputData: {},
      rawRequest,
      cleanedRequest: JSON.parse(rawRequest.content),
    });

  it('emits a Stripe event redelivered with a fresh signature once, and logs the repeat', async () => {
    expect(await runStripe(stripeDelivery(paid, { timestamp: NOW_SECONDS() - 60 }))).toHaveLength(1);
    expect(await runStripe(stripeDelivery(paid))).toEqual([]);
    expect(logLines()).toContain(`event ${paid.id} was already delivered to this Zap`);
  });

  it('emits the same event once for each Zap on one connection (each has its own webhook)', async () => {
    const otherZap = { stripe_webhook_id: 'we_1OtherZapEndpoint000000', stripe_secret: STRIPE_WEBHOOK_SECRET }; // state: a second Zap's endpoint
    expect(await runStripe(stripeDelivery(paid))).toHaveLength(1);
    expect(await runStripe(stripeDelivery(paid), otherZap)).toHaveLength(1);
    expect(await runStripe(stripeDelivery(paid), otherZap)).toEqual([]);
  });

  const refunded = stripeEvent('charge.refunded', CHARGE_FULLY_REFUNDED);
  const piRead = () => stripeApi().get(`/v1/payment_intents/${PI_SUCCEEDED.id}`).query({ 'expand[0]': 'latest_charge' });
  const runRefunded = (delivery = stripeDelivery(refunded)) =>
    runApp(trigger.perform, {
      authData: STRIPE_AUTH,
      subscribeData: STRIPE_SUBSCRIPTION,
      inputData: { statuses: ['refunded'] },
      rawRequest: delivery,
      cleanedRequest: refunded,
    });

  it('a read that fails, then answers, gives the complete Order in the same run, once', async () => {
    piRead().reply(503, STRIPE_503);
    piRead().reply(200, { ...PI_SUCCEEDED, shipping: SHIPPING, metadata: { order_id: '6735' } });
    const delivery = stripeDelivery(refunded);
    const orders = await runRefunded(delivery);
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({
      merchant_reference: '6735',
      shipping_city: 'San Francisco',
      details_complete: true,
      details_missing: '',
    });
    expect(clock.waits).toEqual([4000]);
    expect(await runRefunded(delivery)).toEqual([]);
  });

  it('when every read fails, emits the Order from the event’s own Charge, once, and never throws', async () => {
    piRead().times(5).reply(503, STRIPE_503);
    const delivery = stripeDelivery(refunded);
    const orders = await runRefunded(delivery);
    expect(orders).toHaveLength(1);
    // What the event's Charge says: status, amounts, payment; what only the PaymentIntent read gives stays empty.
    expect(orders[0]).toMatchObject({
      id: `stripe:${PI_SUCCEEDED.id}:refunded`,
      status: 'refunded',
      payment_id: CHARGE_FULLY_REFUNDED.id,
      amount_refunded: '20.00',
      merchant_reference: null,
      details_complete: false,
    });
    expect(orders[0].details_missing).toMatch(
      /^Stripe could not be read \(5 tries in \d+(\.\d)? s\): Stripe had a temporary problem \(HTTP 503\) while reading Stripe payment pi_3MtwBwLkdIwHu7ix28a3tqPa: Service unavailable\. Built from the Stripe event alone; not known: Merchant Reference, /,
    );
    expect(clock.elapsedMs()).toBeLessThanOrEqual(20_000);
    expect(await runRefunded(delivery)).toEqual([]); // and it stays one Order
  });

  it('a revoked key (401) is not retried: the Order comes from the event, and details_missing names the key problem without the key', async () => {
    piRead().reply(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided: sk_test_****' } });
    const orders = await runRefunded();
    expect(orders).toHaveLength(1);
    expect(orders[0].details_complete).toBe(false);
    expect(orders[0].details_missing).toMatch(
      /^Stripe could not be read: Stripe rejected the connection's secret key \(HTTP 401\).*Reconnect/,
    );
    expect(orders[0].details_missing).not.toContain(STRIPE_AUTH.stripe_secret_key);
    expect(clock.waits).toEqual([]);
    expect(takeCapturedRequests()).toHaveLength(1);
  });

  it('a z.cache that fails loses no delivery: the Order is emitted, and the log says the event could not be noted', async () => {
    const down = () => Promise.reject(new Error('z.cache RPC unavailable'));
    jest.spyOn(cacheModule, 'connectionCache').mockImplementation(() => ({ get: down, set: down, delete: down }));
    piRead().reply(200, { ...PI_SUCCEEDED, shipping: SHIPPING });
    expect(await runRefunded()).toHaveLength(1);
    expect(logLines()).toContain(`could not note event ${refunded.id} as seen (the cache refused or failed); emitting it anyway`);
  });

  it('makes one z.cache call per Stripe delivery (the event’s seen-mark), none more on a read failure', async () => {
    piRead().times(5).reply(503, STRIPE_503);
    await runRefunded();
    expect(cacheCalls.list.map((call) => call.split(':')[0])).toEqual(['set hook-seen']);
  });

  it('remembers an event for PayPal’s whole acceptance window, then lets the memory go', async () => {
    expect(DELIVERY_MEMORY_SECONDS).toBeGreaterThanOrEqual(PAYPAL_MAX_AGE_SECONDS + PAYPAL_MAX_CLOCK_SKEW_SECONDS);
    expect(await runStripe(stripeDelivery(paid))).toHaveLength(1);
    zcache.advanceSeconds(DELIVERY_MEMORY_SECONDS - 1);
    expect(await runStripe(stripeDelivery(paid))).toEqual([]);
    zcache.advanceSeconds(2);
    expect(await runStripe(stripeDelivery(paid))).toHaveLength(1);
  });
});
