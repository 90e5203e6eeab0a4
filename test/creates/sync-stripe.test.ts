/**
 * sync_tracking against Stripe: every case of the reconcile table as form bodies of the one PaymentIntent
 * update (numbers and carriers as add_tracking stores them, the status in metadata.tracking_status), dispute
 * evidence, and a payment without an address.
 */
import { formOf, stripeApi } from '../support/gateway-nock';
import { STRIPE_AUTH } from '../support/fixtures';
import { failureOf } from '../support/tester';
import { OPEN_DISPUTES, PI_ID, PP_NUMBER, UPS_NUMBER, paymentIntent, updatedPaymentIntent } from './fixtures';
import { callLines, gatewayCalls } from './helpers';
import { USPS_22, line, runSync } from './reconcile-fixtures';

const PI_PATH = `/v1/payment_intents/${PI_ID}`;
const sync = (inputData: Record<string, unknown>) => runSync({ order: PI_ID, ...inputData }, STRIPE_AUTH);

function holds(options: Parameters<typeof paymentIntent>[0] = {}) {
  stripeApi().get(PI_PATH).query({ 'expand[0]': 'latest_charge' }).reply(200, paymentIntent(options));
}

/** The form of the one write, after checking it was the only request besides the read. */
function theWrite(): Record<string, string> {
  const calls = gatewayCalls();
  expect(callLines(calls)).toEqual([`GET ${PI_PATH}`, `POST ${PI_PATH}`]);
  return formOf(calls[1]!);
}

