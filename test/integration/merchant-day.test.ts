/**
 * The demo's flow (README.md#what-the-demo-shows) as assertions: the app's real operations, run through createAppTester (runApp),
 * against the in-process sandbox — subscribe both gateways, signed deliveries through the hook's perform the
 * way Zapier passes them, tracking on both orders from their payment IDs, the replay, the audit, the search,
 * unsubscribe. Each step runs on the state the steps before it left, like a merchant's day.
 */
import { startCatcher, type Catcher } from '../../sandbox/demo/catcher';
import { hookBundle } from '../../sandbox/demo/zapier-request';
import { runApp } from '../support/tester';
import { operation, useSandbox } from './support';

// One sandbox state for the whole day: each step runs on what the steps before it left.
const h = useSandbox({ resetBeforeEach: false });
let catcher: Catcher;
beforeAll(async () => {
  catcher = await startCatcher();
});
afterAll(() => catcher.close());

const hook = () => operation('triggers', 'order_status_changed');
const addTracking = () => operation('creates', 'add_tracking').perform;

const STRIPE_ORDER = 'pi_3SbxProcess000007'; // seeded as processing: paid during the test
const PAYPAL_ORDER = '4HJ67890KL123456M'; // seeded as approved: captured during the test
const STRIPE_NUMBER = '9400111202555842332669';
const PAYPAL_NUMBER = 'RR473124829GB';

