/**
 * The tracking actions against PayPal: each reference kind with its exact round trips, request
 * bodies, several numbers, update/cancel, trackability checks and PayPal's documented errors.
 */
import { paypalApi, paypalToken } from '../support/gateway-nock';
import { BOTH_AUTH } from '../support/fixtures';
import { failureOf } from '../support/tester';
import {
  PP_AUTHORIZED_ORDER,
  PP_CAPTURE,
  PP_CAPTURE_ID,
  PP_NUMBER,
  PP_ORDER_ID,
  paypalOrder,
  tracker,
  transactionSearch,
} from './fixtures';
import { callLines, gatewayCalls, jsonOf, runAction } from './helpers';
import { ORDER_KEYS } from '../../orders/order';
import { PAYPAL_WRITE_CONCURRENCY } from '../../sync/tracking/add-once';
import { SAMPLE_NUMBERS, sampleName, type SampleNumber } from '../support/tracking-numbers';

const ORDER_PATH = `/v2/checkout/orders/${PP_ORDER_ID}`;

describe('add tracking to a PayPal order', () => {
  it('by order ID: 1 read + 1 write, body as PayPal documents it, the Order after the write in the result', async () => {
    paypalToken();
    paypalApi().get(ORDER_PATH).reply(200, paypalOrder());
    paypalApi()
      .post(`${ORDER_PATH}/track`)
      .reply(201, paypalOrder([tracker(PP_NUMBER)]));

    const result = await runAction('add_tracking', { order: PP_ORDER_ID, tracking_number: PP_NUMBER, carrier: 'FedEx' });

    const calls = gatewayCalls();
    expect(callLines(calls)).toEqual([`GET ${ORDER_PATH}`, `POST ${ORDER_PATH}/track`]);
    expect(jsonOf(calls[1])).toEqual({ capture_id: PP_CAPTURE_ID, tracking_number: PP_NUMBER, carrier: 'FEDEX', notify_payer: false });
    expect(result).toMatchObject({
      id: `paypal:${PP_ORDER_ID}:${PP_NUMBER}`,
      gateway: 'paypal',
      order_id: PP_ORDER_ID,
      payment_id: PP_CAPTURE_ID,
      tracking_number: PP_NUMBER,
      carrier: 'FEDEX',
      carrier_name: 'FedEx',
      tracking_url: `https://www.fedex.com/fedextrack/?trknbr=${PP_NUMBER}`,
      result: 'added',
      notify_buyer: false,
      dispute_evidence: 'none',
      trackings: [{ tracking_number: PP_NUMBER, carrier: 'FEDEX', result: 'added', tracker_id: `${PP_CAPTURE_ID}${PP_NUMBER}` }],
    });
    expect(Object.keys(result.order)).toEqual(ORDER_KEYS);
    expect(result.order).toMatchObject({ has_tracking: true, tracking_number: PP_NUMBER, carrier: 'FEDEX', status: 'paid' });
  });

  it('already present: 1 read, 0 writes, answers already_present', async () => {
    paypalToken();
    paypalApi()
      .get(ORDER_PATH)
      .reply(200, paypalOrder([tracker(PP_NUMBER)]));
    const result = await runAction('add_paypal_tracking', { order: PP_ORDER_ID, tracking_number: PP_NUMBER });
    expect(callLines(gatewayCalls())).toEqual([`GET ${ORDER_PATH}`]);
    expect(result).toMatchObject({ result: 'already_present', trackings: [{ result: 'already_present' }] });
  });

  it('a cancelled tracker with the same number does not count: the number is added again', async () => {
    paypalToken();
    paypalApi()
      .get(ORDER_PATH)
      .reply(200, paypalOrder([tracker(PP_NUMBER, 'CANCELLED')]));
    paypalApi()
      .post(`${ORDER_PATH}/track`)
      .reply(201, paypalOrder([tracker(PP_NUMBER)]));
    const result = await runAction('add_tracking', { order: PP_ORDER_ID, tracking_number: PP_NUMBER });
    expect(gatewayCalls()).toHaveLength(2);
    expect(result.result).toBe('added');
  });

  it('by capture (transaction) ID: order 404 → capture → its order → write (3 reads + 1 write)', async () => {
    paypalToken();
    paypalApi()
      .get(`/v2/checkout/orders/${PP_CAPTURE_ID}`)
      .reply(404, { name: 'RESOURCE_NOT_FOUND', details: [{ issue: 'INVALID_RESOURCE_ID' }] });
    paypalApi().get(`/v2/payments/captures/${PP_CAPTURE_ID}`).reply(200, PP_CAPTURE);
    paypalApi().get(ORDER_PATH).reply(200, paypalOrder());
    paypalApi()
      .post(`${ORDER_PATH}/track`)
      .reply(201, paypalOrder([tracker(PP_NUMBER)]));

    const result = await runAction('add_tracking', { order: PP_CAPTURE_ID, tracking_number: PP_NUMBER, notify_buyer: 'true' });

    const calls = gatewayCalls();
    expect(callLines(calls)).toEqual([
      `GET /v2/checkout/orders/${PP_CAPTURE_ID}`,
      `GET /v2/payments/captures/${PP_CAPTURE_ID}`,
      `GET ${ORDER_PATH}`,
      `POST ${ORDER_PATH}/track`,
    ]);
    expect(jsonOf(calls[3])).toMatchObject({ capture_id: PP_CAPTURE_ID, carrier: 'FEDEX', notify_payer: true });
    expect(result).toMatchObject({ order_id: PP_ORDER_ID, notify_buyer: true, result: 'added' });
  });

  it('by invoice ID: Transaction Search (fields=all, 31 days, filtered here), capture, order, write', async () => {
    paypalToken();
    paypalApi()
      .get('/v1/reporting/transactions')
      .query(true)
      .reply(
        200,
        transactionSearch([
          { id: 'AAAAAAAAAAAAAAAAA', invoice: 'Other-1' },
          { id: PP_CAPTURE_ID, invoice: 'INV-6735' },
        ]),
      );
    paypalApi().get(`/v2/payments/captures/${PP_CAPTURE_ID}`).reply(200, PP_CAPTURE);
    paypalApi().get(ORDER_PATH).reply(200, paypalOrder());
    paypalApi()
      .post(`${ORDER_PATH}/track`)
      .reply(201, paypalOrder([tracker(PP_NUMBER)]));

    const result = await runAction('add_tracking', { order: 'INV-6735', tracking_number: PP_NUMBER });

    const calls = gatewayCalls();
    expect(callLines(calls)).toEqual([
      'GET /v1/reporting/transactions',
      `GET /v2/payments/captures/${PP_CAPTURE_ID}`,
      `GET ${ORDER_PATH}`,
      `POST ${ORDER_PATH}/track`,
    ]);
    const query = new URL(calls[0]!.url).searchParams;
    expect(query.get('fields')).toBe('all');
    const days = (Date.parse(query.get('end_date')!) - Date.parse(query.get('start_date')!)) / 86_400_000;
    expect(days).toBeGreaterThan(30);
    expect(days).toBeLessThanOrEqual(31);
    expect(result.order_id).toBe(PP_ORDER_ID);
  });

  it('a merchant reference found nowhere: says where it looked, in which environment, and PayPal’s lag; no write', async () => {
    paypalToken();
    paypalApi().get('/v1/reporting/transactions').query(true).reply(200, transactionSearch([]));
    const error = await failureOf(runAction('add_tracking', { order: 'INV-404', tracking_number: PP_NUMBER }));
    expect(error).toMatchObject({ name: 'AppError', code: 'NotFound', status: 404 });
    expect(error.message).toMatch(/"INV-404".*PayPal sandbox transactions of the last 31 days.*3 hours/);
    expect(callLines(gatewayCalls())).toEqual(['GET /v1/reporting/transactions']);
  });

  it('an order ID found nowhere: names the ID and asks about the environment', async () => {
    paypalToken();
    paypalApi()
      .get(ORDER_PATH)
      .reply(404, { name: 'RESOURCE_NOT_FOUND', details: [{ issue: 'INVALID_RESOURCE_ID' }] });
    paypalApi()
      .get(`/v2/payments/captures/${PP_ORDER_ID}`)
      .reply(404, { name: 'RESOURCE_NOT_FOUND', details: [{ issue: 'INVALID_RESOURCE_ID' }] });
    const error = await failureOf(runAction('add_tracking', { order: PP_ORDER_ID, tracking_number: PP_NUMBER }));
    expect(error.message).toContain(`${PP_ORDER_ID} was not found in PayPal sandbox — is the connection pointed at live?`);
    expect(gatewayCalls()).toHaveLength(2);
  });

  it('several numbers → one tracker each, every body checked', async () => {
    const numbers = ['1Z999AA10123456784', '9400111202555842332669', PP_NUMBER];
    paypalToken();
    paypalApi().get(ORDER_PATH).reply(200, paypalOrder());
    paypalApi()
      .post(`${ORDER_PATH}/track`)
      .times(3)
      .reply(201, (_uri, body) => paypalOrder([tracker((body as { tracking_number: string }).tracking_number)]));

    const result = await runAction('add_tracking', { order: PP_ORDER_ID, tracking_number: numbers.join('\n') });

    const writes = gatewayCalls()
      .filter((c) => c.method === 'POST')
      .map(jsonOf);
    expect(writes.map((w) => [w.tracking_number, w.carrier]).sort()).toEqual([
      ['1Z999AA10123456784', 'UPS'],
      ['443844607820', 'FEDEX'],
      ['9400111202555842332669', 'USPS'],
    ]);
    expect(result.trackings.map((t: { tracking_number: string; result: string }) => [t.tracking_number, t.result])).toEqual(
      numbers.map((n) => [n, 'added']),
    );
    expect(result.id).toBe(`paypal:${PP_ORDER_ID}:${numbers.join(',')}`);
  });

  it('50 numbers are written at most PAYPAL_WRITE_CONCURRENCY at a time (bounded concurrency, not one after another)', async () => {
    const numbers = Array.from({ length: 50 }, (_, i) => `TRK${String(i).padStart(8, '0')}`);
    let inFlight = 0;
    let mostInFlight = 0;
    paypalToken();
    paypalApi().get(ORDER_PATH).reply(200, paypalOrder());
    paypalApi()
      .post(`${ORDER_PATH}/track`)
      .times(50)
      .reply((_uri, body, answer) => {
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        // Each answer waits for the next turn of the event loop, so writes the app sent together overlap here.
        setTimeout(() => {
          inFlight -= 1;
          answer(null, [201, paypalOrder([tracker((body as { tracking_number: string }).tracking_number)])]);
        }, 20);
      });
    const result = await runAction('add_tracking', { order: PP_ORDER_ID, tracking_number: numbers.join(','), carrier: 'Royal Mail' });
    expect(mostInFlight).toBe(PAYPAL_WRITE_CONCURRENCY);
    expect(result.trackings).toHaveLength(50);
    expect(gatewayCalls().filter((c) => c.method === 'POST')).toHaveLength(50);
  });

  it('an unknown carrier name is sent as OTHER + carrier_name_other, never as another carrier; items go along', async () => {
    paypalToken();
    paypalApi().get(ORDER_PATH).reply(200, paypalOrder());
    paypalApi()
      .post(`${ORDER_PATH}/track`)
      .reply(201, paypalOrder([tracker('ABC123456')]));
    await runAction('add_tracking', {
      order: PP_ORDER_ID,
      tracking_number: 'ABC123456',
      carrier: 'Bob’s Bikes Courier',
      items: [{ sku: 'sku02', name: 'T-Shirt', quantity: 1 }],
    });
    expect(jsonOf(gatewayCalls()[1])).toEqual({
      capture_id: PP_CAPTURE_ID,
      tracking_number: 'ABC123456',
      carrier: 'OTHER',
      carrier_name_other: 'Bob’s Bikes Courier',
      notify_payer: false,
      items: [{ name: 'T-Shirt', sku: 'sku02', quantity: '1' }],
    });
  });

  it('an order that was only authorized: clear error before any write', async () => {
    paypalToken();
    paypalApi().get(`/v2/checkout/orders/${PP_AUTHORIZED_ORDER.id}`).reply(200, PP_AUTHORIZED_ORDER);
    const error = await failureOf(runAction('add_tracking', { order: PP_AUTHORIZED_ORDER.id, tracking_number: PP_NUMBER }));
    expect(error).toMatchObject({ code: 'NotTrackable', status: 422 });
    expect(error.message).toMatch(/no captured payment.*Capture the payment/);
    expect(gatewayCalls().filter((c) => c.method !== 'GET')).toEqual([]);
  });

  it('a refunded capture: clear error before any write', async () => {
    const unit = paypalOrder().purchase_units[0]!;
    const refunded = {
      ...paypalOrder(),
      purchase_units: [{ ...unit, payments: { captures: [{ ...unit.payments.captures[0]!, status: 'REFUNDED' }] } }],
    };
    paypalToken();
    paypalApi().get(ORDER_PATH).reply(200, refunded);
    const error = await failureOf(runAction('add_tracking', { order: PP_ORDER_ID, tracking_number: PP_NUMBER }));
    expect(error.message).toMatch(/is REFUNDED: PayPal takes tracking only for captures that are COMPLETED, PARTIALLY_REFUNDED or PENDING/);
    expect(gatewayCalls()).toHaveLength(1);
  });

  it('several captures and nothing to tell them apart: asks for the capture ID, no write', async () => {
    const unit = paypalOrder().purchase_units[0]!;
    const capture = unit.payments.captures[0]!;
    const twoCaptures = {
      ...paypalOrder(),
      purchase_units: [{ ...unit, payments: { captures: [capture, { ...capture, id: '2GG279541U471931P' }] } }],
    };
    paypalToken();
    paypalApi().get(ORDER_PATH).reply(200, twoCaptures);
    const error = await failureOf(runAction('add_tracking', { order: PP_ORDER_ID, tracking_number: PP_NUMBER }));
    expect(error.message).toMatch(/has 2 captures: 3C679366HH908993F .*2GG279541U471931P .*Enter the capture \(transaction\) ID/);
    expect(gatewayCalls()).toHaveLength(1);
  });

  it.each([
    ['CAPTURE_STATUS_NOT_VALID', 422, /Capture the payment first/],
    ['ITEM_SKU_MISMATCH', 422, /SKU must be one that was sent when the order was created/],
    ['CAPTURE_ID_NOT_FOUND', 422, /not an authorization ID/],
    ['MSP_NOT_SUPPORTED', 422, /several purchase units/],
    ['INVALID_STRING_LENGTH', 400, /1 to 64 characters/],
    ['PERMISSION_DENIED', 403, /enable the needed feature \(e\.g\. Shipment tracking\), then reconnect/],
  ])('PayPal %s → a message that says what to do', async (issue, status, advice) => {
    paypalToken();
    paypalApi().get(ORDER_PATH).reply(200, paypalOrder());
    paypalApi()
      .post(`${ORDER_PATH}/track`)
      .reply(status, {
        name: status === 422 ? 'UNPROCESSABLE_ENTITY' : status === 403 ? 'NOT_AUTHORIZED' : 'INVALID_REQUEST',
        details: [{ issue, description: 'as documented' }],
        debug_id: 'f1a2b3c4d5e6',
      });
    const error = await failureOf(runAction('add_tracking', { order: PP_ORDER_ID, tracking_number: PP_NUMBER }));
    expect(error.name).toBe('AppError');
    expect(error.message).toContain(issue);
    expect(error.message).toMatch(advice);
  });

  it('a Stripe ID given to the PayPal action: clear error, no request', async () => {
    const error = await failureOf(
      runAction('add_paypal_tracking', { order: 'pi_3MtwBwLkdIwHu7ix28a3tqPa', tracking_number: PP_NUMBER }, BOTH_AUTH),
    );
    expect(error).toMatchObject({ name: 'AppError', code: 'InvalidInput' });
    expect(error.message).toMatch(/is a Stripe ID, but this step works with PayPal only.*Add Tracking to Order/);
    expect(gatewayCalls()).toEqual([]);
  });

  it('a PayPal ID on a connection without PayPal: says to add the credentials', async () => {
    const error = await failureOf(
      runAction(
        'add_paypal_tracking',
        { order: PP_ORDER_ID, tracking_number: PP_NUMBER },
        { stripe_secret_key: BOTH_AUTH.stripe_secret_key },
      ),
    );
    expect(error.message).toMatch(/no PayPal credentials/);
    expect(gatewayCalls()).toEqual([]);
  });
});

