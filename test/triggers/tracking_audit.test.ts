import { paypalApi, paypalToken, stripeApi } from '../support/gateway-nock';
import { BOTH_AUTH, STRIPE_AUTH } from '../support/fixtures';
import { failureOf, runApp } from '../support/tester';
import { auditSample } from '../../triggers/shared/audit-output';
import { auditPerform, auditCalls, paidIntent, paidPayPalOrder, piList, queryOf, rowOf } from './audit-fixtures';
import { searchPage } from './fixtures';
import { PAYMENT_INTENT } from '../orders/fixtures/stripe';

const DAY_S = 86400;

const stripeShop = () => [
  paidIntent('pi_tracked', { hoursAgo: 50, tracked: true }),
  paidIntent('pi_late', { hoursAgo: 48 }),
  paidIntent('pi_young', { hoursAgo: 2 }),
  paidIntent('pi_refundedlive', { hoursAgo: 72, tracked: true, refunded: true }),
  paidIntent('pi_disputed', { hoursAgo: 5, disputed: true }),
  paidIntent('pi_digital', { hoursAgo: 60, shipping: false }),
  { ...PAYMENT_INTENT, id: 'pi_unpaid' },
];
const paypalShop = () => [
  paidPayPalOrder('TRACKEDORDER1', { hoursAgo: 30, tracked: true }),
  paidPayPalOrder('LATEORDER0001', { hoursAgo: 100 }),
];

function fakeBothGateways() {
  stripeApi().get('/v1/payment_intents').query(true).reply(200, piList(stripeShop()));
  const orders = paypalShop();
  paypalToken();
  paypalApi()
    .get('/v1/reporting/transactions')
    .query(true)
    .reply(200, searchPage(orders.map((o) => rowOf(o))));
  for (const order of orders) paypalApi().get(`/v2/checkout/orders/${order.id}`).reply(200, order);
}

