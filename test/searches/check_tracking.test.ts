/**
 * check_tracking: agreement with the shop (missing, unexpected, carrier mismatch, cancelled) in one plain
 * sentence, live trackers only, the two gateways compared for one merchant reference, [] for an unknown
 * reference, bad input refused before any request, and never a write.
 */
import { paypalApi, paypalToken, stripeApi } from '../support/gateway-nock';
import { BOTH_AUTH, STRIPE_AUTH, TEST_SECRETS } from '../support/fixtures';
import { failureOf } from '../support/tester';
import { ORDER_KEYS } from '../../orders/order';
import {
  PI_ID,
  PP_CAPTURE,
  PP_CAPTURE_ID,
  PP_NUMBER,
  PP_ORDER_ID,
  UPS_NUMBER,
  paymentIntent,
  paypalOrder,
  stripeSearch,
  tracker,
  transactionSearch,
} from '../creates/fixtures';
import { callLines, gatewayCalls } from '../creates/helpers';
import { ORDER_PATH, USPS_22, V1_LIST, runCheck, v1Trackers, type V1Tracker } from '../creates/reconcile-fixtures';

function paypalHolds(trackers: V1Tracker[]) {
  paypalApi()
    .get(ORDER_PATH)
    .reply(200, paypalOrder(trackers.map((t) => tracker(t.number, t.status?.toUpperCase() === 'CANCELLED' ? 'CANCELLED' : 'SHIPPED'))));
  if (trackers.length) paypalApi().get(V1_LIST).query({ transaction_id: PP_CAPTURE_ID }).reply(200, v1Trackers(trackers));
}

/** The requests of the last check, as "GET /path" lines. */
let sent: string[] = [];

const check = async (inputData: Record<string, unknown>, authData = BOTH_AUTH) => {
  const rows = await runCheck(inputData, authData);
  const calls = gatewayCalls();
  // Read-only, whatever the answer.
  expect(calls.filter((c) => c.method !== 'GET')).toEqual([]);
  sent = callLines(calls);
  return rows;
};