describe("a merchant's day against the sandbox", () => {
  const hookInput = { gateways: ['stripe', 'paypal'], statuses: ['paid'] };
  let targetUrl: string;
  let subscribeData: any;
  const orders: Record<'stripe' | 'paypal', any> = { stripe: undefined, paypal: undefined };
  const callsFor = async (action: () => Promise<unknown>) => {
    h.sandbox.resetStats();
    await action();
    return h.sandbox.stats().byOperation;
  };

  beforeAll(() => {
    targetUrl = catcher.hookUrl('zap-merchant-day');
  });

  it('subscribes one webhook per gateway for the chosen status, pointing at the Zap', async () => {
    subscribeData = await runApp(hook().performSubscribe, { authData: h.authData.both, inputData: hookInput, targetUrl });
    const state = await h.state();
    expect(state.stripe.webhook_endpoints.filter((e: any) => e.url === targetUrl)).toEqual([
      expect.objectContaining({ enabled_events: ['payment_intent.succeeded'] }),
    ]);
    expect(state.paypal.webhooks.filter((w: any) => w.url === targetUrl)).toEqual([
      expect.objectContaining({ event_types: [expect.objectContaining({ name: 'PAYMENT.CAPTURE.COMPLETED' })] }),
    ]);
  });

  it.each([
    ['stripe', STRIPE_ORDER],
    ['paypal', PAYPAL_ORDER],
  ] as const)('%s: a payment sends one signed delivery; passed on as Zapier does, it yields one paid Order', async (gateway, orderRef) => {
    const paid = await h.admin(`/_sandbox/orders/${orderRef}/events`, { type: 'pay' });
    expect(paid.deliveries).toEqual([expect.objectContaining({ url: targetUrl, status: 200 })]);
    const [delivery, ...others] = catcher.take(new URL(targetUrl).pathname);
    expect(others).toHaveLength(0);
    const result = await runApp(
      hook().perform,
      hookBundle(delivery!, { authData: h.authData.both, inputData: hookInput, subscribeData, targetUrl }),
    );
    expect(result).toEqual([
      expect.objectContaining({ id: `${gateway}:${orderRef}:paid`, gateway, status: 'paid', order_id: orderRef, has_tracking: false }),
    ]);
    orders[gateway] = result[0];

    // The same delivery with one byte added (still valid JSON) is not what the gateway signed: no Order.
    const forged = { ...delivery!, body: `${delivery!.body} ` };
    await expect(
      runApp(hook().perform, hookBundle(forged, { authData: h.authData.both, inputData: hookInput, subscribeData, targetUrl })),
    ).resolves.toEqual([]);
  });

  it.each([
    ['stripe', () => orders.stripe.payment_id, STRIPE_NUMBER, 'usps', { carrier_name: 'USPS' }],
    ['paypal', () => orders.paypal.payment_id, PAYPAL_NUMBER, 'Royal Mail', { carrier: 'ROYAL_MAIL', carrier_name: 'Royal Mail' }],
  ] as const)(
    '%s: add_tracking with the payment ID from the trigger and a free-text carrier → added, then a replay → already_present',
    async (gateway, paymentId, number, carrier, expected) => {
      const inputData = { order: paymentId(), tracking_number: number, carrier };
      const first = await runApp(addTracking(), { authData: h.authData.both, inputData });
      expect(first).toMatchObject({
        result: 'added',
        gateway,
        order_id: orders[gateway].order_id,
        payment_id: paymentId(),
        tracking_number: number,
        ...expected,
      });
      expect(first.order).toMatchObject({ has_tracking: true });

      const replay = await runApp(addTracking(), { authData: h.authData.both, inputData });
      expect(replay).toMatchObject({ result: 'already_present', id: first.id });

      const state = await h.state();
      if (gateway === 'paypal') expect(state.paypal.trackers.filter((t: any) => t.tracking_number === number)).toHaveLength(1);
      else
        expect(state.stripe.payment_intents.find((pi: any) => pi.id === STRIPE_ORDER).shipping).toMatchObject({
          tracking_number: number,
          carrier: 'USPS',
        });
    },
  );

  it('a replay makes no write at all', async () => {
    const byOperation = await callsFor(() =>
      runApp(addTracking(), {
        authData: h.authData.both,
        inputData: { order: orders.stripe.payment_id, tracking_number: STRIPE_NUMBER, carrier: 'usps' },
      }),
    );
    expect(Object.keys(byOperation).filter((op) => / (POST|PATCH) /.test(op))).toEqual([]);
  });

  it('untracked_order reports paid orders without tracking, and neither order just tracked', async () => {
    const found = await runApp(operation('triggers', 'untracked_order').perform, {
      authData: h.authData.both,
      // Minimum age 0: the two orders paid during the test are in the window, so their absence means something.
      inputData: { gateways: ['stripe', 'paypal'], min_age_hours: 0, lookback_days: 14, require_shipping_address: true },
    });
    const ids = found.map((o: any) => o.order_id);
    // Seeded paid orders with a shipping address and no tracking (sandbox/seed.ts), in both gateways.
    expect(ids).toEqual(expect.arrayContaining(['pi_3SbxShip0000000001', '5O190127TN364715T']));
    expect(ids).not.toContain('pi_3SbxNoShip00000002'); // no shipping address
    expect(ids).not.toContain(STRIPE_ORDER);
    expect(ids).not.toContain(PAYPAL_ORDER);
    for (const order of found) expect(order).toMatchObject({ has_tracking: false, id: `${order.gateway}:${order.order_id}:untracked` });
  });

  it.each([
    ['stripe', STRIPE_ORDER, STRIPE_NUMBER],
    ['paypal', PAYPAL_ORDER, PAYPAL_NUMBER],
  ] as const)('find_order %s: the order with its tracking', async (gateway, orderRef, number) => {
    const found = await runApp(operation('searches', 'find_order').perform, { authData: h.authData.both, inputData: { order: orderRef } });
    expect(found).toEqual([
      expect.objectContaining({
        gateway,
        order_id: orderRef,
        status: 'paid',
        has_tracking: true,
        tracking_number: expect.stringContaining(number),
      }),
    ]);
  });

  it('unsubscribes: both webhooks are gone', async () => {
    await runApp(hook().performUnsubscribe, { authData: h.authData.both, inputData: hookInput, subscribeData, targetUrl });
    const state = await h.state();
    expect([...state.stripe.webhook_endpoints, ...state.paypal.webhooks].filter((w: any) => w.url === targetUrl)).toEqual([]);
  });
});