describe('sync_tracking on a Stripe payment', () => {
  it('holds nothing: one update with number, carrier and metadata.tracking_status, the address re-sent', async () => {
    holds();
    stripeApi().post(PI_PATH).reply(200, updatedPaymentIntent(UPS_NUMBER));
    const result = await sync({ tracking: [line(UPS_NUMBER)] });
    expect(theWrite()).toEqual({
      'shipping[name]': 'Jenny Rosen',
      'shipping[address][city]': 'San Francisco',
      'shipping[address][country]': 'US',
      'shipping[address][line1]': '510 Townsend St',
      'shipping[address][postal_code]': '94103',
      'shipping[address][state]': 'CA',
      'shipping[carrier]': 'UPS',
      'shipping[tracking_number]': UPS_NUMBER,
      'metadata[tracking_status]': 'shipped',
    });
    expect(result).toMatchObject({ gateway: 'stripe', result: 'changed', added: [UPS_NUMBER], dispute_evidence: 'no_open_dispute' });
  });

  it('holds the same number and carrier (no status stated means shipped): no write, in_sync', async () => {
    holds({ tracking: UPS_NUMBER, carrier: 'UPS' });
    const result = await sync({ tracking: [line(UPS_NUMBER)] });
    expect(callLines(gatewayCalls())).toEqual([`GET ${PI_PATH}`]);
    expect(result).toMatchObject({
      result: 'in_sync',
      agreed_before: true,
      kept: [UPS_NUMBER],
      trackings: [{ result: 'kept', carrier: 'UPS' }],
    });
  });

  it('holds the number under another carrier: overwrites the carrier', async () => {
    holds({ tracking: PP_NUMBER, carrier: 'UPS' });
    stripeApi().post(PI_PATH).reply(200, updatedPaymentIntent(PP_NUMBER, 'FedEx'));
    const result = await sync({ tracking: [line(PP_NUMBER, 'fedex')] });
    expect(theWrite()).toMatchObject({
      'shipping[carrier]': 'FedEx',
      'shipping[tracking_number]': PP_NUMBER,
      'metadata[tracking_status]': 'shipped',
    });
    expect(result).toMatchObject({ result: 'changed', corrected: [PP_NUMBER] });
  });

  it('holds the number with another status: writes metadata.tracking_status, lower case as given', async () => {
    holds({ tracking: UPS_NUMBER, carrier: 'UPS', metadata: { tracking_status: 'shipped', order_id: '6735' } });
    stripeApi().post(PI_PATH).reply(200, updatedPaymentIntent(UPS_NUMBER));
    const result = await sync({ tracking: [line(UPS_NUMBER, 'UPS', 'DELIVERED')] });
    expect(theWrite()).toMatchObject({ 'shipping[tracking_number]': UPS_NUMBER, 'metadata[tracking_status]': 'delivered' });
    expect(result.corrected).toEqual([UPS_NUMBER]);
  });

  it('holds M, shop says N with remove_others: N replaces M', async () => {
    holds({ tracking: PP_NUMBER, carrier: 'FedEx' });
    stripeApi().post(PI_PATH).reply(200, updatedPaymentIntent(UPS_NUMBER));
    const result = await sync({ tracking: [line(UPS_NUMBER)], remove_others: 'true' });
    const form = theWrite();
    expect(form).toMatchObject({
      'shipping[tracking_number]': UPS_NUMBER,
      'shipping[carrier]': 'UPS',
      'metadata[tracking_status]': 'shipped',
    });
    expect(result).toMatchObject({ added: [UPS_NUMBER], cancelled: [PP_NUMBER], kept: [] });
  });

  it('holds M, shop says N and keeps others: M and N joined the way add_tracking stores them, a status each', async () => {
    holds({ tracking: PP_NUMBER, carrier: 'FedEx', metadata: { tracking_status: 'delivered' } });
    stripeApi()
      .post(PI_PATH)
      .reply(200, updatedPaymentIntent(`${PP_NUMBER},${USPS_22}`, 'FedEx,USPS'));
    const result = await sync({ tracking: [line(USPS_22)] });
    expect(theWrite()).toMatchObject({
      'shipping[tracking_number]': `${PP_NUMBER},${USPS_22}`,
      'shipping[carrier]': 'FedEx,USPS',
      'metadata[tracking_numbers]': `${PP_NUMBER},${USPS_22}`,
      'metadata[tracking_status]': 'delivered,shipped',
    });
    expect(result).toMatchObject({ added: [USPS_22], kept: [PP_NUMBER], tracking_number: `${USPS_22},${PP_NUMBER}` });
  });

  it('a statuses list the length of the numbers gives each number its own; a replay of it writes nothing', async () => {
    holds({ tracking: `${PP_NUMBER},${USPS_22}`, carrier: 'FedEx,USPS', metadata: { tracking_status: 'delivered,shipped' } });
    const result = await sync({ tracking: [line(PP_NUMBER, 'FedEx', 'delivered'), line(USPS_22)] });
    expect(callLines(gatewayCalls())).toEqual([`GET ${PI_PATH}`]);
    expect(result).toMatchObject({ result: 'in_sync', kept: [PP_NUMBER, USPS_22] });
  });

  it('an open dispute: the synced numbers are staged as shipping evidence', async () => {
    holds({ disputed: true });
    stripeApi().post(PI_PATH).reply(200, updatedPaymentIntent(UPS_NUMBER));
    stripeApi().get('/v1/disputes').query(true).reply(200, OPEN_DISPUTES);
    stripeApi().post(`/v1/disputes/${OPEN_DISPUTES.data[0]!.id}`).reply(200, OPEN_DISPUTES.data[0]);
    const result = await sync({ tracking: [line(UPS_NUMBER)] });
    const calls = gatewayCalls();
    expect(formOf(calls[3]!)).toMatchObject({ 'evidence[shipping_tracking_number]': UPS_NUMBER, submit: 'false' });
    expect(result.dispute_evidence).toBe('staged');
  });

  it('no address anywhere: refused before any write, naming the shipping fields', async () => {
    holds({ shipping: false });
    stripeApi()
      .get('/v1/checkout/sessions')
      .query({ payment_intent: PI_ID, limit: '1' })
      .reply(200, { object: 'list', data: [], has_more: false, url: '/v1/checkout/sessions' });
    const error = await failureOf(sync({ tracking: [line(UPS_NUMBER)] }));
    expect(error).toMatchObject({ name: 'AppError', code: 'NotTrackable', status: 422 });
    expect(error.message).toMatch(/Fill in Shipping Name.*Nothing was written/);
    expect(gatewayCalls().map((c) => c.method)).toEqual(['GET', 'GET']);
  });
});