describe('update and cancel PayPal tracking', () => {
  it('update: cancels the old tracker (PATCH status CANCELLED) and adds the new one; result replaced', async () => {
    paypalToken();
    paypalApi()
      .get(ORDER_PATH)
      .reply(200, paypalOrder([tracker(PP_NUMBER)]));
    paypalApi().patch(`${ORDER_PATH}/trackers/${PP_CAPTURE_ID}${PP_NUMBER}`).reply(204);
    paypalApi()
      .post(`${ORDER_PATH}/track`)
      .reply(201, paypalOrder([tracker(PP_NUMBER, 'CANCELLED'), tracker('1Z999AA10123456784')]));

    const result = await runAction('update_tracking', { order: PP_ORDER_ID, tracking_number: '1Z999AA10123456784' });

    const calls = gatewayCalls();
    expect(callLines(calls)).toEqual([
      `GET ${ORDER_PATH}`,
      `PATCH ${ORDER_PATH}/trackers/${PP_CAPTURE_ID}${PP_NUMBER}`,
      `POST ${ORDER_PATH}/track`,
    ]);
    expect(jsonOf(calls[1])).toEqual([{ op: 'replace', path: '/status', value: 'CANCELLED' }]);
    expect(jsonOf(calls[2])).toMatchObject({ tracking_number: '1Z999AA10123456784', carrier: 'UPS' });
    expect(result).toMatchObject({ result: 'replaced', tracking_number: '1Z999AA10123456784' });
    expect(result.order).toMatchObject({ tracking_number: '1Z999AA10123456784', has_tracking: true });
  });

  it('update replayed after success: 1 read, 0 writes, already_present', async () => {
    paypalToken();
    paypalApi()
      .get(ORDER_PATH)
      .reply(200, paypalOrder([tracker(PP_NUMBER, 'CANCELLED'), tracker('1Z999AA10123456784')]));
    const result = await runAction('update_tracking', {
      order: PP_ORDER_ID,
      old_tracking_number: PP_NUMBER,
      tracking_number: '1Z999AA10123456784',
    });
    expect(gatewayCalls()).toHaveLength(1);
    expect(result.result).toBe('already_present');
  });

  it('update with several numbers on the order and no old number: asks which, no write', async () => {
    paypalToken();
    paypalApi()
      .get(ORDER_PATH)
      .reply(200, paypalOrder([tracker(PP_NUMBER), tracker('1Z999AA10123456784')]));
    const error = await failureOf(runAction('update_tracking', { order: PP_ORDER_ID, tracking_number: '9400111202555842332669' }));
    expect(error.message).toMatch(/has 2 tracking numbers .*Old Tracking Number/);
    expect(gatewayCalls()).toHaveLength(1);
  });

  it('cancel: the PATCH alone; the Order after shows no active tracking', async () => {
    paypalToken();
    paypalApi()
      .get(ORDER_PATH)
      .reply(200, paypalOrder([tracker(PP_NUMBER)]));
    paypalApi().patch(`${ORDER_PATH}/trackers/${PP_CAPTURE_ID}${PP_NUMBER}`).reply(204);
    const result = await runAction('cancel_tracking', { order: PP_ORDER_ID, tracking_number: PP_NUMBER });
    expect(callLines(gatewayCalls())).toEqual([`GET ${ORDER_PATH}`, `PATCH ${ORDER_PATH}/trackers/${PP_CAPTURE_ID}${PP_NUMBER}`]);
    expect(result).toMatchObject({ result: 'cancelled', trackings: [{ tracking_number: PP_NUMBER, result: 'cancelled' }] });
    expect(result.order).toMatchObject({ has_tracking: false, trackings: [{ tracking_number: PP_NUMBER, status: 'CANCELLED' }] });
  });

  it('cancel of a tracker already cancelled: no write; of a number not on the order: clear error', async () => {
    paypalToken();
    paypalApi()
      .get(ORDER_PATH)
      .times(2)
      .reply(200, paypalOrder([tracker(PP_NUMBER, 'CANCELLED')]));
    expect((await runAction('cancel_tracking', { order: PP_ORDER_ID, tracking_number: PP_NUMBER })).result).toBe('cancelled');
    const error = await failureOf(runAction('cancel_tracking', { order: PP_ORDER_ID, tracking_number: 'NOPE1234' }));
    expect(error.message).toMatch(/NOPE1234 is not on PayPal order/);
    expect(gatewayCalls().every((c) => c.method === 'GET')).toBe(true);
  });
});

