import nock from 'nock';
import zapier from 'zapier-platform-core';
import { ORDER_KEYS } from '../../orders/order';
import { paypalEventsFor, stripeEventsFor } from '../../orders/status';
import {
  CAPTURE_REFUNDED,
  CAPTURE_DETAILS,
  SANDBOX_CAPTURE_COMPLETED,
  REFUNDED_CAPTURE_ID,
  ORDER_COMPLETED,
} from '../orders/fixtures/paypal';
import { CHARGE_FULLY_REFUNDED, CHARGE_OF_PI, DISPUTE, PI_SUCCEEDED, SHIPPING, stripeEvent } from '../orders/fixtures/stripe';
import { formOf, nonConformingRequests, paypalApi, paypalToken, stripeApi, takeCapturedRequests } from '../support/gateway-nock';
import { BOTH_AUTH, PAYPAL_AUTH, STRIPE_AUTH, STRIPE_WEBHOOK_SECRET } from '../support/fixtures';
import * as cacheModule from '../../gateways/cache';
import { countCacheCalls } from '../support/cache-calls';
import { useVirtualRetryClock } from '../support/retry-clock';
import { App, failureOf, runApp } from '../support/tester';
import zcache from '../support/zcache';
import { forgetCertificatesInProcess } from '../../sync/events/verify';
import { DELIVERY_MEMORY_SECONDS } from '../../sync/events/once';
import { PAYPAL_MAX_AGE_SECONDS, PAYPAL_MAX_CLOCK_SKEW_SECONDS } from '../../webhooks';
import { crc32 } from '../../webhooks/crc32';
import { PAYPAL_CERT_URL, sameCrc32, TEST_CERT_PEM } from '../webhooks/paypal-fixtures';
import {
  PAYPAL_WEBHOOK,
  SANDBOX_CAPTURE_ID,
  SANDBOX_ORDER,
  SANDBOX_ORDER_ID,
  STRIPE_ENDPOINT,
  TARGET_URL,
  paypalDelivery,
  stripeDelivery,
  stripeEndpointList,
} from './fixtures';

const trigger = App.triggers!.order_status_changed!.operation as any;
// The subscribe result holds the Stripe signing secret by design (it becomes subscribeData), so it is
// run outside runApp's result scan; its logs (core's HTTP log of Stripe's answer) are still scanned.
const subscribeTester = zapier.createAppTester(App) as (fn: unknown, bundle: unknown) => Promise<any>;

const STRIPE_SUBSCRIPTION = { stripe_webhook_id: STRIPE_ENDPOINT.id, stripe_secret: STRIPE_WEBHOOK_SECRET };
const PAYPAL_SUBSCRIPTION = { paypal_webhook_id: PAYPAL_WEBHOOK.id };
const NOW_SECONDS = () => Math.floor(Date.now() / 1000);

beforeEach(() => (console.log as unknown as jest.Mock).mockClear());
const clock = useVirtualRetryClock();
const cacheCalls = countCacheCalls();
const STRIPE_503 = { error: { type: 'api_error', message: 'Service unavailable' } };
const PAYPAL_500 = { name: 'INTERNAL_SERVER_ERROR', message: 'An internal server error has occurred.', debug_id: '90957fca61718' };
const logLines = () => (console.log as unknown as jest.Mock).mock.calls.map((args) => args.map(String).join(' ')).join('\n');

/** PayPal's own copy of a delivered event (GET /v1/notifications/webhooks-events/{id}), read back for every delivery. */
const eventRead = (event: { id: string }, times = 1) =>
  paypalApi().get(`/v1/notifications/webhooks-events/${event.id}`).times(times).reply(200, event);
