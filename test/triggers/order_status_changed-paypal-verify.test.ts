/**
 * order_status_changed, PayPal deliveries that must yield nothing, or one Order only: offline signature checks,
 * the certificate (kept in the process and in z.cache, so an outage of its host drops nothing already seen), the
 * z.cache calls a delivery makes, and one Order per event and Zap whatever body matches the signed checksum.
 */
import nock from 'nock';
import { forgetCertificatesInProcess } from '../../sync/events/verify';
import { crc32 } from '../../webhooks/crc32';
import { SANDBOX_CAPTURE_COMPLETED } from '../orders/fixtures/paypal';
import { countCacheCalls } from '../support/cache-calls';
import { PAYPAL_AUTH } from '../support/fixtures';
import { paypalApi, paypalToken, takeCapturedRequests } from '../support/gateway-nock';
import { useVirtualRetryClock } from '../support/retry-clock';
import { failureOf, runApp } from '../support/tester';
import { PAYPAL_CERT_URL, sameCrc32, TEST_CERT_PEM } from '../webhooks/paypal-fixtures';
import { PAYPAL_WEBHOOK, SANDBOX_ORDER, SANDBOX_ORDER_ID, paypalDelivery } from './fixtures';
import { certServer, eventRead, logLines, PAYPAL_SUBSCRIPTION, STRIPE_SUBSCRIPTION, trigger } from './hook-support';

beforeEach(() => (console.log as unknown as jest.Mock).mockClear());
const clock = useVirtualRetryClock();
const cacheCalls = countCacheCalls();

describe('order_status_changed: PayPal signatures and certificates', () => {
  const perform = (rawRequest: unknown, subscribeData: Record<string, unknown> = PAYPAL_SUBSCRIPTION) =>
    runApp(trigger.perform, { authData: PAYPAL_AUTH, subscribeData, inputData: {}, rawRequest, cleanedRequest: {} });
  const orderRead = () => paypalApi().get(`/v2/checkout/orders/${SANDBOX_ORDER_ID}`).reply(200, SANDBOX_ORDER);

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

describe('order_status_changed: each PayPal event yields one Order per Zap', () => {
  const runPayPal = (rawRequest: unknown) =>
    runApp(trigger.perform, { authData: PAYPAL_AUTH, subscribeData: PAYPAL_SUBSCRIPTION, inputData: {}, rawRequest, cleanedRequest: {} });

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
});
