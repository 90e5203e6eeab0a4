import nock from 'nock';
import { ORDER_KEYS } from '../../orders/order';
import { ORDER_COMPLETED, ORDER_WITH_TRACKER, TRACKED_CAPTURE_ID } from '../orders/fixtures/paypal';
import { CHARGE_OF_PI, PI_SUCCEEDED, PAYMENT_INTENT, SHIPPING } from '../orders/fixtures/stripe';
import { nonConformingRequests, paypalApi, paypalToken, stripeApi, takeCapturedRequests } from '../support/gateway-nock';
import { PAYPAL_AUTH, STRIPE_AUTH } from '../support/fixtures';
import { App, failureOf, runApp } from '../support/tester';
import { searchPage, transactionRow } from './fixtures';

const audit = App.triggers.untracked_order.operation as any;
const HOUR = 3600_000;
const piList = (data: unknown[], hasMore = false) => ({ object: 'list', url: '/v1/payment_intents', has_more: hasMore, data });

/** A succeeded PaymentIntent (the reference example in that state) with its Charge expanded. */
function paidIntent(id: string, shipping: unknown) {
  return { ...PI_SUCCEEDED, id, shipping, latest_charge: { ...CHARGE_OF_PI, payment_intent: id } }; // state:
}

describe('untracked_order: Stripe', () => {
  const untracked = paidIntent('pi_untracked', { ...SHIPPING, carrier: null, tracking_number: null });
  const tracked = paidIntent('pi_tracked', SHIPPING);
  const noAddress = paidIntent('pi_digital', null);
  const unpaid = { ...PAYMENT_INTENT, id: 'pi_unpaid' };

  it('fires for succeeded payments without tracking in the window [lookback, min age], once per order', async () => {
    stripeApi()
      .get('/v1/payment_intents')
      .query(true)
      .reply(200, piList([untracked, tracked, noAddress, unpaid]));
    const now = Math.floor(Date.now() / 1000);
    const orders = await runApp(audit.perform, { authData: STRIPE_AUTH, inputData: { min_age_hours: '48', lookback_days: '7' } });
    expect(orders.map((o: { id: string }) => o.id)).toEqual(['stripe:pi_untracked:untracked']);
    expect(Object.keys(orders[0])).toEqual(ORDER_KEYS);
    expect(orders[0]).toMatchObject({ has_tracking: false, status: 'paid', shipping_line1: SHIPPING.address.line1 });
    expect(nonConformingRequests()).toEqual([]);
    const query = new URL(takeCapturedRequests()[0]!.url).searchParams;
    expect(Math.abs(now - 7 * 86400 - Number(query.get('created[gte]')))).toBeLessThanOrEqual(5);
    expect(Math.abs(now - 48 * 3600 - Number(query.get('created[lte]')))).toBeLessThanOrEqual(5);
    expect(query.get('expand[0]')).toBe('data.latest_charge');
  });

  it('includes orders without a shipping address when that is not required', async () => {
    stripeApi()
      .get('/v1/payment_intents')
      .query(true)
      .reply(200, piList([untracked, tracked, noAddress]));
    const orders = await runApp(audit.perform, { authData: STRIPE_AUTH, inputData: { require_shipping_address: 'false' } });
    expect(orders.map((o: { id: string }) => o.id).sort()).toEqual(['stripe:pi_digital:untracked', 'stripe:pi_untracked:untracked']);
  });

  it('reads at most 3 pages of 100 per poll, newest first (Stripe’s list order)', async () => {
    const page = (n: number) => piList([paidIntent(`pi_page${n}`, { ...SHIPPING, tracking_number: null })], true);
    stripeApi()
      .get('/v1/payment_intents')
      .query((q) => !q.starting_after)
      .reply(200, page(1));
    stripeApi()
      .get('/v1/payment_intents')
      .query((q) => q.starting_after === 'pi_page1')
      .reply(200, page(2));
    stripeApi()
      .get('/v1/payment_intents')
      .query((q) => q.starting_after === 'pi_page2')
      .reply(200, page(3));
    const fourth = stripeApi()
      .get('/v1/payment_intents')
      .query((q) => q.starting_after === 'pi_page3')
      .reply(200, page(4));
    const orders = await runApp(audit.perform, { authData: STRIPE_AUTH, inputData: {} });
    expect(orders).toHaveLength(3);
    expect(fourth.isDone()).toBe(false);
  });

  it.each([
    [{ lookback_days: '31' }, /Lookback \(Days\) must be at most 30/],
    [{ min_age_hours: 'soon' }, /Minimum Age \(Hours\) must be a number/],
    [{ min_age_hours: '48', lookback_days: '2' }, /must be less than Lookback/],
  ])('refuses %j before any request, saying what to fix', async (inputData, message) => {
    const error = await failureOf(runApp(audit.perform, { authData: STRIPE_AUTH, inputData }));
    expect(error).toMatchObject({ code: 'InvalidInput', message: expect.stringMatching(message) });
    expect(takeCapturedRequests()).toEqual([]);
  });
});