const eventReadsFail = (times: number) =>
  paypalApi()
    .get(/^\/v1\/notifications\/webhooks-events\//)
    .times(times)
    .reply(500, PAYPAL_500);

const certServer = (times = 1) =>
  nock('https://api.paypal.com').get(new URL(PAYPAL_CERT_URL).pathname).times(times).reply(200, TEST_CERT_PEM);

describe('order_status_changed: subscribe', () => {
  /** Stripe's endpoint is made (no leftover listed), then deleted again when PayPal fails; PayPal's token is minted. */
  const stripeEndpointMadeThenRolledBack = () => {
    stripeApi().get('/v1/webhook_endpoints').query({ limit: 100 }).reply(200, stripeEndpointList());
    stripeApi().post('/v1/webhook_endpoints').reply(200, STRIPE_ENDPOINT);
    const deleted = stripeApi()
      .delete(`/v1/webhook_endpoints/${STRIPE_ENDPOINT.id}`)
      .reply(200, { id: STRIPE_ENDPOINT.id, object: 'webhook_endpoint', deleted: true });
    paypalToken();
    return deleted;
  };

  it('creates one webhook per gateway for exactly the events of the chosen statuses and keeps the Stripe secret', async () => {
    stripeApi().get('/v1/webhook_endpoints').query({ limit: 100 }).reply(200, stripeEndpointList());
    stripeApi().post('/v1/webhook_endpoints').reply(200, STRIPE_ENDPOINT);
    paypalToken();
    paypalApi().post('/v1/notifications/webhooks').reply(201, PAYPAL_WEBHOOK);

    const data = await subscribeTester(trigger.performSubscribe, {
      authData: BOTH_AUTH,
      targetUrl: TARGET_URL,
      inputData: { gateways: ['stripe', 'paypal'], statuses: ['paid', 'refunded'] },
    });

    expect(data).toEqual({
      stripe_webhook_id: STRIPE_ENDPOINT.id,
      stripe_secret: STRIPE_WEBHOOK_SECRET,
      paypal_webhook_id: PAYPAL_WEBHOOK.id,
    });
    expect(nonConformingRequests()).toEqual([]);
    const requests = takeCapturedRequests();
    const stripe = formOf(requests.find((r) => r.url.endsWith('/v1/webhook_endpoints'))!);
    expect(stripe.url).toBe(TARGET_URL);
    const enabled = Object.entries(stripe)
      .filter(([k]) => k.startsWith('enabled_events['))
      .map(([, v]) => v);
    expect(enabled).toEqual(['payment_intent.succeeded', 'charge.refunded']);
    expect(enabled).toEqual(stripeEventsFor(['paid', 'refunded']));
    const paypal = JSON.parse(requests.find((r) => r.url.endsWith('/v1/notifications/webhooks'))!.body);
    expect(paypal).toEqual({
      url: TARGET_URL,
      event_types: ['PAYMENT.CAPTURE.COMPLETED', 'PAYMENT.CAPTURE.REFUNDED', 'PAYMENT.CAPTURE.REVERSED'].map((name) => ({ name })),
    });
    expect(paypal.event_types.map((e: { name: string }) => e.name)).toEqual(paypalEventsFor(['paid', 'refunded']));
  });

  it('defaults to every configured gateway and the paid status', async () => {
    stripeApi().get('/v1/webhook_endpoints').query({ limit: 100 }).reply(200, stripeEndpointList());
    stripeApi().post('/v1/webhook_endpoints').reply(200, STRIPE_ENDPOINT);
    const data = await subscribeTester(trigger.performSubscribe, { authData: STRIPE_AUTH, targetUrl: TARGET_URL, inputData: {} });
    expect(data).toEqual(STRIPE_SUBSCRIPTION);
    const requests = takeCapturedRequests();
    expect(requests.map((r) => r.method)).toEqual(['GET', 'POST']); // the list finds no endpoint left by an earlier try
    const form = formOf(requests[1]!);
    expect(form['enabled_events[0]']).toBe('payment_intent.succeeded');
    expect(form['enabled_events[1]']).toBeUndefined();
  });

  it('deletes the Stripe endpoint it made when PayPal then fails, and reports PayPal’s error', async () => {
    const deleted = stripeEndpointMadeThenRolledBack();
    paypalApi()
      .post('/v1/notifications/webhooks')
      .reply(500, { name: 'INTERNAL_SERVER_ERROR', message: 'An internal server error has occurred.', debug_id: '90957fca61718' });

    const error = await failureOf(runApp(trigger.performSubscribe, { authData: BOTH_AUTH, targetUrl: TARGET_URL, inputData: {} }));
    expect(error.name).toBe('ThrottledError');
    expect(error.message).toMatch(/creating the PayPal sandbox webhook/);
    expect(deleted.isDone()).toBe(true);
  });

  describe('run again after a subscribe whose answer was lost', () => {
    it("Stripe: deletes the endpoint already registered for this Zap's URL (its secret is unknown), keeps others, creates one", async () => {
      const orphan = { ...STRIPE_ENDPOINT, id: 'we_1OrphanFromTimeout000' };
      const otherZap = {
        ...STRIPE_ENDPOINT,
        id: 'we_1OtherZapEndpoint0000',
        url: 'https://hooks.zapier.com/hooks/standard/1234567/other/',
      };
      stripeApi().get('/v1/webhook_endpoints').query({ limit: 100 }).reply(200, stripeEndpointList(otherZap, orphan));
      const deleted = stripeApi()
        .delete(`/v1/webhook_endpoints/${orphan.id}`)
        .reply(200, { id: orphan.id, object: 'webhook_endpoint', deleted: true });
      stripeApi().post('/v1/webhook_endpoints').reply(200, STRIPE_ENDPOINT);
      const data = await subscribeTester(trigger.performSubscribe, { authData: STRIPE_AUTH, targetUrl: TARGET_URL, inputData: {} });
      expect(data).toEqual(STRIPE_SUBSCRIPTION);
      expect(deleted.isDone()).toBe(true);
      expect(nonConformingRequests()).toEqual([]);
      expect(takeCapturedRequests().map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
        'GET /v1/webhook_endpoints',
        `DELETE /v1/webhook_endpoints/${orphan.id}`,
        'POST /v1/webhook_endpoints',
      ]);
    });

    it('PayPal: on WEBHOOK_URL_ALREADY_EXISTS deletes the webhook registered for this URL and creates it again with the chosen events', async () => {
      const orphan = { ...PAYPAL_WEBHOOK, id: '5GP028458E2496506' };
      const other = { ...PAYPAL_WEBHOOK, id: '40Y916089Y8324740', url: 'https://hooks.zapier.com/hooks/standard/1234567/other/' };
      paypalToken();
      paypalApi()
        .post('/v1/notifications/webhooks')
        .reply(400, { name: 'WEBHOOK_URL_ALREADY_EXISTS', message: 'Webhook URL already exists.', debug_id: '90957fca61718' });
      paypalApi()
        .get('/v1/notifications/webhooks')
        .reply(200, { webhooks: [other, orphan] });
      const deleted = paypalApi().delete(`/v1/notifications/webhooks/${orphan.id}`).reply(204);
      paypalApi().post('/v1/notifications/webhooks').reply(201, PAYPAL_WEBHOOK);
      const data = await runApp(trigger.performSubscribe, {
        authData: PAYPAL_AUTH,
        targetUrl: TARGET_URL,
        inputData: { statuses: ['refunded'] },
      });
      expect(data).toEqual({ paypal_webhook_id: PAYPAL_WEBHOOK.id });
      expect(deleted.isDone()).toBe(true);
      expect(nonConformingRequests()).toEqual([]);
      const requests = takeCapturedRequests().filter((r) => !r.url.endsWith('/v1/oauth2/token'));
      expect(requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
        'POST /v1/notifications/webhooks',
        'GET /v1/notifications/webhooks',
        `DELETE /v1/notifications/webhooks/${orphan.id}`,
        'POST /v1/notifications/webhooks',
      ]);
      expect(JSON.parse(requests[3]!.body).event_types.map((e: { name: string }) => e.name)).toEqual(paypalEventsFor(['refunded']));
    });

    it('PayPal: a URL conflict the list does not explain is reported, not retried in a loop', async () => {
      paypalToken();
      const conflict = { name: 'WEBHOOK_URL_ALREADY_EXISTS', message: 'Webhook URL already exists.', debug_id: '90957fca61718' };
      paypalApi().post('/v1/notifications/webhooks').twice().reply(400, conflict);
      paypalApi().get('/v1/notifications/webhooks').reply(200, { webhooks: [] });
      const error = await failureOf(runApp(trigger.performSubscribe, { authData: PAYPAL_AUTH, targetUrl: TARGET_URL, inputData: {} }));
      expect(error.message).toMatch(/WEBHOOK_URL_ALREADY_EXISTS|already exists/);
      expect(takeCapturedRequests().filter((r) => r.method === 'POST' && r.url.endsWith('/v1/notifications/webhooks'))).toHaveLength(2);
    });
  });

  it('says the Stripe cap of 16 endpoints is reached and names the polling trigger', async () => {
    // Stripe's answer as the sandbox emulates it (no code; the message is all Stripe gives).
    stripeApi().get('/v1/webhook_endpoints').query({ limit: 100 }).reply(200, stripeEndpointList());
    stripeApi()
      .post('/v1/webhook_endpoints')
      .reply(400, {
        error: { type: 'invalid_request_error', message: 'You have reached the maximum of 16 test webhook endpoints.', param: 'url' },
      });
    const error = await failureOf(runApp(trigger.performSubscribe, { authData: STRIPE_AUTH, targetUrl: TARGET_URL, inputData: {} }));
    const details = error;
    expect(details.code).toBe('WebhookLimitReached');
    expect(details.message).toMatch(/at most 16 webhook endpoints/);
    expect(details.message).toContain('Order Status Changed (Scheduled)');
    expect(details.message).toContain('order_status_changed_polling');
  });

  it('says the PayPal cap of 10 webhooks is reached, names the polling trigger, and leaves no Stripe endpoint behind', async () => {
    const deleted = stripeEndpointMadeThenRolledBack();
    // https://developer.paypal.com/api/webhooks/v1/errors/webhook_number_limit_exceeded
    paypalApi().post('/v1/notifications/webhooks').reply(400, {
      name: 'WEBHOOK_NUMBER_LIMIT_EXCEEDED',
      message: 'You can create a maximum of ten webhooks for an application.',
      debug_id: '4a6e9c3f1c2d1',
    });
    const error = await failureOf(runApp(trigger.performSubscribe, { authData: BOTH_AUTH, targetUrl: TARGET_URL, inputData: {} }));
    const details = error;
    expect(details.code).toBe('WebhookLimitReached');
    expect(details.message).toMatch(/at most 10 webhooks per REST app/);
    expect(details.message).toContain('Order Status Changed (Scheduled)');
    expect(deleted.isDone()).toBe(true);
  });
});

