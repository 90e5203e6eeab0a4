/**
 * The app under each gateway fault the sandbox can inject (docs/architecture.md#errors): what Zapier receives, and that the
 * attempt after the fault succeeds. Driven through createAppTester (runApp) against the in-process sandbox.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { gatewayApis } from '../../gateways';
import { authDataOf } from '../../gateways/config';
import { App, failureOf, runApp } from '../support/tester';
import { operation, startRecordingProxy, useSandbox } from './support';

const h = useSandbox();
const connectionTest = App.authentication!.test;

describe('429 with Retry-After', () => {
  it("Stripe: ThrottledError carrying the gateway's delay; the next attempt succeeds", async () => {
    h.sandbox.addFault({ match: { gateway: 'stripe', pathPrefix: '/v1/account' }, fault: '429', retryAfter: 7 });
    const error = await failureOf(runApp(connectionTest, { authData: h.authData.stripe }));
    expect(error).toMatchObject({ name: 'ThrottledError', delay: 7 });
    expect(error.message).toMatch(/Stripe is rate-limiting requests \(HTTP 429\)/);
    await expect(runApp(connectionTest, { authData: h.authData.stripe })).resolves.toMatchObject({
      stripe_account: h.sandbox.credentials.stripeAccountId,
    });
  });

  it('PayPal (on the token request): ThrottledError with that delay', async () => {
    h.sandbox.addFault({ match: { gateway: 'paypal', pathPrefix: '/v1/oauth2/token' }, fault: '429', retryAfter: 30 });
    const error = await failureOf(runApp(connectionTest, { authData: h.authData.paypal }));
    expect(error).toMatchObject({ name: 'ThrottledError', delay: 30 });
    expect(error.message).toMatch(/PayPal/);
  });
});

describe('5xx', () => {
  it.each([
    ['stripe', '500', '/v1/account'],
    ['stripe', '503', '/v1/account'],
    ['paypal', '500', '/v1/oauth2/token'],
    ['paypal', '503', '/v1/oauth2/token'],
  ] as const)("%s %s → retryable ThrottledError; Zapier's retry succeeds", async (gateway, status, pathPrefix) => {
    h.sandbox.addFault({ match: { gateway, pathPrefix }, fault: status });
    const error = await failureOf(runApp(connectionTest, { authData: h.authData[gateway] }));
    expect(error.name).toBe('ThrottledError');
    expect(error.message).toContain(`(HTTP ${status})`);
    expect(error.message).toMatch(/Zapier will retry this step/);
    await expect(runApp(connectionTest, { authData: h.authData[gateway] })).resolves.toMatchObject({
      label: expect.stringMatching(gateway === 'stripe' ? /^Stripe/ : /^PayPal/),
    });
  });
});

describe('malformed JSON', () => {
  it.each([
    ['stripe', '/v1/account'],
    ['paypal', '/v1/oauth2/token'],
  ] as const)('%s: an unreadable 200 is a retryable error, never a half-read result', async (gateway, pathPrefix) => {
    h.sandbox.addFault({ match: { gateway, pathPrefix }, fault: 'malformed_json' });
    const error = await failureOf(runApp(connectionTest, { authData: h.authData[gateway] }));
    expect(error.name).toBe('ThrottledError');
    expect(error.message).toMatch(/unreadable answer/);
  });
});

describe('dropped connection', () => {
  it('a read is re-sent once and succeeds', async () => {
    h.sandbox.addFault({ match: { gateway: 'stripe', pathPrefix: '/v1/account' }, fault: 'drop' });
    await expect(runApp(connectionTest, { authData: h.authData.stripe })).resolves.toMatchObject({
      stripe_account: h.sandbox.credentials.stripeAccountId,
    });
    expect(h.sandbox.stats().byOperation['stripe GET /v1/account']).toBe(2);
  });

  it('a gateway that keeps dropping is a retryable "could not be reached"', async () => {
    h.sandbox.addFault({ match: { gateway: 'stripe', pathPrefix: '/v1/account' }, fault: 'drop', count: 2 });
    const error = await failureOf(runApp(connectionTest, { authData: h.authData.stripe }));
    expect(error.name).toBe('ThrottledError');
    expect(error.message).toMatch(/Stripe could not be reached/);
  });

  describe('a write is re-sent with the same idempotency key (and only then)', () => {
    const saved = { ...process.env };
    // Stripe and PayPal are on two ports of the sandbox: one proxy in front of each.
    let proxies: Array<Awaited<ReturnType<typeof startRecordingProxy>>>;
    beforeEach(async () => {
      proxies = await Promise.all([startRecordingProxy(h.sandbox.stripeBase), startRecordingProxy(h.sandbox.url)]);
      process.env.STRIPE_API_BASE = proxies[0]!.url;
      process.env.PAYPAL_API_BASE = `${proxies[1]!.url}/paypal`;
    });
    afterEach(async () => {
      process.env.STRIPE_API_BASE = saved.STRIPE_API_BASE ?? h.sandbox.env.STRIPE_API_BASE;
      process.env.PAYPAL_API_BASE = saved.PAYPAL_API_BASE ?? h.sandbox.env.PAYPAL_API_BASE;
      await Promise.all(proxies.map((proxy) => proxy.close()));
    });
    const writes = (method: string, path: string) =>
      proxies.flatMap((proxy) => proxy.requests).filter((r) => r.method === method && r.path.startsWith(path));

    it('Stripe Idempotency-Key', async () => {
      h.sandbox.addFault({ match: { gateway: 'stripe', method: 'POST', pathPrefix: '/v1/payment_intents/' }, fault: 'drop' });
      const update = (z: ZObject, bundle: Bundle) =>
        gatewayApis(z, authDataOf(bundle)).stripe!.updatePaymentIntent(
          'pi_3SbxShip0000000001',
          { metadata: { packed: 'yes' } },
          'testing a dropped write',
        );
      await expect(runApp(update, { authData: h.authData.stripe })).resolves.toMatchObject({
        id: 'pi_3SbxShip0000000001',
        metadata: { packed: 'yes' },
      });
      const sent = writes('POST', '/v1/payment_intents/');
      expect(sent).toHaveLength(2);
      expect(sent[0]!.headers['idempotency-key']).toEqual(expect.any(String));
      expect(sent[1]!.headers['idempotency-key']).toBe(sent[0]!.headers['idempotency-key']);

      // A new call (not a re-send) gets a fresh key: Stripe would otherwise replay the first result for 24 h.
      await runApp(update, { authData: h.authData.stripe });
      expect(writes('POST', '/v1/payment_intents/')[2]!.headers['idempotency-key']).not.toBe(sent[0]!.headers['idempotency-key']);
    });

    it('PayPal PayPal-Request-Id', async () => {
      h.sandbox.addFault({ match: { gateway: 'paypal', method: 'POST', pathPrefix: '/v2/checkout/orders/' }, fault: 'drop' });
      const track = (z: ZObject, bundle: Bundle) =>
        gatewayApis(z, authDataOf(bundle)).paypal!.addTracker('5O190127TN364715T', {
          capture_id: '8MC585209K746392H',
          tracking_number: '9400111202555842332669',
          carrier: 'USPS',
        });
      await runApp(track, { authData: h.authData.paypal });
      const sent = writes('POST', '/paypal/v2/checkout/orders/5O190127TN364715T/track');
      expect(sent).toHaveLength(2);
      expect(sent[0]!.headers['paypal-request-id']).toEqual(expect.any(String));
      expect(sent[1]!.headers['paypal-request-id']).toBe(sent[0]!.headers['paypal-request-id']);
      const state = await h.state();
      expect(state.paypal.trackers.filter((t: any) => t.tracking_number === '9400111202555842332669')).toHaveLength(1);
    });
  });
});

describe('a request the real API would refuse', () => {
  it("is refused by the sandbox with the gateway's own 400, and the app names the reason", async () => {
    const unknownParameter = (z: ZObject, bundle: Bundle) =>
      gatewayApis(z, authDataOf(bundle)).stripe!.updatePaymentIntent(
        'pi_3SbxShip0000000001',
        { not_a_stripe_parameter: 'x' },
        'sending a request the spec refuses',
      );
    const error = await failureOf(runApp(unknownParameter, { authData: h.authData.stripe }));
    expect(error).toMatchObject({ name: 'AppError', status: 400 });
    expect(error.message).toMatch(/Stripe refused the request \(HTTP 400\) while sending a request the spec refuses/);
    expect(error.message).toMatch(/not_a_stripe_parameter/);
    const state = await h.state();
    expect(state.stripe.payment_intents.find((pi: any) => pi.id === 'pi_3SbxShip0000000001').not_a_stripe_parameter).toBeUndefined();
  });

  it("PayPal: a tracker with a carrier outside PayPal's list is refused before it is stored", async () => {
    const badCarrier = (z: ZObject, bundle: Bundle) =>
      gatewayApis(z, authDataOf(bundle)).paypal!.addTracker('5O190127TN364715T', {
        capture_id: '8MC585209K746392H',
        tracking_number: '1Z999AA10123456784',
        carrier: 'NOT_A_PAYPAL_CARRIER',
      });
    const error = await failureOf(runApp(badCarrier, { authData: h.authData.paypal }));
    expect(error).toMatchObject({ name: 'AppError', status: 400 });
    expect(error.message).toMatch(/PayPal refused the request \(HTTP 400\)/);
    const state = await h.state();
    expect(state.paypal.trackers).toHaveLength(0);
  });
});

describe('add_tracking under faults: the retry Zapier makes adds exactly one tracker', () => {
  const addTracking = () => operation('creates', 'add_tracking').perform;
  const paypal = { order: '8MC585209K746392H', tracking_number: 'RR473124829GB', carrier: 'Royal Mail' }; // a capture ID
  const stripe = { order: 'pi_3SbxShip0000000001', tracking_number: '9400111202555842332669', carrier: 'usps' };
  const paypalTrackers = async () => (await h.state()).paypal.trackers.filter((t: any) => t.tracking_number === paypal.tracking_number);

  it.each(['500', '503'] as const)('PayPal track answers %s → retryable; the retry adds one tracker', async (fault) => {
    h.sandbox.addFault({ match: { gateway: 'paypal', method: 'POST', pathPrefix: '/v2/checkout/orders/' }, fault });
    const error = await failureOf(runApp(addTracking(), { authData: h.authData.paypal, inputData: paypal }));
    expect(error.name).toBe('ThrottledError');
    expect(await paypalTrackers()).toHaveLength(0);
    await expect(runApp(addTracking(), { authData: h.authData.paypal, inputData: paypal })).resolves.toMatchObject({
      result: 'added',
      carrier: 'ROYAL_MAIL',
    });
    await expect(runApp(addTracking(), { authData: h.authData.paypal, inputData: paypal })).resolves.toMatchObject({
      result: 'already_present',
    });
    expect(await paypalTrackers()).toHaveLength(1);
  });

  it('PayPal track answers unreadable JSON → the step reads the order and adds the tracker once, without a blind re-send', async () => {
    h.sandbox.addFault({ match: { gateway: 'paypal', method: 'POST', pathPrefix: '/v2/checkout/orders/' }, fault: 'malformed_json' });
    await expect(runApp(addTracking(), { authData: h.authData.paypal, inputData: paypal })).resolves.toMatchObject({
      result: 'added',
      carrier: 'ROYAL_MAIL',
    });
    expect(await paypalTrackers()).toHaveLength(1);
    expect(h.sandbox.stats().byOperation['paypal POST /v2/checkout/orders/{id}/track']).toBe(2);
  });

  it('Stripe update answers 429 with Retry-After → ThrottledError with that delay; the retry adds the tracking', async () => {
    h.sandbox.addFault({ match: { gateway: 'stripe', method: 'POST', pathPrefix: '/v1/payment_intents/' }, fault: '429', retryAfter: 12 });
    const error = await failureOf(runApp(addTracking(), { authData: h.authData.stripe, inputData: stripe }));
    expect(error).toMatchObject({ name: 'ThrottledError', delay: 12 });
    await expect(runApp(addTracking(), { authData: h.authData.stripe, inputData: stripe })).resolves.toMatchObject({
      result: 'added',
      carrier_name: 'USPS',
    });
    expect(h.sandbox.state.stripe.dump().payment_intents.find((pi: any) => pi.id === stripe.order)?.shipping).toMatchObject({
      tracking_number: stripe.tracking_number,
    });
  });

  it('a dropped connection on the write is re-sent within the same step: added, one tracker', async () => {
    h.sandbox.addFault({ match: { gateway: 'paypal', method: 'POST', pathPrefix: '/v2/checkout/orders/' }, fault: 'drop' });
    await expect(runApp(addTracking(), { authData: h.authData.paypal, inputData: paypal })).resolves.toMatchObject({ result: 'added' });
    expect(await paypalTrackers()).toHaveLength(1);
  });
});