describe('untracked_order: PayPal', () => {
  const now = Date.now();

  it('fires for completed payments whose order has no tracker, reading each order, with completed searches only', async () => {
    const rows = [
      transactionRow({ id: TRACKED_CAPTURE_ID, at: new Date(now - 30 * HOUR), orderId: 'TRACKEDORDER1' }),
      transactionRow({ id: '3C679366HH908993F', at: new Date(now - 50 * HOUR), orderId: ORDER_COMPLETED.id }),
    ];
    paypalToken();
    paypalApi().get('/v1/reporting/transactions').query(true).reply(200, searchPage(rows));
    paypalApi()
      .get('/v2/checkout/orders/TRACKEDORDER1')
      .reply(200, { ...ORDER_WITH_TRACKER, id: 'TRACKEDORDER1' });
    paypalApi().get(`/v2/checkout/orders/${ORDER_COMPLETED.id}`).reply(200, ORDER_COMPLETED);

    const orders = await runApp(audit.perform, { authData: PAYPAL_AUTH, inputData: {} });
    expect(orders.map((o: { id: string }) => o.id)).toEqual([`paypal:${ORDER_COMPLETED.id}:untracked`]);
    expect(orders[0]).toMatchObject({ has_tracking: false, customer_email: 'customer@example.com', shipping_city: 'Anytown' });
    expect(nonConformingRequests()).toEqual([]);
    const search = new URL(takeCapturedRequests().find((r) => r.url.includes('/reporting/'))!.url).searchParams;
    expect(search.get('transaction_status')).toBe('S');
    expect(Date.parse(search.get('end_date')!) - Date.parse(search.get('start_date')!)).toBe((14 * 24 - 24) * HOUR);
  });

  it('checks at most 30 payments per poll, and the next poll re-reads none of them', async () => {
    const rows = Array.from({ length: 40 }, (_, i) =>
      transactionRow({
        id: `CAPTURE${String(i).padStart(10, '0')}`,
        at: new Date(now - (25 + i) * HOUR),
        orderId: `ORDER${String(i).padStart(12, '0')}`,
      }),
    );
    paypalToken();
    paypalApi().get('/v1/reporting/transactions').query(true).times(2).reply(200, searchPage(rows));
    const reads: string[] = [];
    paypalApi()
      .get(/\/v2\/checkout\/orders\/ORDER\d+$/)
      .times(40)
      .reply(200, (uri) => {
        reads.push(uri);
        return { ...ORDER_COMPLETED, id: uri.split('/').pop() };
      });

    const first = await runApp(audit.perform, { authData: PAYPAL_AUTH, inputData: {} });
    expect(reads).toHaveLength(30);
    // The newest 30 payments (ORDER…0 is the newest), newest first.
    expect(reads.map((uri) => uri.split('/').pop()).sort()).toEqual(
      rows
        .slice(0, 30)
        .map((r) => r.transaction_info.paypal_reference_id)
        .sort(),
    );
    expect(first[0].id).toBe('paypal:ORDER000000000000:untracked');

    const second = await runApp(audit.perform, { authData: PAYPAL_AUTH, inputData: {} });
    expect(reads).toHaveLength(30);
    expect(second).toEqual(first);
    nock.cleanAll();
  });
});