describe('order_status_changed: unsubscribe', () => {
  it('deletes both webhooks', async () => {
    const stripe = stripeApi()
      .delete(`/v1/webhook_endpoints/${STRIPE_ENDPOINT.id}`)
      .reply(200, { id: STRIPE_ENDPOINT.id, object: 'webhook_endpoint', deleted: true });
    paypalToken();
    const paypal = paypalApi().delete(`/v1/notifications/webhooks/${PAYPAL_WEBHOOK.id}`).reply(204);
    const result = await runApp(trigger.performUnsubscribe, {
      authData: BOTH_AUTH,
      subscribeData: { ...STRIPE_SUBSCRIPTION, ...PAYPAL_SUBSCRIPTION },
    });
    expect(result).toEqual({ stripe: true, paypal: true });
    expect(stripe.isDone() && paypal.isDone()).toBe(true);
  });

  it('counts webhooks already deleted (404) as deleted', async () => {
    stripeApi()
      .delete(`/v1/webhook_endpoints/${STRIPE_ENDPOINT.id}`)
      .reply(404, {
        error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such webhook endpoint: '${STRIPE_ENDPOINT.id}'` },
      });
    paypalToken();
    paypalApi()
      .delete(`/v1/notifications/webhooks/${PAYPAL_WEBHOOK.id}`)
      .reply(404, { name: 'INVALID_RESOURCE_ID', message: 'Resource id is invalid.' });
    const result = await runApp(trigger.performUnsubscribe, {
      authData: BOTH_AUTH,
      subscribeData: { ...STRIPE_SUBSCRIPTION, ...PAYPAL_SUBSCRIPTION },
    });
    expect(result).toEqual({ stripe: false, paypal: false });
    expect(nock.pendingMocks()).toEqual([]);
  });
});

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

describe('order_status_changed: PayPal deliveries', () => {
  const perform = (rawRequest: unknown, subscribeData: Record<string, unknown> = PAYPAL_SUBSCRIPTION) =>
    runApp(trigger.perform, { authData: PAYPAL_AUTH, subscribeData, inputData: {}, rawRequest, cleanedRequest: {} });
  const orderRead = () => paypalApi().get(`/v2/checkout/orders/${SANDBOX_ORDER_ID}`).reply(200, SANDBOX_ORDER);

  it('verifies a signed delivery offline, reads the event back and the order it names, and fetches the certificate only once', async () => {
    const cert = certServer(1);
    paypalToken();
    eventRead(SANDBOX_CAPTURE_COMPLETED);
    orderRead();
    const orders = await perform(paypalDelivery(SANDBOX_CAPTURE_COMPLETED, { webhookId: PAYPAL_WEBHOOK.id }));
    expect(orders).toHaveLength(1);
    expect(Object.keys(orders[0])).toEqual(ORDER_KEYS);
    expect(orders[0]).toMatchObject({
      id: `paypal:${SANDBOX_ORDER_ID}:paid`,
      gateway: 'paypal',
      environment: 'test',
      payment_id: SANDBOX_CAPTURE_ID,
      status: 'paid',
      customer_email: 'customer@example.com',
      shipping_city: 'Anytown',
      event_id: SANDBOX_CAPTURE_COMPLETED.id,
    });
    expect(cert.isDone()).toBe(true);

    // A second event: the certificate comes from the connection's cache (the cert mock is used up).
    // (This test used to send the very same event twice and expect two Orders; a repeat now yields none.)
    const nextEvent = { ...SANDBOX_CAPTURE_COMPLETED, id: 'WH-58D329510W468432D-8HN650336L201105X' }; // state: another event of the same capture
    eventRead(nextEvent);
    orderRead();
    const again = await perform(paypalDelivery(nextEvent, { webhookId: PAYPAL_WEBHOOK.id }));
    expect(again).toHaveLength(1);
    // Per delivery: the event read back and the order read (the token is minted once per connection).
    expect(takeCapturedRequests().map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      'POST /v1/oauth2/token',
      `GET /v1/notifications/webhooks-events/${SANDBOX_CAPTURE_COMPLETED.id}`,
      `GET /v2/checkout/orders/${SANDBOX_ORDER_ID}`,
      `GET /v1/notifications/webhooks-events/${nextEvent.id}`,
      `GET /v2/checkout/orders/${SANDBOX_ORDER_ID}`,
    ]);
  });

  it('when PayPal’s API is down, retries within 20 s, then emits the Order from the capture in the event, saying what is missing and why', async () => {
    certServer();
    paypalToken();
    const reads = eventReadsFail(10);
    const orders = await perform(paypalDelivery(SANDBOX_CAPTURE_COMPLETED, { webhookId: PAYPAL_WEBHOOK.id }));
    expect(orders).toHaveLength(1);
    expect(Object.keys(orders[0])).toEqual(ORDER_KEYS);
    expect(orders[0]).toMatchObject({
      id: `paypal:${SANDBOX_ORDER_ID}:paid`,
      status: 'paid',
      payment_id: SANDBOX_CAPTURE_ID,
      amount: '100.00',
      customer_email: null,
      details_complete: false,
    });
    expect(orders[0].details_missing).toMatch(
      /^PayPal could not be read \(5 tries in \d+(\.\d)? s\): PayPal had a temporary problem \(HTTP 500\) while reading PayPal sandbox webhook event WH-2CL46544TB770421K-5VB92446WP7345818: INTERNAL_SERVER_ERROR/,
    );
    expect(orders[0].details_missing).toMatch(
      /Built from the PayPal event alone; not known: .*Customer Email.*Shipping Address, Tracking\.$/,
    );
    expect(orders[0].details_missing).not.toMatch(/Zapier will retry/);
    // Five reads; the gateway's delay (none given: 60 s) honoured up to 4 s each time, 16 s of the 20 s in all.
    expect(reads.pendingMocks()).toHaveLength(1);
    expect(clock.waits).toEqual([4000, 4000, 4000, 4000]);
    expect(logLines()).toContain('the Order of event WH-2CL46544TB770421K-5VB92446WP7345818 is built from the event alone');
  });

  it('honours a short Retry-After, and a read that answers on a retry gives the complete Order', async () => {
    certServer();
    paypalToken();
    eventRead(SANDBOX_CAPTURE_COMPLETED);
    paypalApi().get(`/v2/checkout/orders/${SANDBOX_ORDER_ID}`).reply(429, { name: 'RATE_LIMIT_REACHED' }, { 'Retry-After': '2' });
    paypalApi().get(`/v2/checkout/orders/${SANDBOX_ORDER_ID}`).reply(200, SANDBOX_ORDER);
    const orders = await perform(paypalDelivery(SANDBOX_CAPTURE_COMPLETED, { webhookId: PAYPAL_WEBHOOK.id }));
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ customer_email: 'customer@example.com', details_complete: true, details_missing: '' });
    expect(clock.waits).toEqual([2000]);
  });

  it('a refund event names only its capture: when the reads fail, its Order has the capture and says the order and full/partial are unknown', async () => {
    certServer();
    paypalToken();
    eventRead(CAPTURE_REFUNDED);
    paypalApi()
      .get(`/v2/payments/captures/${REFUNDED_CAPTURE_ID}`)
      .times(5)
      .reply(503, { name: 'SERVICE_UNAVAILABLE', message: 'Service Unavailable.', debug_id: '90957fca61718' });
    // A Zap that wants partial refunds only: the event may be one, so it is not filtered out on a guess.
    const orders = await runApp(trigger.perform, {
      authData: PAYPAL_AUTH,
      subscribeData: PAYPAL_SUBSCRIPTION,
      inputData: { statuses: ['partially_refunded'] },
      rawRequest: paypalDelivery(CAPTURE_REFUNDED, { webhookId: PAYPAL_WEBHOOK.id }),
      cleanedRequest: {},
    });
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({
      id: `paypal:${REFUNDED_CAPTURE_ID}:refunded`,
      order_id: null,
      payment_id: REFUNDED_CAPTURE_ID,
      amount_refunded: '1.98',
      details_complete: false,
    });
    expect(orders[0].details_missing).toMatch(/HTTP 503\).*not known: Order ID, .*whether the refund is full or partial, Tracking\.$/);
  });

  it('a revoked PayPal key is not retried: the Order comes from the event, and details_missing says to reconnect', async () => {
    certServer();
    paypalApi()
      .post('/v1/oauth2/token', 'grant_type=client_credentials')
      .reply(401, { error: 'invalid_client', error_description: 'Client Authentication failed' });
    const orders = await perform(paypalDelivery(SANDBOX_CAPTURE_COMPLETED, { webhookId: PAYPAL_WEBHOOK.id }));
    expect(orders).toHaveLength(1);
    expect(orders[0].details_complete).toBe(false);
    expect(orders[0].details_missing).toMatch(
      /^PayPal could not be read: PayPal sandbox rejected the client ID and secret \(invalid_client/,
    );
    expect(clock.waits).toEqual([]);
    expect(takeCapturedRequests()).toHaveLength(1);
  });

  it('reads the capture and then the order a refund event lacks (two requests after the event)', async () => {
    certServer();
    paypalToken();
    eventRead(CAPTURE_REFUNDED);
    paypalApi()
      .get(`/v2/payments/captures/${REFUNDED_CAPTURE_ID}`)
      .reply(200, { ...CAPTURE_DETAILS, supplementary_data: { related_ids: { order_id: ORDER_COMPLETED.id } } });
    paypalApi().get(`/v2/checkout/orders/${ORDER_COMPLETED.id}`).reply(200, ORDER_COMPLETED);
    const orders = await runApp(trigger.perform, {
      authData: PAYPAL_AUTH,
      subscribeData: PAYPAL_SUBSCRIPTION,
      inputData: { statuses: ['refunded', 'partially_refunded'] },
      rawRequest: paypalDelivery(CAPTURE_REFUNDED, { webhookId: PAYPAL_WEBHOOK.id }),
      cleanedRequest: {},
    });
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ status: 'partially_refunded', order_id: ORDER_COMPLETED.id, customer_name: 'John Doe' });
  });

  it.each([
    [
      'signed for another webhook id',
      () => paypalDelivery(SANDBOX_CAPTURE_COMPLETED, { webhookId: 'WH-OTHER-0000' }),
      'bad_signature',
      true,
    ],
    [
      'with a tampered body',
      () =>
        paypalDelivery(SANDBOX_CAPTURE_COMPLETED, {
          webhookId: PAYPAL_WEBHOOK.id,
          body: JSON.stringify({ ...SANDBOX_CAPTURE_COMPLETED, summary: 'forged' }),
        }),
      'bad_signature',
      true,
    ],
    [
      'sent four days ago',
      () =>
        paypalDelivery(SANDBOX_CAPTURE_COMPLETED, { webhookId: PAYPAL_WEBHOOK.id, transmissionTime: new Date(Date.now() - 4 * 86400_000) }),
      'stale_timestamp',
      false,
    ],
    [
      'whose certificate is on another host',
      () =>
        paypalDelivery(SANDBOX_CAPTURE_COMPLETED, { webhookId: PAYPAL_WEBHOOK.id, certUrl: 'https://paypal.com.evil.example/cert.pem' }),
      'untrusted_cert_url',
      false,
    ],
  ])('yields no Order for a delivery %s, logs why, and reads no order', async (_name, delivery, code, fetchesCert) => {
    const cert = certServer();
    const evil = nock('https://paypal.com.evil.example').get('/cert.pem').reply(200, TEST_CERT_PEM);
    expect(await perform(delivery())).toEqual([]);
    expect(logLines()).toContain(`PayPal check failed (${code})`);
    expect(cert.isDone()).toBe(fetchesCert);
    expect(evil.isDone()).toBe(false);
    expect(takeCapturedRequests()).toEqual([]);
  });

  it('yields no Order when a PayPal header is missing', async () => {
    const delivery = paypalDelivery(SANDBOX_CAPTURE_COMPLETED, { webhookId: PAYPAL_WEBHOOK.id });
    const { 'Http-Paypal-Transmission-Sig': _sig, ...headers } = delivery.headers;
    expect(await perform({ ...delivery, headers })).toEqual([]);
    expect(logLines()).toContain('PayPal check failed (missing_header)');
  });

  it('yields no Order for a PayPal delivery to a Zap that has no PayPal webhook', async () => {
    expect(await perform(paypalDelivery(SANDBOX_CAPTURE_COMPLETED, { webhookId: PAYPAL_WEBHOOK.id }), STRIPE_SUBSCRIPTION)).toEqual([]);
    expect(logLines()).toContain('this Zap has no PayPal webhook');
  });

  it('asks Zapier to retry when a certificate never seen cannot be downloaded (after one more try)', async () => {
    const down = nock('https://api.paypal.com').get(new URL(PAYPAL_CERT_URL).pathname).twice().reply(503, 'Service Unavailable');
    const error = await failureOf(perform(paypalDelivery(SANDBOX_CAPTURE_COMPLETED, { webhookId: PAYPAL_WEBHOOK.id })));
    expect(error.name).toBe('ThrottledError');
    expect(down.isDone()).toBe(true);
    expect(clock.waits).toEqual([500]);
  });

  it('verifies with the certificate cached in z.cache while the certificate host is down (a cold process)', async () => {
    certServer(1);
    paypalToken();
    eventRead(SANDBOX_CAPTURE_COMPLETED);
    orderRead();
    expect(await perform(paypalDelivery(SANDBOX_CAPTURE_COMPLETED, { webhookId: PAYPAL_WEBHOOK.id }))).toHaveLength(1);
    forgetCertificatesInProcess();
    const down = nock('https://api.paypal.com').get(new URL(PAYPAL_CERT_URL).pathname).reply(503, 'Service Unavailable');
    const next = { ...SANDBOX_CAPTURE_COMPLETED, id: 'WH-58D329510W468432D-8HN650336L201105X' }; // state: another event of the same capture
    eventRead(next);
    orderRead();
    const orders = await perform(paypalDelivery(next, { webhookId: PAYPAL_WEBHOOK.id }));
    expect(orders).toHaveLength(1);
    expect(orders[0].details_complete).toBe(true);
    expect(down.isDone()).toBe(false);
  });

  it('makes two z.cache calls on a warm PayPal delivery (the two seen-marks): certificate and token are held in the process', async () => {
    certServer(1);
    paypalToken();
    eventRead(SANDBOX_CAPTURE_COMPLETED);
    orderRead();
    await perform(paypalDelivery(SANDBOX_CAPTURE_COMPLETED, { webhookId: PAYPAL_WEBHOOK.id }));
    const cold = cacheCalls.list.splice(0);
    expect(cold.map((call) => call.split(':')[0])).toEqual([
      'get paypal-cert',
      'set paypal-cert',
      'set hook-seen',
      'set hook-seen',
      'get paypal-token',
      'set paypal-token',
    ]);
    const next = { ...SANDBOX_CAPTURE_COMPLETED, id: 'WH-58D329510W468432D-8HN650336L201105X' }; // state: another event of the same capture
    eventRead(next);
    orderRead();
    expect(await perform(paypalDelivery(next, { webhookId: PAYPAL_WEBHOOK.id }))).toHaveLength(1);
    expect(cacheCalls.list.map((call) => call.split(':')[0])).toEqual(['set hook-seen', 'set hook-seen']);
  });
});

describe('order_status_changed: each event yields one Order per Zap', () => {
  const paid = stripeEvent('payment_intent.succeeded', { ...PI_SUCCEEDED, shipping: SHIPPING });
  const runStripe = (rawRequest: { content: string }, subscribeData: Record<string, unknown> = STRIPE_SUBSCRIPTION) =>
    runApp(trigger.perform, {
      authData: STRIPE_AUTH,
      subscribeData,
      inputData: {},
      rawRequest,
      cleanedRequest: JSON.parse(rawRequest.content),
    });
  const runPayPal = (rawRequest: unknown) =>
    runApp(trigger.perform, { authData: PAYPAL_AUTH, subscribeData: PAYPAL_SUBSCRIPTION, inputData: {}, rawRequest, cleanedRequest: {} });

  it('emits a Stripe event redelivered with a fresh signature once, and logs the repeat', async () => {
    expect(await runStripe(stripeDelivery(paid, { timestamp: NOW_SECONDS() - 60 }))).toHaveLength(1);
    expect(await runStripe(stripeDelivery(paid))).toEqual([]);
    expect(logLines()).toContain(`event ${paid.id} was already delivered to this Zap`);
  });

  it('emits a PayPal event redelivered in a new transmission once', async () => {
    certServer();
    paypalToken();
    eventRead(SANDBOX_CAPTURE_COMPLETED);
    const orderReads = paypalApi().get(`/v2/checkout/orders/${SANDBOX_ORDER_ID}`).times(2).reply(200, SANDBOX_ORDER);
    expect(await runPayPal(paypalDelivery(SANDBOX_CAPTURE_COMPLETED, { webhookId: PAYPAL_WEBHOOK.id }))).toHaveLength(1);
    expect(await runPayPal(paypalDelivery(SANDBOX_CAPTURE_COMPLETED, { webhookId: PAYPAL_WEBHOOK.id }))).toEqual([]);
    expect(orderReads.pendingMocks()).toHaveLength(1); // the repeat read nothing
  });

  it('emits one signature once even with another body of the same CRC32 (PayPal signs only the checksum)', async () => {
    certServer();
    paypalToken();
    eventRead(SANDBOX_CAPTURE_COMPLETED);
    paypalApi().get(`/v2/checkout/orders/${SANDBOX_ORDER_ID}`).reply(200, SANDBOX_ORDER);
    const genuine = paypalDelivery(SANDBOX_CAPTURE_COMPLETED, { webhookId: PAYPAL_WEBHOOK.id });
    expect(await runPayPal(genuine)).toHaveLength(1);
    const forgedBody = sameCrc32(
      JSON.stringify({ ...SANDBOX_CAPTURE_COMPLETED, id: 'WH-FORGED-EVENT-ID', pad: '' }),
      genuine.content,
      '"pad":"',
    );
    expect(crc32(forgedBody)).toBe(crc32(genuine.content));
    expect(await runPayPal({ ...genuine, content: forgedBody })).toEqual([]);
    expect(logLines()).toContain('this PayPal transmission was already delivered to this Zap');
  });

  it('a body of the same CRC32 arriving first says nothing PayPal did not: the Order is made from PayPal’s copy of the event', async () => {
    certServer();
    paypalToken();
    const genuine = paypalDelivery(SANDBOX_CAPTURE_COMPLETED, { webhookId: PAYPAL_WEBHOOK.id });
    const forgedBody = sameCrc32(
      JSON.stringify({ ...SANDBOX_CAPTURE_COMPLETED, event_type: 'PAYMENT.CAPTURE.DENIED', pad: '' }),
      genuine.content,
      '"pad":"',
    );
    eventRead(SANDBOX_CAPTURE_COMPLETED);
    paypalApi().get(`/v2/checkout/orders/${SANDBOX_ORDER_ID}`).reply(200, SANDBOX_ORDER);
    const orders = await runPayPal({ ...genuine, content: forgedBody });
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ status: 'paid', event_type: 'PAYMENT.CAPTURE.COMPLETED', details_complete: true });
  });

  it('a body of the same CRC32 naming an event PayPal never sent yields nothing', async () => {
    certServer();
    paypalToken();
    const genuine = paypalDelivery(SANDBOX_CAPTURE_COMPLETED, { webhookId: PAYPAL_WEBHOOK.id });
    const forgedBody = sameCrc32(
      JSON.stringify({ ...SANDBOX_CAPTURE_COMPLETED, id: 'WH-FORGED-EVENT-ID', pad: '' }),
      genuine.content,
      '"pad":"',
    );
    paypalApi()
      .get('/v1/notifications/webhooks-events/WH-FORGED-EVENT-ID')
      .reply(404, { name: 'INVALID_RESOURCE_ID', message: 'Resource id is invalid.' });
    expect(await runPayPal({ ...genuine, content: forgedBody })).toEqual([]);
    expect(logLines()).toContain('PayPal has no event WH-FORGED-EVENT-ID: the signed body is not one PayPal sent');
    expect(takeCapturedRequests().filter((r) => !r.url.endsWith('/v1/oauth2/token'))).toHaveLength(1);
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

describe('order_status_changed: performList', () => {
  it('returns recent real events of both gateways as Orders of the same shape, newest first', async () => {
    const older = stripeEvent('payment_intent.succeeded', PI_SUCCEEDED, { id: 'evt_older', created: 1580000000 });
    stripeApi()
      .get('/v1/events')
      .query({ limit: '10', 'types[0]': 'payment_intent.succeeded' })
      .reply(200, { object: 'list', url: '/v1/events', has_more: false, data: [older] });
    paypalToken();
    paypalApi()
      .get('/v1/notifications/webhooks-events')
      .query({ page_size: '30' })
      .reply(200, { events: [SANDBOX_CAPTURE_COMPLETED, CAPTURE_REFUNDED], count: 2, links: [] });
    paypalApi().get(`/v2/checkout/orders/${SANDBOX_ORDER_ID}`).reply(200, SANDBOX_ORDER);

    const orders = await runApp(trigger.performList, { authData: BOTH_AUTH, inputData: {} });
    expect(orders.map((o: { id: string }) => o.id)).toEqual([`paypal:${SANDBOX_ORDER_ID}:paid`, `stripe:${PI_SUCCEEDED.id}:paid`]);
    for (const order of orders) expect(Object.keys(order)).toEqual(ORDER_KEYS);
    expect(nock.pendingMocks()).toEqual([]);
  });
});