describe('tracking_audit: the report', () => {
  it('counts paid orders per gateway and in total, and lists the exceptions oldest first', async () => {
    fakeBothGateways();
    const [report] = await runApp(auditPerform, { authData: BOTH_AUTH, inputData: {} });

    expect(report.stripe).toEqual({
      paid: 6,
      tracked: 2,
      untracked: 1,
      refunded_with_live_tracking: 1,
      disputed_without_tracking: 1,
      tracked_percent: 66.7,
    });
    expect(report.paypal).toEqual({
      paid: 2,
      tracked: 1,
      untracked: 1,
      refunded_with_live_tracking: 0,
      disputed_without_tracking: 0,
      tracked_percent: 50,
    });
    expect(report.total).toEqual({
      paid: 8,
      tracked: 3,
      untracked: 2,
      refunded_with_live_tracking: 1,
      disputed_without_tracking: 1,
      tracked_percent: 60,
    });
    expect(report.exceptions.map((e: { order_id: string; problem: string }) => [e.order_id, e.problem])).toEqual([
      ['LATEORDER0001', 'Paid, still no tracking'],
      ['pi_refundedlive', 'Refunded, but its tracking is still live'],
      ['pi_late', 'Paid, still no tracking'],
      ['pi_disputed', 'Disputed, and no tracking to show as evidence'],
    ]);
    expect(report.exceptions[0]).toEqual({
      order_id: 'LATEORDER0001',
      gateway: 'paypal',
      amount: '100.00',
      currency: 'USD',
      customer_email: 'customer@example.com',
      problem: 'Paid, still no tracking',
      dashboard_url: 'https://www.sandbox.paypal.com/activity/payment/CAPLATEORDER0001',
    });
    expect(report.exceptions_total).toBe(4);
    expect(Object.keys(report)).toEqual(Object.keys(auditSample()));
    expect(report.summary_text.split('\n')).toHaveLength(2);
    expect(report.report_csv).toMatch(/^hydrate\|\|\|.*\|\|\|hydrate$/);
  });

  it('sends one Stripe list over the window, one PayPal search and one read per order', async () => {
    fakeBothGateways();
    const now = Math.floor(Date.now() / 1000);
    await runApp(auditPerform, { authData: BOTH_AUTH, inputData: {} });
    const calls = auditCalls();
    expect(calls.map((c) => `${c.method} ${new URL(c.url).pathname}`).sort()).toEqual([
      'GET /v1/payment_intents',
      'GET /v1/reporting/transactions',
      'GET /v2/checkout/orders/LATEORDER0001',
      'GET /v2/checkout/orders/TRACKEDORDER1',
    ]);
    const stripeQuery = queryOf(calls.find((c) => c.url.includes('/v1/payment_intents'))!);
    expect(stripeQuery).toMatchObject({ limit: '100', 'expand[0]': 'data.latest_charge' });
    expect(Math.abs(now - 14 * DAY_S - Number(stripeQuery['created[gte]']))).toBeLessThanOrEqual(5);
    expect(Math.abs(now - Number(stripeQuery['created[lte]']))).toBeLessThanOrEqual(5);
    const search = queryOf(calls.find((c) => c.url.includes('/reporting/'))!);
    expect(search).toMatchObject({ transaction_status: 'S', page: '1', page_size: '500', fields: 'all' });
    expect(Date.parse(search.end_date!) - Date.parse(search.start_date!)).toBe(14 * DAY_S * 1000);
  });

  it('keeps the period’s report: the next poll reads no gateway and answers the same item', async () => {
    fakeBothGateways();
    const first = await runApp(auditPerform, { authData: BOTH_AUTH, inputData: { period: 'weekly' } });
    auditCalls();
    const second = await runApp(auditPerform, { authData: BOTH_AUTH, inputData: { period: 'weekly' } });
    expect(second).toEqual(first);
    expect(auditCalls()).toEqual([]);
  });

  it('counts a gateway the connection lacks as zero and says so', async () => {
    stripeApi().get('/v1/payment_intents').query(true).reply(200, piList(stripeShop()));
    const [report] = await runApp(auditPerform, { authData: STRIPE_AUTH, inputData: {} });
    expect(report.paypal).toEqual({
      paid: 0,
      tracked: 0,
      untracked: 0,
      refunded_with_live_tracking: 0,
      disputed_without_tracking: 0,
      tracked_percent: null,
    });
    expect(report.total).toEqual(report.stripe);
    expect(report.summary_text).toMatch(/PayPal not connected: counted as zero/);
    expect(report.summary_html).toContain('not connected: counted as zero');
    expect(auditCalls().map((c) => new URL(c.url).host)).toEqual(['api.stripe.com']);
  });

  it('cuts the line items at the 50 oldest exceptions; exceptions_total counts them all', async () => {
    const late = Array.from({ length: 60 }, (_, i) => paidIntent(`pi_late${String(i).padStart(3, '0')}`, { hoursAgo: 30 + i }));
    stripeApi().get('/v1/payment_intents').query(true).reply(200, piList(late));
    const [report] = await runApp(auditPerform, { authData: STRIPE_AUTH, inputData: {} });
    expect(report.exceptions_total).toBe(60);
    expect(report.exceptions).toHaveLength(50);
    expect(report.exceptions[0].order_id).toBe('pi_late059');
    expect(report.exceptions[49].order_id).toBe('pi_late010');
    expect(report.stripe).toMatchObject({ paid: 60, untracked: 60, tracked_percent: 0 });
  });

  it('fails with a clear gateway error and reports nothing when one read fails; the next poll reads again', async () => {
    stripeApi().get('/v1/payment_intents').query(true).reply(200, piList(stripeShop()));
    const orders = paypalShop();
    paypalToken();
    paypalApi()
      .get('/v1/reporting/transactions')
      .query(true)
      .reply(200, searchPage(orders.map((o) => rowOf(o))));
    paypalApi().get(`/v2/checkout/orders/${orders[0]!.id}`).reply(200, orders[0]);
    paypalApi()
      .get(`/v2/checkout/orders/${orders[1]!.id}`)
      .reply(500, { name: 'INTERNAL_SERVER_ERROR', message: 'An internal server error has occurred.', debug_id: '90957fca61718' });

    const error = await failureOf(runApp(auditPerform, { authData: BOTH_AUTH, inputData: {} }));
    expect(['AppError', 'ThrottledError']).toContain(error.name);
    expect(error.message).toMatch(/PayPal/);
    expect(error.message).toContain(orders[1]!.id);
    auditCalls();

    fakeBothGateways();
    const [report] = await runApp(auditPerform, { authData: BOTH_AUTH, inputData: {} });
    expect(report.total.paid).toBe(8);
  });

  it.each([
    [{ period: 'monthly' }, /Period: "monthly" is not a period\. Choose daily or weekly/],
    [{ lookback_days: '31' }, /Lookback \(Days\) must be at most 30/],
    [{ min_age_hours: '24', lookback_days: '1' }, /Minimum Age \(Hours\) must be less than Lookback \(Days\) × 24/],
    [{ gateways: ['paypal'] }, /this connection has no PayPal credentials/],
  ])('refuses %j before any request, naming the field', async (inputData, message) => {
    const error = await failureOf(runApp(auditPerform, { authData: STRIPE_AUTH, inputData }));
    expect(error).toMatchObject({ name: 'AppError', code: 'InvalidInput', message: expect.stringMatching(message) });
    expect(auditCalls()).toEqual([]);
  });

  it('reads PayPal alone when only PayPal is chosen', async () => {
    const orders = paypalShop();
    paypalToken();
    paypalApi()
      .get('/v1/reporting/transactions')
      .query(true)
      .reply(200, searchPage(orders.map((o) => rowOf(o))));
    for (const order of orders) paypalApi().get(`/v2/checkout/orders/${order.id}`).reply(200, order);
    const [report] = await runApp(auditPerform, { authData: BOTH_AUTH, inputData: { gateways: ['paypal'] } });
    expect(report.paypal.paid).toBe(2);
    expect(report.stripe.paid).toBe(0);
    expect(report.summary_text).toMatch(/Stripe not chosen in Gateways/);
    expect(auditCalls().every((c) => !c.url.includes('stripe'))).toBe(true);
  });
});
