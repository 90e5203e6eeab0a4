/**
 * The demo hands each delivery to the hook's perform the way Zapier would. These tests pin the conversion
 * (docs/gateways.md#rest-hooks, CLI README 15.17.0: `X-Time-GMT` → `Http-X-Time-Gmt`; Content-Type and
 * Content-Length keep their names) and prove that real signed sandbox deliveries, converted, still verify
 * with the app's own verifiers.
 */
import { startCatcher, type Catcher } from '../../../sandbox/demo/catcher';
import { hookBundle, zapierHeaderName, zapierRawRequest } from '../../../sandbox/demo/zapier-request';
import { PAYPAL_CERT_PEM } from '../../../sandbox/webhooks';
import { verifyPayPalDelivery, verifyStripeDelivery } from '../../../webhooks';
import { startClient, type Client } from '../helpers';

describe('zapierHeaderName', () => {
  it.each([
    ['X-Time-GMT', 'Http-X-Time-Gmt'], // the CLI README's own example
    ['stripe-signature', 'Http-Stripe-Signature'],
    ['PAYPAL-TRANSMISSION-SIG', 'Http-Paypal-Transmission-Sig'],
    ['paypal-cert-url', 'Http-Paypal-Cert-Url'],
    ['user-agent', 'Http-User-Agent'],
    ['content-type', 'Content-Type'],
    ['Content-Length', 'Content-Length'],
  ])('%s → %s', (name, expected) => expect(zapierHeaderName(name)).toBe(expected));
});

describe('zapierRawRequest', () => {
  it('keeps the body byte for byte and the query string raw; joins a repeated header', () => {
    const body = '{"a": 1,\n "b": "é"}';
    const raw = zapierRawRequest({
      method: 'POST',
      path: '/hooks/standard/1/',
      querystring: 'a=b&c=%20',
      rawHeaders: [
        ['X-Seen', '1'],
        ['x-seen', '2'],
        ['content-type', 'application/json'],
      ],
      body,
    });
    expect(raw).toEqual({
      method: 'POST',
      querystring: 'a=b&c=%20',
      headers: { 'Http-X-Seen': '1, 2', 'Content-Type': 'application/json' },
      content: body,
    });
  });
});

describe('real sandbox deliveries, caught and converted', () => {
  let c: Client;
  let catcher: Catcher;
  beforeAll(async () => {
    c = await startClient();
    catcher = await startCatcher();
  });
  afterAll(async () => {
    await c.sandbox.close();
    await catcher.close();
  });

  it('Stripe: verifies from rawRequest (Http-Stripe-Signature, content); cleanedRequest is the parsed event', async () => {
    const url = catcher.hookUrl('zap-stripe');
    const endpoint = (await (
      await c.stripe('/v1/webhook_endpoints', { form: { url, 'enabled_events[]': ['payment_intent.succeeded'] } })
    ).json()) as { id: string; secret: string };
    await c.admin('/_sandbox/orders/pi_3SbxProcess000007/events', { type: 'pay' });
    const [delivery, ...more] = catcher.take(new URL(url).pathname);
    expect(more).toHaveLength(0);
    const bundle = hookBundle(delivery!, { authData: {}, inputData: {}, subscribeData: { id: endpoint.id }, targetUrl: url }) as any;
    expect(Object.keys(bundle.rawRequest.headers)).toEqual(expect.arrayContaining(['Http-Stripe-Signature', 'Content-Type']));
    expect(bundle.rawRequest.headers).not.toHaveProperty('stripe-signature');
    expect(bundle.cleanedRequest).toMatchObject({ type: 'payment_intent.succeeded', data: { object: { id: 'pi_3SbxProcess000007' } } });
    const verified = verifyStripeDelivery({
      rawBody: bundle.rawRequest.content,
      headers: bundle.rawRequest.headers,
      secret: endpoint.secret,
    });
    expect(verified).toMatchObject({ ok: true });
    expect(
      verifyStripeDelivery({ rawBody: `${bundle.rawRequest.content} `, headers: bundle.rawRequest.headers, secret: endpoint.secret }),
    ).toMatchObject({ ok: false });
  });

  it('PayPal: verifies from rawRequest (Http-Paypal-Transmission-*) with the sandbox certificate', async () => {
    const url = catcher.hookUrl('zap-paypal');
    const webhook = (await (
      await c.paypal('/v1/notifications/webhooks', { json: { url, event_types: [{ name: 'PAYMENT.CAPTURE.COMPLETED' }] } })
    ).json()) as { id: string };
    await c.admin('/_sandbox/orders/4HJ67890KL123456M/events', { type: 'pay' });
    const [delivery] = catcher.take(new URL(url).pathname);
    const bundle = hookBundle(delivery!, { authData: {}, inputData: {}, subscribeData: { id: webhook.id }, targetUrl: url }) as any;
    expect(Object.keys(bundle.rawRequest.headers)).toEqual(
      expect.arrayContaining(['Http-Paypal-Transmission-Sig', 'Http-Paypal-Transmission-Id', 'Http-Paypal-Cert-Url']),
    );
    const verify = (webhookId: string) =>
      verifyPayPalDelivery({
        rawBody: bundle.rawRequest.content,
        headers: bundle.rawRequest.headers,
        webhookId,
        fetchCertificate: async () => PAYPAL_CERT_PEM,
        trustedCertOrigin: new URL(c.sandbox.url).origin,
      });
    await expect(verify(webhook.id)).resolves.toMatchObject({ ok: true });
    await expect(verify('WH-SOMEONE-ELSES')).resolves.toMatchObject({ ok: false });
  });
});
