/**
 * The tracking actions against Stripe: each reference kind with its exact round trips and form bodies,
 * the shipping fallbacks, several numbers, dispute evidence, update/cancel and Stripe's errors.
 */
import { formOf, paypalApi, paypalToken, stripeApi } from '../support/gateway-nock';
import { BOTH_AUTH, STRIPE_AUTH } from '../support/fixtures';
import { failureOf } from '../support/tester';
import {
  CHARGE_ID,
  CHARGE_WITH_PI,
  OPEN_DISPUTES,
  PI_ID,
  SESSION_WITH_PI,
  UPS_NUMBER,
  paymentIntent,
  stripeSearch,
  transactionSearch,
  updatedPaymentIntent,
} from './fixtures';
import { callLines, gatewayCalls, runAction } from './helpers';

const PI_PATH = `/v1/payment_intents/${PI_ID}`;
const FEDEX = '443844607820';

const address = {
  'shipping[name]': 'Jenny Rosen',
  'shipping[address][city]': 'San Francisco',
  'shipping[address][country]': 'US',
  'shipping[address][line1]': '510 Townsend St',
  'shipping[address][postal_code]': '94103',
  'shipping[address][state]': 'CA',
};

describe('add tracking to a Stripe payment', () => {
  it('by PaymentIntent ID: 1 read + 1 write; name and address re-sent with carrier and number', async () => {
    stripeApi().get(PI_PATH).query({ 'expand[0]': 'latest_charge' }).reply(200, paymentIntent());
    stripeApi().post(PI_PATH).reply(200, updatedPaymentIntent(UPS_NUMBER));

    const result = await runAction('add_stripe_tracking', { order: PI_ID, tracking_number: UPS_NUMBER }, STRIPE_AUTH);

    const calls = gatewayCalls();
    expect(callLines(calls)).toEqual([`GET ${PI_PATH}`, `POST ${PI_PATH}`]);
    expect(formOf(calls[1]!)).toEqual({ ...address, 'shipping[carrier]': 'UPS', 'shipping[tracking_number]': UPS_NUMBER });
    expect(calls[1]!.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(result).toMatchObject({
      id: `stripe:${PI_ID}:${UPS_NUMBER}`,
      gateway: 'stripe',
      order_id: PI_ID,
      payment_id: CHARGE_ID,
      carrier: 'UPS',
      result: 'added',
      dispute_evidence: 'no_open_dispute',
      order: { has_tracking: true, tracking_number: UPS_NUMBER, carrier: 'UPS', shipping_line1: '510 Townsend St' },
    });
  });

  it('already present: 1 read, 0 writes', async () => {
    stripeApi()
      .get(PI_PATH)
      .query(true)
      .reply(200, paymentIntent({ tracking: `${FEDEX},${UPS_NUMBER}` }));
    const result = await runAction('add_tracking', { order: PI_ID, tracking_number: UPS_NUMBER.toLowerCase() }, STRIPE_AUTH);
    expect(gatewayCalls()).toHaveLength(1);
    expect(result.result).toBe('already_present');
  });

  it('by Charge ID: one read (PaymentIntent expanded) + 1 write to the PaymentIntent', async () => {
    stripeApi().get(`/v1/charges/${CHARGE_ID}`).query({ 'expand[0]': 'payment_intent' }).reply(200, CHARGE_WITH_PI);
    stripeApi().post(PI_PATH).reply(200, updatedPaymentIntent(UPS_NUMBER));
    const result = await runAction('add_tracking', { order: CHARGE_ID, tracking_number: UPS_NUMBER }, STRIPE_AUTH);
    expect(callLines(gatewayCalls())).toEqual([`GET /v1/charges/${CHARGE_ID}`, `POST ${PI_PATH}`]);
    expect(result.order_id).toBe(PI_ID);
  });

  it('by Checkout Session ID: one read; the session’s shipping details are re-sent when the payment has none', async () => {
    stripeApi()
      .get(`/v1/checkout/sessions/${SESSION_WITH_PI.id}`)
      .query({ 'expand[0]': 'payment_intent', 'expand[1]': 'payment_intent.latest_charge' })
      .reply(200, SESSION_WITH_PI);
    stripeApi().post(PI_PATH).reply(200, updatedPaymentIntent(UPS_NUMBER));
    await runAction('add_tracking', { order: SESSION_WITH_PI.id, tracking_number: UPS_NUMBER }, STRIPE_AUTH);
    const calls = gatewayCalls();
    expect(callLines(calls)).toEqual([`GET /v1/checkout/sessions/${SESSION_WITH_PI.id}`, `POST ${PI_PATH}`]);
    expect(formOf(calls[1]!)).toMatchObject(address);
  });

  it('no address anywhere: looks for a Checkout Session, then uses the action’s shipping fields', async () => {
    stripeApi()
      .get(PI_PATH)
      .query(true)
      .times(2)
      .reply(200, paymentIntent({ shipping: false }));
    stripeApi()
      .get('/v1/checkout/sessions')
      .query({ payment_intent: PI_ID, limit: '1' })
      .reply(200, { object: 'list', data: [], has_more: false, url: '/v1/checkout/sessions' });

    const error = await failureOf(runAction('add_tracking', { order: PI_ID, tracking_number: UPS_NUMBER }, STRIPE_AUTH));
    expect(error).toMatchObject({ code: 'NotTrackable', status: 422 });
    expect(error.message).toMatch(/Fill in Shipping Name, Shipping Address Line 1.*Nothing was written/);
    expect(gatewayCalls().map((c) => c.method)).toEqual(['GET', 'GET']);

    stripeApi().post(PI_PATH).reply(200, updatedPaymentIntent(UPS_NUMBER));
    await runAction(
      'add_tracking',
      {
        order: PI_ID,
        tracking_number: UPS_NUMBER,
        shipping_name: 'Ann Smith',
        shipping_line1: '1 Main St',
        shipping_city: 'Springfield',
        shipping_postal_code: '12345',
        shipping_country: 'us',
      },
      STRIPE_AUTH,
    );
    const calls = gatewayCalls();
    expect(callLines(calls)).toEqual([`GET ${PI_PATH}`, `POST ${PI_PATH}`]);
    expect(formOf(calls[1]!)).toMatchObject({
      'shipping[name]': 'Ann Smith',
      'shipping[address][line1]': '1 Main St',
      'shipping[address][country]': 'US',
    });
  });

  it('several numbers: comma-separated on the payment, also in metadata with their URLs', async () => {
    stripeApi()
      .get(PI_PATH)
      .query(true)
      .reply(200, paymentIntent({ tracking: FEDEX, carrier: 'FedEx' }));
    stripeApi()
      .post(PI_PATH)
      .reply(200, updatedPaymentIntent(`${FEDEX},${UPS_NUMBER}`, 'FedEx,UPS'));
    const result = await runAction('add_tracking', { order: PI_ID, tracking_number: `${FEDEX}, ${UPS_NUMBER}` }, STRIPE_AUTH);
    const form = formOf(gatewayCalls()[1]!);
    expect(form).toMatchObject({
      'shipping[tracking_number]': `${FEDEX},${UPS_NUMBER}`,
      'shipping[carrier]': 'FedEx,UPS',
      'metadata[tracking_numbers]': `${FEDEX},${UPS_NUMBER}`,
      'metadata[tracking_urls]': `https://www.fedex.com/fedextrack/?trknbr=${FEDEX},https://www.ups.com/track?tracknum=${UPS_NUMBER}`,
    });
    expect(result.trackings.map((t: { result: string }) => t.result)).toEqual(['already_present', 'added']);
    expect(result.result).toBe('added');
  });

  it.each([
    ['stage', 'false', 'staged'],
    ['submit', 'true', 'submitted'],
  ] as const)(
    'an open dispute, evidence %s: sent with submit=%s (Stripe submits by default unless told false)',
    async (choice, submit, outcome) => {
      stripeApi()
        .get(PI_PATH)
        .query(true)
        .reply(200, paymentIntent({ disputed: true }));
      stripeApi().post(PI_PATH).reply(200, updatedPaymentIntent(UPS_NUMBER));
      stripeApi().get('/v1/disputes').query({ payment_intent: PI_ID, limit: '10' }).reply(200, OPEN_DISPUTES);
      stripeApi().post(`/v1/disputes/${OPEN_DISPUTES.data[0]!.id}`).reply(200, OPEN_DISPUTES.data[0]);
      const result = await runAction('add_tracking', { order: PI_ID, tracking_number: UPS_NUMBER, dispute_evidence: choice }, STRIPE_AUTH);
      const calls = gatewayCalls();
      expect(callLines(calls)).toEqual([
        `GET ${PI_PATH}`,
        `POST ${PI_PATH}`,
        'GET /v1/disputes',
        `POST /v1/disputes/${OPEN_DISPUTES.data[0]!.id}`,
      ]);
      expect(formOf(calls[3]!)).toEqual({
        'evidence[shipping_tracking_number]': UPS_NUMBER,
        'evidence[shipping_carrier]': 'UPS',
        'evidence[shipping_date]': new Date().toISOString().slice(0, 10),
        submit,
      });
      expect(result.dispute_evidence).toBe(outcome);
    },
  );

  it('dispute evidence none: the dispute is not looked up', async () => {
    stripeApi()
      .get(PI_PATH)
      .query(true)
      .reply(200, paymentIntent({ disputed: true }));
    stripeApi().post(PI_PATH).reply(200, updatedPaymentIntent(UPS_NUMBER));
    const result = await runAction('add_tracking', { order: PI_ID, tracking_number: UPS_NUMBER, dispute_evidence: 'none' }, STRIPE_AUTH);
    expect(gatewayCalls()).toHaveLength(2);
    expect(result.dispute_evidence).toBe('none');
  });

  it('by merchant order number: Stripe Search on metadata order_id/order_number and PayPal search; one match is used', async () => {
    stripeApi()
      .get('/v1/payment_intents/search')
      .query(true)
      .reply(200, stripeSearch([paymentIntent({ metadata: { order_id: '6735' } })]));
    paypalToken();
    paypalApi().get('/v1/reporting/transactions').query(true).reply(200, transactionSearch([]));
    stripeApi()
      .post(PI_PATH)
      .reply(200, { ...updatedPaymentIntent(UPS_NUMBER), metadata: { order_id: '6735' } });
    const result = await runAction('add_tracking', { order: '6735', tracking_number: UPS_NUMBER }, BOTH_AUTH);
    const calls = gatewayCalls();
    expect(callLines(calls).sort()).toEqual(['GET /v1/payment_intents/search', 'GET /v1/reporting/transactions', `POST ${PI_PATH}`].sort());
    const search = calls.find((c) => c.url.includes('/search'))!;
    expect(new URL(search.url).searchParams.get('query')).toBe("metadata['order_id']:'6735' OR metadata['order_number']:'6735'");
    expect(result.order).toMatchObject({ order_id: PI_ID, merchant_reference: '6735' });
  });

  it('a merchant reference matching several payments: refuses with the list, no write', async () => {
    const other = { ...paymentIntent({ metadata: { order_number: '6735' } }), id: 'pi_3MtwBwLkdIwHu7ix0000AAAA' };
    stripeApi()
      .get('/v1/payment_intents/search')
      .query(true)
      .reply(200, stripeSearch([paymentIntent({ metadata: { order_id: '6735' } }), other]));
    const error = await failureOf(runAction('add_tracking', { order: '6735', tracking_number: UPS_NUMBER }, STRIPE_AUTH));
    expect(error).toMatchObject({ code: 'AmbiguousOrder', status: 409 });
    expect(error.message).toMatch(
      /matches 2 payments: Stripe pi_3MtwBwLkdIwHu7ix28a3tqPa 20\.00 USD .*; Stripe pi_3MtwBwLkdIwHu7ix0000AAAA/,
    );
    expect(gatewayCalls()).toHaveLength(1);
  });

  it('not found: names the ID and the mode', async () => {
    stripeApi()
      .get(PI_PATH)
      .query(true)
      .reply(404, {
        error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such payment_intent: '${PI_ID}'`, param: 'intent' },
      });
    const error = await failureOf(runAction('add_tracking', { order: PI_ID, tracking_number: UPS_NUMBER }, STRIPE_AUTH));
    expect(error.message).toMatch(new RegExp(`Stripe payment ${PI_ID} was not found in Stripe test mode`));
  });

  it('Stripe refuses the write (parameter_missing on shipping): the message says which fields to fill', async () => {
    stripeApi().get(PI_PATH).query(true).reply(200, paymentIntent());
    stripeApi()
      .post(PI_PATH)
      .reply(400, {
        error: {
          type: 'invalid_request_error',
          code: 'parameter_missing',
          message: 'Missing required param: shipping[address][line1].',
          param: 'shipping[address][line1]',
        },
      });
    const error = await failureOf(runAction('add_tracking', { order: PI_ID, tracking_number: UPS_NUMBER }, STRIPE_AUTH));
    expect(error.message).toMatch(/Missing required param: shipping\[address\]\[line1\].*fill in Shipping Name, Shipping Address Line 1/);
  });

  it('a rate limit (429) is a ThrottledError with Stripe’s Retry-After', async () => {
    stripeApi()
      .get(PI_PATH)
      .query(true)
      .reply(429, { error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests' } }, { 'Retry-After': '7' });
    const error = await failureOf(runAction('add_tracking', { order: PI_ID, tracking_number: UPS_NUMBER }, STRIPE_AUTH));
    expect(error).toMatchObject({ name: 'ThrottledError', delay: 7 });
  });
});

describe('update and cancel Stripe tracking', () => {
  it('update: the old number is overwritten by the new one', async () => {
    stripeApi()
      .get(PI_PATH)
      .query(true)
      .reply(200, paymentIntent({ tracking: FEDEX, carrier: 'FedEx' }));
    stripeApi().post(PI_PATH).reply(200, updatedPaymentIntent(UPS_NUMBER));
    const result = await runAction('update_tracking', { order: PI_ID, tracking_number: UPS_NUMBER }, STRIPE_AUTH);
    expect(formOf(gatewayCalls()[1]!)).toMatchObject({ 'shipping[tracking_number]': UPS_NUMBER, 'shipping[carrier]': 'UPS' });
    expect(result).toMatchObject({ result: 'replaced', order: { tracking_number: UPS_NUMBER } });
  });

  it('cancel: the number is removed, name and address kept', async () => {
    stripeApi()
      .get(PI_PATH)
      .query(true)
      .reply(200, paymentIntent({ tracking: UPS_NUMBER }));
    stripeApi()
      .post(PI_PATH)
      .reply(200, {
        ...updatedPaymentIntent(''),
        shipping: { ...updatedPaymentIntent('').shipping, tracking_number: null, carrier: null },
      });
    const result = await runAction('cancel_tracking', { order: PI_ID, tracking_number: UPS_NUMBER }, STRIPE_AUTH);
    expect(formOf(gatewayCalls()[1]!)).toEqual({ ...address, 'shipping[carrier]': '', 'shipping[tracking_number]': '' });
    expect(result).toMatchObject({ result: 'cancelled', order: { has_tracking: false } });
  });
});
