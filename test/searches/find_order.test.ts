/** find_order: each reference kind, by customer email, none found ([]), and the required-input rule. */
import { paypalApi, paypalToken, stripeApi } from '../support/gateway-nock';
import { BOTH_AUTH, PAYPAL_AUTH, STRIPE_AUTH } from '../support/fixtures';
import { App, failureOf, runApp } from '../support/tester';
import { ORDER_KEYS } from '../../orders/order';
import {
  CHARGE_ID,
  CHARGE_WITH_PI,
  PI_ID,
  PP_CAPTURE,
  PP_CAPTURE_ID,
  PP_NUMBER,
  PP_ORDER_ID,
  SESSION_WITH_PI,
  UPS_NUMBER,
  paymentIntent,
  paypalOrder,
  stripeSearch,
  tracker,
  transactionSearch,
} from '../creates/fixtures';
import { callLines, gatewayCalls } from '../creates/helpers';

const find = (inputData: Record<string, unknown>, authData = BOTH_AUTH) =>
  runApp((App as any).searches.find_order.operation.perform, { authData, inputData });
const NOT_FOUND = { name: 'RESOURCE_NOT_FOUND', details: [{ issue: 'INVALID_RESOURCE_ID' }] };

describe('find_order', () => {
  it('by PaymentIntent ID: the Order with its tracking, every key present', async () => {
    stripeApi()
      .get(`/v1/payment_intents/${PI_ID}`)
      .query(true)
      .reply(200, paymentIntent({ tracking: UPS_NUMBER }));
    const orders = await find({ order: PI_ID }, STRIPE_AUTH);
    expect(orders).toHaveLength(1);
    expect(Object.keys(orders[0])).toEqual(ORDER_KEYS);
    expect(orders[0]).toMatchObject({ gateway: 'stripe', order_id: PI_ID, has_tracking: true, tracking_number: UPS_NUMBER });
    expect(gatewayCalls()).toHaveLength(1);
  });

  it('by Charge ID and by Checkout Session ID: one read each', async () => {
    stripeApi().get(`/v1/charges/${CHARGE_ID}`).query(true).reply(200, CHARGE_WITH_PI);
    stripeApi().get(`/v1/checkout/sessions/${SESSION_WITH_PI.id}`).query(true).reply(200, SESSION_WITH_PI);
    expect((await find({ order: CHARGE_ID }, STRIPE_AUTH))[0]).toMatchObject({ order_id: PI_ID, payment_id: CHARGE_ID });
    expect((await find({ order: SESSION_WITH_PI.id }, STRIPE_AUTH))[0]).toMatchObject({ order_id: PI_ID });
    expect(gatewayCalls()).toHaveLength(2);
  });

  it('by PayPal order ID and by capture ID', async () => {
    paypalToken();
    paypalApi()
      .get(`/v2/checkout/orders/${PP_ORDER_ID}`)
      .times(2)
      .reply(200, paypalOrder([tracker(PP_NUMBER)]));
    paypalApi().get(`/v2/checkout/orders/${PP_CAPTURE_ID}`).reply(404, NOT_FOUND);
    paypalApi().get(`/v2/payments/captures/${PP_CAPTURE_ID}`).reply(200, PP_CAPTURE);
    expect((await find({ order: PP_ORDER_ID }, PAYPAL_AUTH))[0]).toMatchObject({
      gateway: 'paypal',
      order_id: PP_ORDER_ID,
      tracking_number: PP_NUMBER,
      environment: 'test',
    });
    expect((await find({ order: PP_CAPTURE_ID }, PAYPAL_AUTH))[0]).toMatchObject({ order_id: PP_ORDER_ID, payment_id: PP_CAPTURE_ID });
  });

  it('by merchant reference: every match in both gateways, newest first', async () => {
    const older = { ...paymentIntent({ metadata: { order_id: 'INV-6735' } }), id: 'pi_3MtwBwLkdIwHu7ix0000AAAA', created: 1_600_000_000 };
    stripeApi()
      .get('/v1/payment_intents/search')
      .query(true)
      .reply(200, stripeSearch([older, paymentIntent({ metadata: { order_id: 'INV-6735' } })]));
    paypalToken();
    paypalApi()
      .get('/v1/reporting/transactions')
      .query(true)
      .reply(200, transactionSearch([{ id: PP_CAPTURE_ID, invoice: 'INV-6735' }]));
    paypalApi().get(`/v2/payments/captures/${PP_CAPTURE_ID}`).reply(200, PP_CAPTURE);
    paypalApi().get(`/v2/checkout/orders/${PP_ORDER_ID}`).reply(200, paypalOrder());
    const orders = await find({ order: 'INV-6735' });
    expect(orders.map((o: { order_id: string }) => o.order_id)).toEqual([PI_ID, 'pi_3MtwBwLkdIwHu7ix0000AAAA', PP_ORDER_ID]);
  });

  it('by customer email: Stripe Charge search (PaymentIntent expanded) and PayPal Transaction Search on the payer', async () => {
    stripeApi()
      .get('/v1/charges/search')
      .query(true)
      .reply(200, {
        ...stripeSearch([{ ...CHARGE_WITH_PI, billing_details: { ...CHARGE_WITH_PI.billing_details, email: 'consumer@example.com' } }]),
        url: '/v1/charges/search',
      });
    paypalToken();
    paypalApi()
      .get('/v1/reporting/transactions')
      .query(true)
      .reply(200, transactionSearch([{ id: PP_CAPTURE_ID, invoice: 'X' }]));
    paypalApi().get(`/v2/payments/captures/${PP_CAPTURE_ID}`).reply(200, PP_CAPTURE);
    paypalApi().get(`/v2/checkout/orders/${PP_ORDER_ID}`).reply(200, paypalOrder());
    const orders = await find({ customer_email: 'Consumer@Example.com' });
    expect(orders.map((o: { gateway: string }) => o.gateway).sort()).toEqual(['paypal', 'stripe']);
    const calls = gatewayCalls();
    const search = calls.find((c) => c.url.includes('/v1/charges/search'))!;
    expect(new URL(search.url).searchParams.get('query')).toBe("billing_details.email:'consumer@example.com'");
    expect(callLines(calls)).toContain('GET /v1/reporting/transactions');
  });

  it('nothing found → [] (404s and empty searches are no match)', async () => {
    stripeApi()
      .get(`/v1/payment_intents/${PI_ID}`)
      .query(true)
      .reply(404, { error: { type: 'invalid_request_error', code: 'resource_missing', message: 'No such payment_intent' } });
    expect(await find({ order: PI_ID }, STRIPE_AUTH)).toEqual([]);
    paypalToken();
    paypalApi().get(`/v2/checkout/orders/${PP_ORDER_ID}`).reply(404, NOT_FOUND);
    paypalApi().get(`/v2/payments/captures/${PP_ORDER_ID}`).reply(404, NOT_FOUND);
    expect(await find({ order: PP_ORDER_ID }, PAYPAL_AUTH)).toEqual([]);
    stripeApi().get('/v1/payment_intents/search').query(true).reply(200, stripeSearch([]));
    expect(await find({ order: 'NO-SUCH-ORDER' }, STRIPE_AUTH)).toEqual([]);
  });

  it('a Stripe ID when only PayPal is chosen → []', async () => {
    expect(await find({ order: PI_ID, gateways: ['paypal'] })).toEqual([]);
    expect(gatewayCalls()).toEqual([]);
  });

  it('neither order nor email, or a bad email / reference: a clear error and no request', async () => {
    for (const [input, message] of [
      [{}, /Enter an Order .* or a Customer Email/],
      [{ customer_email: 'not-an-email' }, /^Customer Email: /],
      [{ order: '../x' }, /^Order: .*path characters/],
    ] as const) {
      const error = await failureOf(find(input));
      expect(error).toMatchObject({ name: 'AppError', code: 'InvalidInput' });
      expect(error.message).toMatch(message);
    }
    expect(gatewayCalls()).toEqual([]);
  });
});
