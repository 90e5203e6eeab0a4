/**
 * order_status_changed, PayPal deliveries through Zapier's createAppTester with PayPal faked by nock: each event
 * read back from PayPal (PayPal signs only a CRC32 of the body) and completed from the reads it needs, and no
 * event lost when PayPal's API does not answer (the read retries run on a virtual clock: test/support/retry-clock.ts).
 * Signatures, certificates and repeats: order_status_changed-paypal-verify.test.ts.
 */
import { ORDER_KEYS } from '../../orders/order';
import {
  CAPTURE_REFUNDED,
  CAPTURE_DETAILS,
  SANDBOX_CAPTURE_COMPLETED,
  REFUNDED_CAPTURE_ID,
  ORDER_COMPLETED,
} from '../orders/fixtures/paypal';
import { PAYPAL_AUTH } from '../support/fixtures';
import { paypalApi, paypalToken, takeCapturedRequests } from '../support/gateway-nock';
import { useVirtualRetryClock } from '../support/retry-clock';
import { runApp } from '../support/tester';
import { PAYPAL_WEBHOOK, SANDBOX_CAPTURE_ID, SANDBOX_ORDER, SANDBOX_ORDER_ID, paypalDelivery } from './fixtures';
import { certServer, eventRead, eventReadsFail, logLines, PAYPAL_SUBSCRIPTION, trigger } from './hook-support';

beforeEach(() => (console.log as unknown as jest.Mock).mockClear());
const clock = useVirtualRetryClock();

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
});
