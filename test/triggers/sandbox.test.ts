/**
 * The three triggers end to end against the local sandbox (sandbox/): real webhook subscriptions,
 * real signed deliveries handed to perform the way Zapier hands them over, then the polling triggers.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuthData } from '../../gateways/config';
import { ORDER_KEYS } from '../../orders/order';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { App, runApp } from '../support/tester';

let sandbox: Sandbox;
let catcher: Server;
let targetUrl: string;
let received: Array<{ headers: Record<string, string>; content: string }> = [];
let auth: AuthData;
const savedEnv = { ...process.env };

/** Zapier's rawRequest spelling: `Http-` + Camel-Case, except Content-Type and Content-Length (docs/gateways.md#rest-hooks). */
function zapierHeaders(headers: Record<string, string>): Record<string, string> {
  const camel = (name: string) =>
    name
      .split('-')
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
      .join('-');
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [/^content-(type|length)$/i.test(name) ? camel(name) : `Http-${camel(name)}`, value]),
  );
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  Object.assign(process.env, sandbox.env);
  auth = {
    stripe_secret_key: sandbox.credentials.stripeSecretKey,
    paypal_client_id: sandbox.credentials.paypalClientId,
    paypal_client_secret: sandbox.credentials.paypalClientSecret,
    paypal_environment: 'sandbox',
  };
  catcher = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers as Record<string, string>, content: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => catcher.listen(0, '127.0.0.1', resolve));
  targetUrl = `http://127.0.0.1:${(catcher.address() as AddressInfo).port}/hooks/catch/1/abc/`;
});

afterAll(async () => {
  process.env = savedEnv;
  await sandbox.close();
  await new Promise((resolve) => catcher.close(resolve));
});

const admin = (path: string, body: unknown) =>
  fetch(`${sandbox.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('triggers against the sandbox', () => {
  it('subscribe → signed deliveries → Orders → unsubscribe, leaving no webhook behind', async () => {
    const hook = App.triggers.order_status_changed.operation as any;
    const inputData = { statuses: ['paid', 'refunded', 'partially_refunded'] };
    const subscribeData = await runApp(hook.performSubscribe, { authData: auth, targetUrl, inputData });
    expect(subscribeData).toEqual({
      stripe_webhook_id: expect.stringMatching(/^we_/),
      stripe_secret: expect.stringMatching(/^whsec_/),
      paypal_webhook_id: expect.any(String),
    });

    received = [];
    expect((await admin('/_sandbox/orders/pi_3SbxProcess000007/events', { type: 'pay' })).status).toBe(200);
    expect((await admin('/_sandbox/orders/4HJ67890KL123456M/events', { type: 'pay' })).status).toBe(200);
    expect(received).toHaveLength(2);

    const orders = [];
    const callsPerDelivery: Record<string, string[]> = {};
    for (const delivery of received) {
      const rawRequest = { method: 'POST', querystring: '', headers: zapierHeaders(delivery.headers), content: delivery.content };
      sandbox.resetStats();
      orders.push(
        ...(await runApp(hook.perform, {
          authData: auth,
          subscribeData,
          inputData,
          rawRequest,
          cleanedRequest: JSON.parse(delivery.content),
        })),
      );
      callsPerDelivery[JSON.parse(delivery.content).type ?? JSON.parse(delivery.content).event_type] = Object.keys(
        sandbox.stats().byOperation,
      );
    }
    // What one delivery costs: Stripe payment_intent.* nothing; PayPal a capture: PayPal's copy of the event and the order read (the token was minted at
    // subscribe and is cached; the certificate download is served outside the gateway API and cached per connection).
    expect(callsPerDelivery).toEqual({
      'payment_intent.succeeded': [],
      'PAYMENT.CAPTURE.COMPLETED': ['paypal GET /v1/notifications/webhooks-events/{event_id}', 'paypal GET /v2/checkout/orders/{id}'],
    });
    expect(orders.map((o) => o.id).sort()).toEqual(['paypal:4HJ67890KL123456M:paid', 'stripe:pi_3SbxProcess000007:paid']);
    for (const order of orders) expect(Object.keys(order)).toEqual(ORDER_KEYS);
    expect(orders.find((o) => o.gateway === 'paypal')).toMatchObject({
      customer_email: 'kai@example.com',
      shipping_city: 'Mountain View',
      environment: 'test',
    });

    // A delivery replayed with another Zap's subscription data is refused.
    const forged = { method: 'POST', querystring: '', headers: zapierHeaders(received[0]!.headers), content: received[0]!.content };
    expect(
      await runApp(hook.perform, {
        authData: auth,
        subscribeData: { ...subscribeData, stripe_secret: 'whsec_other', paypal_webhook_id: 'OTHERWEBHOOK1' },
        inputData,
        rawRequest: forged,
        cleanedRequest: {},
      }),
    ).toEqual([]);

    const listed = await runApp(hook.performList, { authData: auth, inputData });
    expect(listed.map((o: { id: string }) => o.id)).toEqual(
      expect.arrayContaining(['paypal:4HJ67890KL123456M:paid', 'stripe:pi_3SbxProcess000007:paid']),
    );

    expect(await runApp(hook.performUnsubscribe, { authData: auth, subscribeData })).toEqual({ stripe: true, paypal: true });
    const state = (await (await fetch(`${sandbox.url}/_sandbox/state`)).json()) as {
      stripe: { webhook_endpoints?: unknown[] };
      paypal: { webhooks?: unknown[] };
    };
    expect(state.stripe.webhook_endpoints ?? []).toEqual([]);
    expect(state.paypal.webhooks ?? []).toEqual([]);
  });

  it('the polling triggers read the same gateways and put out Orders of the same shape', async () => {
    const polling = App.triggers.order_status_changed_polling.operation as any;
    const changes = await runApp(polling.perform, { authData: auth, inputData: { statuses: ['paid', 'refunded', 'partially_refunded'] } });
    expect(changes.length).toBeGreaterThan(0);
    expect(new Set(changes.map((o: { id: string }) => o.id)).size).toBe(changes.length);
    for (const order of changes) expect(order.id).toBe(`${order.gateway}:${order.order_id ?? order.payment_id}:${order.status}`);

    const audit = App.triggers.untracked_order.operation as any;
    const untracked = await runApp(audit.perform, { authData: auth, inputData: { min_age_hours: '0', lookback_days: '30' } });
    for (const order of untracked) {
      expect(order).toMatchObject({ has_tracking: false, id: `${order.gateway}:${order.order_id ?? order.payment_id}:untracked` });
      expect(order.shipping_line1).not.toBeNull();
    }
    expect(untracked.map((o: { gateway: string }) => o.gateway)).toEqual(expect.arrayContaining(['stripe', 'paypal']));
  });
});
