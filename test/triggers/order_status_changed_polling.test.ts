import nock from 'nock';
import { ORDER_KEYS } from '../../orders/order';
import { ORDER_COMPLETED } from '../orders/fixtures/paypal';
import { CHARGE_FULLY_REFUNDED, CHARGE_PARTIALLY_REFUNDED, PI_SUCCEEDED, stripeEvent } from '../orders/fixtures/stripe';
import { paypalApi, paypalToken, stripeApi, takeCapturedRequests, nonConformingRequests } from '../support/gateway-nock';
import { PAYPAL_AUTH, STRIPE_AUTH } from '../support/fixtures';
import { App, failureOf, runApp } from '../support/tester';
import { searchPage, transactionRow } from './fixtures';

const polling = App.triggers.order_status_changed_polling as any;
const HOUR = 3600_000;
const eventsList = (data: unknown[]) => ({ object: 'list', url: '/v1/events', has_more: false, data });
const piRead = () =>
  stripeApi().get(`/v1/payment_intents/${PI_SUCCEEDED.id}`).query({ 'expand[0]': 'latest_charge' }).reply(200, PI_SUCCEEDED);

describe('order_status_changed_polling: Stripe', () => {
  const now = Math.floor(Date.now() / 1000);
  const events = [
    stripeEvent('charge.refunded', CHARGE_FULLY_REFUNDED, { id: 'evt_3', created: now - 60 }),
    stripeEvent('charge.refunded', CHARGE_PARTIALLY_REFUNDED, { id: 'evt_2', created: now - 120 }),
    stripeEvent('payment_intent.succeeded', PI_SUCCEEDED, { id: 'evt_1', created: now - 3600 }),
  ];

  it('reads the events of the chosen statuses in the lookback window, with ids that fire once per order and status, newest first', async () => {
    stripeApi().get('/v1/events').query(true).reply(200, eventsList(events));
    piRead();
    piRead();
    const orders = await runApp(polling.operation.perform, {
      authData: STRIPE_AUTH,
      inputData: { statuses: ['paid', 'refunded', 'partially_refunded'] },
    });
    expect(orders.map((o: { id: string }) => o.id)).toEqual([
      `stripe:${PI_SUCCEEDED.id}:refunded`,
      `stripe:${PI_SUCCEEDED.id}:partially_refunded`,
      `stripe:${PI_SUCCEEDED.id}:paid`,
    ]);
    for (const order of orders) expect(Object.keys(order)).toEqual(ORDER_KEYS);
    expect(nonConformingRequests()).toEqual([]);
    const list = new URL(takeCapturedRequests()[0]!.url);
    expect(list.searchParams.get('types[0]')).toBe('payment_intent.succeeded');
    expect(list.searchParams.get('types[1]')).toBe('charge.refunded');
    const since = Number(list.searchParams.get('created[gte]'));
    expect(now - since).toBeGreaterThanOrEqual(3 * 86400 - 5);
    expect(now - since).toBeLessThanOrEqual(3 * 86400 + 5);
  });

  it('reads an event’s PaymentIntent once: the next poll builds the same Orders from the memo', async () => {
    stripeApi()
      .get('/v1/events')
      .query(true)
      .times(2)
      .reply(200, eventsList(events.slice(0, 1)));
    piRead(); // once only
    const first = await runApp(polling.operation.perform, { authData: STRIPE_AUTH, inputData: { statuses: ['refunded'] } });
    const second = await runApp(polling.operation.perform, { authData: STRIPE_AUTH, inputData: { statuses: ['refunded'] } });
    expect(second).toEqual(first);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('puts out one Order per order and status when an order changed to the same status twice (two partial refunds)', async () => {
    const secondPartial = stripeEvent(
      'charge.refunded',
      { ...CHARGE_PARTIALLY_REFUNDED, amount_refunded: 900 },
      { id: 'evt_4', created: now - 30 },
    ); // state:
    stripeApi()
      .get('/v1/events')
      .query(true)
      .reply(200, eventsList([secondPartial, events[1]]));
    piRead();
    piRead();
    const orders = await runApp(polling.operation.perform, { authData: STRIPE_AUTH, inputData: { statuses: ['partially_refunded'] } });
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ id: `stripe:${PI_SUCCEEDED.id}:partially_refunded`, event_id: 'evt_4', amount_refunded: '9.00' });
  });

  it('a poll whose event read fails emits nothing and skips nothing: the next poll emits that event’s Order', async () => {
    stripeApi()
      .get('/v1/events')
      .query(true)
      .times(2)
      .reply(200, eventsList(events.slice(0, 1)));
    stripeApi()
      .get(`/v1/payment_intents/${PI_SUCCEEDED.id}`)
      .query({ 'expand[0]': 'latest_charge' })
      .reply(503, { error: { type: 'api_error', message: 'Service unavailable' } });
    const run = () => runApp(polling.operation.perform, { authData: STRIPE_AUTH, inputData: { statuses: ['refunded'] } });
    expect((await failureOf(run())).name).toBe('ThrottledError');
    piRead();
    expect((await run()).map((o: { id: string }) => o.id)).toEqual([`stripe:${PI_SUCCEEDED.id}:refunded`]);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('keeps only the chosen statuses', async () => {
    stripeApi().get('/v1/events').query(true).reply(200, eventsList(events));
    piRead();
    piRead();
    const orders = await runApp(polling.operation.perform, { authData: STRIPE_AUTH, inputData: { statuses: ['refunded'] } });
    expect(orders.map((o: { status: string }) => o.status)).toEqual(['refunded']);
  });
});

describe('order_status_changed_polling: PayPal', () => {
  it('reads Transaction Search newest first (page 1, then the last page), loads each order, ids gateway:order_id:status', async () => {
    const now = Date.now();
    const oldRow = transactionRow({ id: '1AB11111CD2222220', at: new Date(now - 60 * HOUR), orderId: 'OLDORDER1' });
    const newRow = transactionRow({ id: '3C679366HH908993F', at: new Date(now - 5 * HOUR), orderId: ORDER_COMPLETED.id });
    paypalToken();
    paypalApi()
      .get('/v1/reporting/transactions')
      .query((q) => q.page === '1')
      .reply(200, searchPage([oldRow], 1, 3));
    paypalApi()
      .get('/v1/reporting/transactions')
      .query((q) => q.page === '3')
      .reply(200, searchPage([newRow], 3, 3));
    paypalApi().get(`/v2/checkout/orders/${ORDER_COMPLETED.id}`).reply(200, ORDER_COMPLETED);
    paypalApi()
      .get('/v2/checkout/orders/OLDORDER1')
      .reply(200, { ...ORDER_COMPLETED, id: 'OLDORDER1' });

    const orders = await runApp(polling.operation.perform, { authData: PAYPAL_AUTH, inputData: {} });
    expect(orders.map((o: { id: string }) => o.id)).toEqual([`paypal:${ORDER_COMPLETED.id}:paid`, 'paypal:OLDORDER1:paid']);
    expect(orders[0]).toMatchObject({ customer_email: 'customer@example.com', shipping_city: 'Anytown', payment_id: '3C679366HH908993F' });
    expect(nonConformingRequests()).toEqual([]);
    const searches = takeCapturedRequests()
      .filter((r) => r.url.includes('/v1/reporting/transactions'))
      .map((r) => new URL(r.url).searchParams);
    expect(searches.map((q) => q.get('page'))).toEqual(['1', '3']); // page 2 (the middle) is not read: two searches per poll at most
    expect(searches[0]!.get('fields')).toBe('all');
    const windowMs = Date.parse(searches[0]!.get('end_date')!) - Date.parse(searches[0]!.get('start_date')!);
    expect(windowMs).toBe(3 * 24 * HOUR);
  });

  it('a Transaction Search page that fails is read again on the next poll, its rows not skipped (no mark moves past it)', async () => {
    const now = Date.now();
    const oldRow = transactionRow({ id: '1AB11111CD2222220', at: new Date(now - 60 * HOUR), orderId: 'OLDORDER1' });
    const newRow = transactionRow({ id: '3C679366HH908993F', at: new Date(now - 5 * HOUR), orderId: ORDER_COMPLETED.id });
    const page = (n: string) =>
      paypalApi()
        .get('/v1/reporting/transactions')
        .query((q) => q.page === n);
    paypalToken();
    page('1')
      .twice()
      .reply(200, searchPage([oldRow], 1, 2));
    page('2').reply(503, { name: 'SERVICE_UNAVAILABLE', message: 'Service Unavailable.', debug_id: '90957fca61718' });
    paypalApi()
      .get('/v2/checkout/orders/OLDORDER1')
      .reply(200, { ...ORDER_COMPLETED, id: 'OLDORDER1' });
    const run = () => runApp(polling.operation.perform, { authData: PAYPAL_AUTH, inputData: {} });
    expect((await failureOf(run())).name).toBe('ThrottledError');

    page('2').reply(200, searchPage([newRow], 2, 2));
    paypalApi().get(`/v2/checkout/orders/${ORDER_COMPLETED.id}`).reply(200, ORDER_COMPLETED);
    const orders = await run();
    expect(orders.map((o: { id: string }) => o.id)).toEqual([`paypal:${ORDER_COMPLETED.id}:paid`, 'paypal:OLDORDER1:paid']);
    expect(orders.every((o: { details_complete: boolean }) => o.details_complete)).toBe(true);
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('says in its description and help that PayPal data can lag up to 3 hours', () => {
    expect(polling.display.description).toMatch(/PayPal data can lag up to 3 hours/);
    expect(polling.operation.inputFields[0].helpText).toMatch(/lag up to 3 hours/);
  });
});
