/**
 * order_status_changed's life cycle: subscribe (one webhook per gateway, for exactly the chosen statuses' events),
 * unsubscribe, and performList. Deliveries: order_status_changed-stripe.test.ts, order_status_changed-paypal.test.ts.
 */
import nock from 'nock';
import zapier from 'zapier-platform-core';
import { ORDER_KEYS } from '../../orders/order';
import { paypalEventsFor, stripeEventsFor } from '../../orders/status';
import { CAPTURE_REFUNDED, SANDBOX_CAPTURE_COMPLETED } from '../orders/fixtures/paypal';
import { PI_SUCCEEDED, stripeEvent } from '../orders/fixtures/stripe';
import { BOTH_AUTH, PAYPAL_AUTH, STRIPE_AUTH, STRIPE_WEBHOOK_SECRET } from '../support/fixtures';
import { formOf, nonConformingRequests, paypalApi, paypalToken, stripeApi, takeCapturedRequests } from '../support/gateway-nock';
import { App, failureOf, runApp } from '../support/tester';
import { PAYPAL_WEBHOOK, SANDBOX_ORDER, SANDBOX_ORDER_ID, STRIPE_ENDPOINT, TARGET_URL, stripeEndpointList } from './fixtures';
import { PAYPAL_SUBSCRIPTION, STRIPE_SUBSCRIPTION, trigger } from './hook-support';

// The subscribe result holds the Stripe signing secret by design (it becomes subscribeData), so it is
// run outside runApp's result scan; its logs (core's HTTP log of Stripe's answer) are still scanned.
const subscribeTester = zapier.createAppTester(App) as (fn: unknown, bundle: unknown) => Promise<any>;

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