describe('check_tracking', () => {
  it('PayPal holds what the shop shipped: agrees, an Order with every key plus the comparison; reads the order and its trackers', async () => {
    paypalToken();
    paypalHolds([{ number: UPS_NUMBER, carrier: 'UPS', status: 'DELIVERED' }]);
    const rows = await check({ order: PP_ORDER_ID, expected_tracking: [UPS_NUMBER.toLowerCase()], expected_carrier: 'ups' });
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0]).slice(0, ORDER_KEYS.length)).toEqual(ORDER_KEYS);
    expect(rows[0]).toMatchObject({
      gateway: 'paypal',
      order_id: PP_ORDER_ID,
      agrees: true,
      verdict: `PayPal holds ${UPS_NUMBER} (UPS), as the shop shipped.`,
      gateway_tracking: [{ tracking_number: UPS_NUMBER, carrier: 'UPS', status: 'delivered' }],
      missing: [],
      unexpected: [],
      carrier_mismatch: [],
      cancelled: [],
      cross_gateway_agrees: null,
    });
    expect(sent).toEqual([`GET ${ORDER_PATH}`, `GET ${V1_LIST}`]);
  });

  it('another number than the shop shipped: missing and unexpected, the sentence names both in full', async () => {
    paypalToken();
    paypalHolds([{ number: UPS_NUMBER, carrier: 'UPS' }]);
    const [row] = await check({ order: PP_ORDER_ID, expected_tracking: USPS_22 });
    expect(row).toMatchObject({ agrees: false, missing: [USPS_22], unexpected: [UPS_NUMBER], carrier_mismatch: [] });
    expect(row.verdict).toBe(`PayPal holds ${UPS_NUMBER} (UPS) but the shop shipped ${USPS_22} (USPS).`);
  });

  it('the same number under another carrier: carrier_mismatch', async () => {
    paypalToken();
    paypalHolds([{ number: UPS_NUMBER, carrier: 'FEDEX' }]);
    const [row] = await check({ order: PP_ORDER_ID, expected_tracking: `${UPS_NUMBER}`, expected_carrier: 'UPS' });
    expect(row).toMatchObject({ agrees: false, missing: [], unexpected: [], carrier_mismatch: [UPS_NUMBER] });
    expect(row.verdict).toBe(`PayPal holds ${UPS_NUMBER} (FedEx) but the shop shipped ${UPS_NUMBER} (UPS).`);
  });

  it('a number held only as cancelled (any case) is not live: missing and cancelled, left out of gateway_tracking', async () => {
    paypalToken();
    paypalHolds([{ number: PP_NUMBER, carrier: 'FEDEX', status: 'Cancelled' }]);
    const [row] = await check({ order: PP_ORDER_ID, expected_tracking: [PP_NUMBER] });
    expect(row).toMatchObject({ agrees: false, missing: [PP_NUMBER], cancelled: [PP_NUMBER], gateway_tracking: [], has_tracking: false });
    expect(row.verdict).toBe(
      `PayPal holds no live tracking but the shop shipped ${PP_NUMBER} (FedEx); ${PP_NUMBER} is cancelled on PayPal.`,
    );
  });

  it('nothing expected: agrees means the order has live tracking', async () => {
    stripeApi()
      .get(`/v1/payment_intents/${PI_ID}`)
      .query(true)
      .reply(200, paymentIntent({ tracking: UPS_NUMBER, carrier: 'UPS', metadata: { tracking_status: 'in_transit' } }));
    stripeApi().get(`/v1/payment_intents/${PI_ID}`).query(true).reply(200, paymentIntent());
    const [tracked] = await check({ order: PI_ID }, STRIPE_AUTH);
    expect(tracked).toMatchObject({
      agrees: true,
      verdict: `Stripe holds ${UPS_NUMBER} (UPS).`,
      gateway_tracking: [{ tracking_number: UPS_NUMBER, carrier: 'UPS', status: 'in_transit' }],
    });
    const [untracked] = await check({ order: PI_ID }, STRIPE_AUTH);
    expect(untracked).toMatchObject({ agrees: false, verdict: 'Stripe holds no live tracking.', gateway_tracking: [] });
    expect(sent).toEqual([`GET /v1/payment_intents/${PI_ID}`]);
  });

  function bothGateways(stripeTracking: string, paypalTrackers: V1Tracker[]) {
    stripeApi()
      .get('/v1/payment_intents/search')
      .query(true)
      .reply(200, stripeSearch([paymentIntent({ tracking: stripeTracking, metadata: { order_id: 'INV-6735' } })]));
    paypalToken();
    paypalApi()
      .get('/v1/reporting/transactions')
      .query(true)
      .reply(200, transactionSearch([{ id: PP_CAPTURE_ID, invoice: 'INV-6735' }]));
    paypalApi().get(`/v2/payments/captures/${PP_CAPTURE_ID}`).reply(200, PP_CAPTURE);
    paypalHolds(paypalTrackers);
  }

  it('a merchant reference paid in both gateways holding the same numbers: one row each, cross_gateway_agrees true', async () => {
    bothGateways(UPS_NUMBER, [{ number: UPS_NUMBER, carrier: 'UPS' }]);
    const rows = await check({ order: 'INV-6735' });
    expect(rows.map((r) => [r.gateway, r.agrees, r.cross_gateway_agrees])).toEqual(
      expect.arrayContaining([
        ['stripe', true, true],
        ['paypal', true, true],
      ]),
    );
  });

  it('a merchant reference whose gateways disagree: cross_gateway_agrees false, each sentence names the other gateway’s numbers', async () => {
    bothGateways(UPS_NUMBER, [{ number: USPS_22, carrier: 'USPS' }]);
    const rows = await check({ order: 'INV-6735' });
    const byGateway = Object.fromEntries(rows.map((r) => [r.gateway, r]));
    expect(byGateway.stripe).toMatchObject({ agrees: false, cross_gateway_agrees: false });
    expect(byGateway.stripe.verdict).toBe(`Stripe holds ${UPS_NUMBER} (UPS); PayPal holds ${USPS_22} (USPS) for the same order reference.`);
    expect(byGateway.paypal.verdict).toBe(`PayPal holds ${USPS_22} (USPS); Stripe holds ${UPS_NUMBER} (UPS) for the same order reference.`);
    expect(JSON.stringify(rows)).not.toMatch(new RegExp(TEST_SECRETS.map((s) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')).join('|')));
  });

  it('a reference nothing matches: [] (a gateway 404 is no match), after looking in every gateway', async () => {
    stripeApi().get('/v1/payment_intents/search').query(true).reply(200, stripeSearch([]));
    paypalToken();
    paypalApi().get('/v1/reporting/transactions').query(true).reply(200, transactionSearch([]));
    expect(await check({ order: 'INV-404', expected_tracking: UPS_NUMBER })).toEqual([]);
    expect(sent).toEqual(['GET /v1/payment_intents/search', 'GET /v1/reporting/transactions']);
    paypalApi()
      .get(`/v2/checkout/orders/${PP_CAPTURE_ID}`)
      .reply(404, { name: 'RESOURCE_NOT_FOUND', details: [{ issue: 'INVALID_RESOURCE_ID' }] });
    paypalApi()
      .get(`/v2/payments/captures/${PP_CAPTURE_ID}`)
      .reply(404, { name: 'RESOURCE_NOT_FOUND', details: [{ issue: 'INVALID_RESOURCE_ID' }] });
    expect(await check({ order: PP_CAPTURE_ID })).toEqual([]);
  });

  it.each([
    ['no order', {}, /^Order: is required/],
    ['a path-like order', { order: '../v1/oauth2/token' }, /^Order: .*URL or path characters/],
    ['expected tracking as a set of fields', { order: PI_ID, expected_tracking: { a: 1 } }, /^Expected Tracking: must be tracking numbers/],
    ['a link that is no carrier’s', { order: PI_ID, expected_tracking: 'https://example.com/x?id=1' }, /^Expected Tracking: .*is a link/],
    ['an expected carrier with a tab', { order: PI_ID, expected_carrier: 'U\tPS' }, /^Expected Carrier: contains control characters/],
  ])('bad input (%s): one z.errors.Error naming the field, no request', async (_case, inputData, message) => {
    const error = await failureOf(runCheck(inputData, BOTH_AUTH));
    expect(error).toMatchObject({ name: 'AppError', code: 'InvalidInput', status: 400 });
    expect(error.message).toMatch(message);
    expect(gatewayCalls()).toEqual([]);
  });
});
