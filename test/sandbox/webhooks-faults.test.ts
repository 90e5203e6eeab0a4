import { createVerify } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { crc32 } from 'node:zlib';
import { startClient, type Client } from './helpers';

// The real SDK's verifier, as the app uses it (docs/gateways.md#stripe-signature-verification).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stripeSdk = require('stripe') as {
  webhooks: { constructEvent(body: string, header: string, secret: string): { id: string; type: string; data: { object: any } } };
};

interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
}

let c: Client;
let catcher: Server;
let catcherUrl: string;
let received: Received[] = [];

beforeAll(async () => {
  c = await startClient();
  catcher = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => catcher.listen(0, '127.0.0.1', resolve));
  catcherUrl = `http://127.0.0.1:${(catcher.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await c.sandbox.close();
  await new Promise((resolve) => catcher.close(resolve));
});
beforeEach(() => {
  c.sandbox.reset();
  received = [];
});

describe('Stripe webhook delivery', () => {
  it('pay → payment_intent.succeeded delivered to the subscribed endpoint, signed with its secret', async () => {
    const endpoint = (await (
      await c.stripe('/v1/webhook_endpoints', { form: { url: `${catcherUrl}/stripe`, 'enabled_events[]': ['payment_intent.succeeded'] } })
    ).json()) as any;
    await c.stripe('/v1/webhook_endpoints', {
      form: { url: `${catcherUrl}/stripe-refunds-only`, 'enabled_events[]': ['charge.refunded'] },
    });
    const result = (await (await c.admin('/_sandbox/orders/pi_3SbxProcess000007/events', { type: 'pay' })).json()) as any;
    expect(result.object).toMatchObject({ id: 'pi_3SbxProcess000007', status: 'succeeded', latest_charge: { status: 'succeeded' } });
    expect(result.deliveries).toEqual([
      expect.objectContaining({ url: `${catcherUrl}/stripe`, status: 200, ok: true, eventType: 'payment_intent.succeeded' }),
    ]);

    expect(received).toHaveLength(1);
    const [delivery] = received;
    const event = stripeSdk.webhooks.constructEvent(delivery!.body, delivery!.headers['stripe-signature']!, endpoint.secret);
    expect(event).toMatchObject({
      type: 'payment_intent.succeeded',
      object: 'event',
      livemode: false,
      data: { object: { id: 'pi_3SbxProcess000007', status: 'succeeded' } },
    });
    expect(() => stripeSdk.webhooks.constructEvent(delivery!.body, delivery!.headers['stripe-signature']!, 'whsec_wrong')).toThrow(
      /signature/i,
    );

    const listed = (await (await c.stripe('/v1/events?type=payment_intent.succeeded&limit=1')).json()) as any;
    expect(listed.data[0].id).toBe(event.id);
  });

  it('refund and dispute change the charge and deliver charge.refunded / charge.dispute.created', async () => {
    const endpoint = (await (
      await c.stripe('/v1/webhook_endpoints', { form: { url: `${catcherUrl}/all`, 'enabled_events[]': '*' } })
    ).json()) as any;
    const refund = (await (await c.admin('/_sandbox/orders/pi_3SbxShip0000000001/events', { type: 'refund', amount: 999 })).json()) as any;
    expect(refund.object.latest_charge).toMatchObject({ amount_refunded: 999, refunded: false });
    const dispute = (await (await c.admin('/_sandbox/orders/ch_3SbxShip0000000001/events', { type: 'dispute' })).json()) as any;
    expect(dispute.event.data.object).toMatchObject({ object: 'dispute', status: 'needs_response', charge: 'ch_3SbxShip0000000001' });
    const types = received.map((r) => stripeSdk.webhooks.constructEvent(r.body, r.headers['stripe-signature']!, endpoint.secret).type);
    expect(types).toEqual(['charge.refunded', 'charge.dispute.created']);
  });

  it('refuses an impossible state change with 409', async () => {
    const response = await c.admin('/_sandbox/orders/pi_3SbxShip0000000001/events', { type: 'pay' });
    expect(response.status).toBe(409);
  });
});

describe('PayPal webhook delivery', () => {
  const subscribe = async (types: string[]) =>
    (await (
      await c.paypal('/v1/notifications/webhooks', { json: { url: `${catcherUrl}/paypal`, event_types: types.map((name) => ({ name })) } })
    ).json()) as any;

  it('pay → PAYMENT.CAPTURE.COMPLETED signed with RSA-SHA256 over id|time|webhook id|crc32, verifiable with the served cert', async () => {
    const webhook = await subscribe(['PAYMENT.CAPTURE.COMPLETED']);
    const result = (await (await c.admin('/_sandbox/orders/4HJ67890KL123456M/events', { type: 'pay' })).json()) as any;
    expect(result.object).toMatchObject({
      id: '4HJ67890KL123456M',
      status: 'COMPLETED',
      purchase_units: [{ payments: { captures: [{ status: 'COMPLETED' }] } }],
    });
    expect(received).toHaveLength(1);
    const { headers, body } = received[0]!;
    expect(headers['paypal-auth-algo']).toBe('SHA256withRSA');
    expect(headers['paypal-cert-url']).toBe(`${c.sandbox.paypalBase}/_sandbox/certs/paypal-webhook.pem`);
    const cert = await (await fetch(headers['paypal-cert-url']!)).text();
    const message = `${headers['paypal-transmission-id']}|${headers['paypal-transmission-time']}|${webhook.id}|${crc32(Buffer.from(body)) >>> 0}`;
    expect(createVerify('SHA256').update(message).verify(cert, headers['paypal-transmission-sig']!, 'base64')).toBe(true);
    expect(
      createVerify('SHA256').update(message.replace(webhook.id, 'WEBHOOK_ID')).verify(cert, headers['paypal-transmission-sig']!, 'base64'),
    ).toBe(false);

    const event = JSON.parse(body);
    expect(event).toMatchObject({
      id: expect.stringMatching(/^WH-/),
      event_type: 'PAYMENT.CAPTURE.COMPLETED',
      resource_type: 'capture',
      resource: { status: 'COMPLETED', supplementary_data: { related_ids: { order_id: '4HJ67890KL123456M' } } },
    });

    const postback = (transmission_sig: string) =>
      c.paypal('/v1/notifications/verify-webhook-signature', {
        json: {
          auth_algo: headers['paypal-auth-algo'],
          cert_url: headers['paypal-cert-url'],
          transmission_id: headers['paypal-transmission-id'],
          transmission_sig,
          transmission_time: headers['paypal-transmission-time'],
          webhook_id: webhook.id,
          webhook_event: event,
        },
      });
    expect(await (await postback(headers['paypal-transmission-sig']!)).json()).toEqual({ verification_status: 'SUCCESS' });
    expect(await (await postback(Buffer.from('forged').toString('base64'))).json()).toEqual({ verification_status: 'FAILURE' });

    const listed = (await (
      await c.paypal(`/v1/notifications/webhooks-events?event_type=PAYMENT.CAPTURE.COMPLETED&page_size=1`)
    ).json()) as any;
    expect(listed.events[0].id).toBe(event.id);
  });

  it('refund delivers PAYMENT.CAPTURE.REFUNDED only to webhooks subscribed to it; the capture becomes REFUNDED', async () => {
    await subscribe(['PAYMENT.CAPTURE.REFUNDED']);
    await c.admin('/_sandbox/orders/5O190127TN364715T/events', { type: 'dispute' });
    expect(received).toHaveLength(0);
    await c.admin('/_sandbox/orders/8MC585209K746392H/events', { type: 'refund' });
    expect(received.map((r) => JSON.parse(r.body).event_type)).toEqual(['PAYMENT.CAPTURE.REFUNDED']);
    const capture = (await (await c.paypal('/v2/payments/captures/8MC585209K746392H')).json()) as any;
    expect(capture.status).toBe('REFUNDED');
  });
});

describe('admin', () => {
  it('GET /_sandbox/state dumps both gateways without webhook secrets', async () => {
    await c.stripe('/v1/webhook_endpoints', { form: { url: 'https://hooks.example.com/s', 'enabled_events[]': '*' } });
    const state = (await (await fetch(`${c.sandbox.url}/_sandbox/state`)).json()) as any;
    expect(state.stripe.payment_intents).toHaveLength(7);
    expect(state.paypal.orders).toHaveLength(6);
    expect(JSON.stringify(state)).not.toContain('whsec_');
  });

  it('POST /_sandbox/reset restores the seed', async () => {
    await c.stripe('/v1/payment_intents/pi_3SbxNoShip00000002', { form: { 'metadata[x]': '1' } });
    await c.admin('/_sandbox/reset', {});
    const pi = (await (await c.stripe('/v1/payment_intents/pi_3SbxNoShip00000002')).json()) as any;
    expect(pi.metadata).toEqual({ order_id: '1002' });
  });
});

describe('faults and stats', () => {
  it('429 with Retry-After for the next N matching calls only, in each gateway’s shape', async () => {
    const added = await c.admin('/_sandbox/faults', {
      match: { gateway: 'stripe', method: 'GET', pathPrefix: '/v1/payment_intents' },
      fault: '429',
      retryAfter: 7,
      count: 2,
    });
    expect(added.status).toBe(201);
    for (let i = 0; i < 2; i++) {
      const limited = await c.stripe('/v1/payment_intents/pi_3SbxShip0000000001');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('7');
      expect(((await limited.json()) as any).error.code).toBe('rate_limit');
    }
    expect((await c.stripe('/v1/account')).status).toBe(200);
    expect((await c.stripe('/v1/payment_intents/pi_3SbxShip0000000001')).status).toBe(200);
    await c.admin('/_sandbox/faults', { match: { gateway: 'paypal', pathPrefix: '/v2/' }, fault: '429' });
    const paypal = await c.paypal('/v2/checkout/orders/5O190127TN364715T');
    expect(paypal.status).toBe(429);
    expect(((await paypal.json()) as any).name).toBe('RATE_LIMIT_REACHED');
  });

  it('500 and 503 with the gateway error bodies', async () => {
    c.sandbox.addFault({ match: { gateway: 'paypal', pathPrefix: '/v2/checkout/orders' }, fault: '500' });
    c.sandbox.addFault({ match: { gateway: 'stripe' }, fault: '503' });
    const paypal = await c.paypal('/v2/checkout/orders/5O190127TN364715T');
    expect(paypal.status).toBe(500);
    expect(((await paypal.json()) as any).name).toBe('INTERNAL_SERVER_ERROR');
    const stripe = await c.stripe('/v1/account');
    expect(stripe.status).toBe(503);
    expect(((await stripe.json()) as any).error.type).toBe('api_error');
  });

  it('drop closes the connection; malformed_json answers 200 with a body that does not parse', async () => {
    c.sandbox.addFault({ match: { gateway: 'stripe' }, fault: 'drop' });
    await expect(c.stripe('/v1/account')).rejects.toThrow();
    c.sandbox.addFault({ match: { gateway: 'stripe' }, fault: 'malformed_json' });
    const malformed = await c.stripe('/v1/account');
    expect(malformed.status).toBe(200);
    await expect(malformed.json()).rejects.toThrow(/JSON/);
    expect((await c.stripe('/v1/account')).status).toBe(200);
  });

  it('502 in the gateway shape; html_error is a 502 HTML page from the load balancer', async () => {
    c.sandbox.addFault({ match: { gateway: 'stripe' }, fault: '502' });
    const stripe = await c.stripe('/v1/account');
    expect(stripe.status).toBe(502);
    expect(((await stripe.json()) as any).error.type).toBe('api_error');
    c.sandbox.addFault({ match: { gateway: 'paypal', pathPrefix: '/v2/' }, fault: 'html_error' });
    const paypal = await c.paypal('/v2/checkout/orders/5O190127TN364715T');
    expect(paypal.status).toBe(502);
    expect(paypal.headers.get('content-type')).toBe('text/html');
    expect(await paypal.text()).toContain('<h1>502 Bad Gateway</h1>');
    expect(c.sandbox.stats().faults).toEqual({ '502': 1, html_error: 1 });
  });

  it('drop_after_apply stores the write, then closes the connection unanswered', async () => {
    c.sandbox.addFault({ match: { gateway: 'stripe', method: 'POST' }, fault: 'drop_after_apply' });
    await expect(c.stripe('/v1/payment_intents/pi_3SbxShip0000000001', { form: { 'metadata[note]': 'applied' } })).rejects.toThrow();
    const after = (await (await c.stripe('/v1/payment_intents/pi_3SbxShip0000000001')).json()) as any;
    expect(after.metadata.note).toBe('applied');
  });

  it('probability faults hit about that share of matching calls, the same ones for the same seed', async () => {
    const statusesWithSeed = async (seed: number) => {
      const run = await startClient({ faultSeed: seed });
      try {
        run.sandbox.addFault({ match: { gateway: 'stripe' }, fault: '500', probability: 0.2 });
        const statuses: number[] = [];
        for (let i = 0; i < 100; i += 1) statuses.push((await run.stripe('/v1/account')).status);
        return statuses;
      } finally {
        await run.sandbox.close();
      }
    };
    const first = await statusesWithSeed(7);
    const failures = first.filter((status) => status === 500).length;
    expect(failures).toBeGreaterThan(8);
    expect(failures).toBeLessThan(35);
    expect(await statusesWithSeed(7)).toEqual(first);
    expect(await statusesWithSeed(8)).not.toEqual(first);
  });

  it('refuses a probability outside (0, 1]', async () => {
    expect((await c.admin('/_sandbox/faults', { match: {}, fault: '500', probability: 1.5 })).status).toBe(400);
  });

  it('latency delays the matching call', async () => {
    c.sandbox.addFault({ match: { gateway: 'stripe' }, fault: 'latency', latencyMs: 300 });
    const start = Date.now();
    expect((await c.stripe('/v1/account')).status).toBe(200);
    expect(Date.now() - start).toBeGreaterThanOrEqual(290);
  });

  it('refuses an unknown fault', async () => {
    expect((await c.admin('/_sandbox/faults', { match: {}, fault: 'explode' })).status).toBe(400);
  });

  it('counts requests per gateway and spec operation; resets on demand', async () => {
    c.sandbox.resetStats();
    await c.stripe('/v1/payment_intents/pi_3SbxShip0000000001');
    await c.stripe('/v1/payment_intents/pi_3SbxNoShip00000002');
    await c.paypal('/v2/checkout/orders/5O190127TN364715T'); // + 1 token call
    const stats = (await (await fetch(`${c.sandbox.url}/_sandbox/stats`)).json()) as any;
    expect(stats).toEqual({
      total: 4,
      byGateway: { stripe: 2, paypal: 2 },
      byOperation: {
        'stripe GET /v1/payment_intents/{intent}': 2,
        'paypal POST /v1/oauth2/token': 1,
        'paypal GET /v2/checkout/orders/{id}': 1,
      },
      faults: {},
    });
    await c.admin('/_sandbox/stats/reset', {});
    expect(c.sandbox.stats().total).toBe(0);
  });

  it('a global latencyMs applies to every gateway call', async () => {
    const slow = await startClient({ latencyMs: 200 });
    try {
      const start = Date.now();
      await slow.stripe('/v1/account');
      expect(Date.now() - start).toBeGreaterThanOrEqual(190);
    } finally {
      await slow.sandbox.close();
    }
  });
});