describe('update and cancel PayPal tracking for every length of tracking number', () => {
  const ordersV2Id = (number: string) => `${PP_CAPTURE_ID}${number}`;
  const isLong = (sample: SampleNumber) => ordersV2Id(sample.number).length > 36;
  const short = SAMPLE_NUMBERS.filter((s) => !isLong(s)).map((s) => [sampleName(s), s] as const);
  const long = SAMPLE_NUMBERS.filter(isLong).map((s) => [sampleName(s), s] as const);
  const V1_LIST = `/v1/shipping/trackers?transaction_id=${PP_CAPTURE_ID}`;
  const lines = (calls: ReturnType<typeof gatewayCalls>) =>
    calls.map((c) => `${c.method} ${new URL(c.url).pathname}${new URL(c.url).search}`);
  /** GET /v1/shipping/trackers?transaction_id= as PayPal answers it (tracking v1 docs example shape). */
  const listing = (number: string, carrier: string) => ({
    trackers: [
      {
        transaction_id: PP_CAPTURE_ID,
        tracking_number: number,
        status: 'SHIPPED',
        carrier,
        notify_buyer: false,
        shipment_date: '2022-08-12',
        last_updated_time: '2022-08-12T21:20:49Z',
      },
    ],
    links: [],
  });
  const CANCEL_PATCH = [{ op: 'replace', path: '/status', value: 'CANCELLED' }];

  it.each(short)(
    'cancel_tracking of a %s number: Orders v2 PATCH alone, because capture ID + number fits 36 characters',
    async (_name, { number }) => {
      paypalToken();
      paypalApi()
        .get(ORDER_PATH)
        .reply(200, paypalOrder([tracker(number)]));
      paypalApi()
        .patch(`${ORDER_PATH}/trackers/${ordersV2Id(number)}`)
        .reply(204);

      const result = await runAction('cancel_tracking', { order: PP_ORDER_ID, tracking_number: number });

      const calls = gatewayCalls();
      expect(lines(calls)).toEqual([`GET ${ORDER_PATH}`, `PATCH ${ORDER_PATH}/trackers/${ordersV2Id(number)}`]);
      expect(jsonOf(calls[1])).toEqual(CANCEL_PATCH);
      expect(result).toMatchObject({
        result: 'cancelled',
        trackings: [{ tracking_number: number, result: 'cancelled', tracker_id: ordersV2Id(number) }],
      });
      expect(result.order).toMatchObject({ has_tracking: false, trackings: [{ tracking_number: number, status: 'CANCELLED' }] });
    },
  );

  it.each(long)(
    'cancel_tracking of a %s number: Tracking v1 PUT of the listed tracker, because its Orders v2 id would exceed 36 characters',
    async (_name, { number, carrier }) => {
      paypalToken();
      paypalApi()
        .get(ORDER_PATH)
        .reply(200, paypalOrder([tracker(number)]));
      paypalApi().get('/v1/shipping/trackers').query({ transaction_id: PP_CAPTURE_ID }).reply(200, listing(number, carrier));
      paypalApi().put(`/v1/shipping/trackers/${PP_CAPTURE_ID}-${number}`).reply(204);

      const result = await runAction('cancel_tracking', { order: PP_ORDER_ID, tracking_number: number });

      const calls = gatewayCalls();
      expect(lines(calls)).toEqual([`GET ${ORDER_PATH}`, `GET ${V1_LIST}`, `PUT /v1/shipping/trackers/${PP_CAPTURE_ID}-${number}`]);
      expect(jsonOf(calls[2])).toEqual({ transaction_id: PP_CAPTURE_ID, tracking_number: number, status: 'CANCELLED', carrier });
      expect(calls.some((c) => c.method === 'PATCH')).toBe(false);
      expect(result).toMatchObject({
        result: 'cancelled',
        trackings: [{ tracking_number: number, result: 'cancelled', tracker_id: ordersV2Id(number) }],
      });
      expect(result.order).toMatchObject({ has_tracking: false, trackings: [{ tracking_number: number, status: 'CANCELLED' }] });
    },
  );

  it.each(short)(
    'update_tracking from a %s number: old tracker cancelled by Orders v2 PATCH, new number added by /track',
    async (_name, { number }) => {
      paypalToken();
      paypalApi()
        .get(ORDER_PATH)
        .reply(200, paypalOrder([tracker(number)]));
      paypalApi()
        .patch(`${ORDER_PATH}/trackers/${ordersV2Id(number)}`)
        .reply(204);
      paypalApi()
        .post(`${ORDER_PATH}/track`)
        .reply(201, paypalOrder([tracker(number, 'CANCELLED'), tracker(PP_NUMBER)]));

      const result = await runAction('update_tracking', { order: PP_ORDER_ID, old_tracking_number: number, tracking_number: PP_NUMBER });

      const calls = gatewayCalls();
      expect(lines(calls)).toEqual([`GET ${ORDER_PATH}`, `PATCH ${ORDER_PATH}/trackers/${ordersV2Id(number)}`, `POST ${ORDER_PATH}/track`]);
      expect(jsonOf(calls[1])).toEqual(CANCEL_PATCH);
      expect(jsonOf(calls[2])).toEqual({ capture_id: PP_CAPTURE_ID, tracking_number: PP_NUMBER, carrier: 'FEDEX', notify_payer: false });
      expect(result).toMatchObject({ result: 'replaced', tracking_number: PP_NUMBER });
      expect(result.order.trackings).toEqual([
        expect.objectContaining({ tracking_number: number, status: 'CANCELLED' }),
        expect.objectContaining({ tracking_number: PP_NUMBER, status: 'SHIPPED' }),
      ]);
    },
  );

  it.each(long)(
    'update_tracking from a %s number: old tracker cancelled through Tracking v1 PUT, because its Orders v2 id would exceed 36 characters; new number added by /track',
    async (_name, { number, carrier }) => {
      paypalToken();
      paypalApi()
        .get(ORDER_PATH)
        .reply(200, paypalOrder([tracker(number)]));
      paypalApi().get('/v1/shipping/trackers').query({ transaction_id: PP_CAPTURE_ID }).reply(200, listing(number, carrier));
      paypalApi().put(`/v1/shipping/trackers/${PP_CAPTURE_ID}-${number}`).reply(204);
      paypalApi()
        .post(`${ORDER_PATH}/track`)
        .reply(201, paypalOrder([tracker(number, 'CANCELLED'), tracker(PP_NUMBER)]));

      const result = await runAction('update_tracking', { order: PP_ORDER_ID, tracking_number: PP_NUMBER });

      const calls = gatewayCalls();
      expect(lines(calls)).toEqual([
        `GET ${ORDER_PATH}`,
        `GET ${V1_LIST}`,
        `PUT /v1/shipping/trackers/${PP_CAPTURE_ID}-${number}`,
        `POST ${ORDER_PATH}/track`,
      ]);
      expect(jsonOf(calls[2])).toEqual({ transaction_id: PP_CAPTURE_ID, tracking_number: number, status: 'CANCELLED', carrier });
      expect(jsonOf(calls[3])).toEqual({ capture_id: PP_CAPTURE_ID, tracking_number: PP_NUMBER, carrier: 'FEDEX', notify_payer: false });
      expect(result).toMatchObject({ result: 'replaced', tracking_number: PP_NUMBER });
      expect(result.order.trackings).toEqual([
        expect.objectContaining({ tracking_number: number, status: 'CANCELLED' }),
        expect.objectContaining({ tracking_number: PP_NUMBER, status: 'SHIPPED' }),
      ]);
    },
  );

  it('update_tracking to a long number from a long number: Tracking v1 PUT cancels the old, /track adds the new (no Orders v2 id is sent)', async () => {
    const [old, next] = ['9400111202555842332669', '9361289878700317633795'];
    paypalToken();
    paypalApi()
      .get(ORDER_PATH)
      .reply(200, paypalOrder([tracker(old)]));
    paypalApi().get('/v1/shipping/trackers').query({ transaction_id: PP_CAPTURE_ID }).reply(200, listing(old, 'USPS'));
    paypalApi().put(`/v1/shipping/trackers/${PP_CAPTURE_ID}-${old}`).reply(204);
    paypalApi()
      .post(`${ORDER_PATH}/track`)
      .reply(201, paypalOrder([tracker(old, 'CANCELLED'), tracker(next)]));

    const result = await runAction('update_tracking', { order: PP_ORDER_ID, old_tracking_number: old, tracking_number: next });

    const calls = gatewayCalls();
    expect(lines(calls)).toEqual([
      `GET ${ORDER_PATH}`,
      `GET ${V1_LIST}`,
      `PUT /v1/shipping/trackers/${PP_CAPTURE_ID}-${old}`,
      `POST ${ORDER_PATH}/track`,
    ]);
    expect(jsonOf(calls[3])).toEqual({ capture_id: PP_CAPTURE_ID, tracking_number: next, carrier: 'USPS', notify_payer: false });
    expect(result).toMatchObject({
      result: 'replaced',
      trackings: [{ tracking_number: next, result: 'replaced', tracker_id: ordersV2Id(next) }],
    });
  });

  it("Orders v2 refusing a tracker id as too long: the message names that id's limit (36 characters of A–Z and 0–9), not the tracking-number limit", async () => {
    paypalToken();
    paypalApi()
      .get(ORDER_PATH)
      .reply(200, paypalOrder([tracker(PP_NUMBER)]));
    paypalApi()
      .patch(`${ORDER_PATH}/trackers/${ordersV2Id(PP_NUMBER)}`)
      .reply(400, {
        name: 'INVALID_REQUEST',
        message: 'Request is not well-formed, syntactically incorrect, or violates schema.',
        details: [
          {
            field: 'tracker_id',
            location: 'path',
            issue: 'INVALID_STRING_LENGTH',
            description: 'The value of a field is either too short or too long.',
          },
        ],
        debug_id: 'f1a2b3c4d5e6',
      });
    const error = await failureOf(runAction('cancel_tracking', { order: PP_ORDER_ID, tracking_number: PP_NUMBER }));
    expect(error.message).toMatch(/INVALID_STRING_LENGTH.*field tracker_id.*Orders v2 tracker ID is at most 36 characters of A–Z and 0–9/);
    expect(error.message).not.toMatch(/64 characters/);
  });
});
