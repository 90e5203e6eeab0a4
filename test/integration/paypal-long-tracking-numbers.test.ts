/**
 * A 22-digit USPS number added, updated and cancelled by the app's own actions (createAppTester through runApp)
 * against the in-process sandbox, which checks every request against PayPal's specs. PayPal's Orders v2 tracker
 * id for it, capture ID + number, is 39 characters, and Orders v2 PATCH takes at most 36: update and cancel must
 * reach the tracker through Tracking v1 PUT. A short number on the same order keeps Orders v2 PATCH.
 */
import { runApp } from '../support/tester';
import { operation, useSandbox } from './support';

// One sandbox state for the file: each step works on the tracker the step before it left.
const h = useSandbox({ resetBeforeEach: false });

const ORDER = '5O190127TN364715T'; // seeded: paid, capture CAPTURE, no tracking
const CAPTURE = '8MC585209K746392H';
const FIRST = '9400111202555842332669';
const SECOND = '9361289878700317633795';
const ROYAL_MAIL = 'RR473124829GB';

const run = (key: string, inputData: Record<string, unknown>) =>
  runApp(operation('creates', key).perform, { authData: h.authData.paypal, inputData });

/** The app's PayPal calls during `action`, by operation ("PUT /v1/shipping/trackers/{id}": 1), token requests left out. */
async function paypalCalls(action: () => Promise<unknown>): Promise<Record<string, number>> {
  h.sandbox.resetStats();
  await action();
  return Object.fromEntries(
    Object.entries(h.sandbox.stats().byOperation)
      .filter(([key]) => key.startsWith('paypal ') && !key.endsWith('/v1/oauth2/token'))
      .map(([key, n]) => [key.slice('paypal '.length), n]),
  );
}

/** The order's trackers in the sandbox: Orders v2 view (id, status) joined with the Tracking v1 record (number, carrier). */
async function trackers() {
  const state = await h.state();
  return state.paypal.trackers
    .filter((t: any) => t.order_id === ORDER)
    .map((t: any) => ({ id: t.id, tracking_number: t.tracking_number, carrier: t.carrier, status: t.status }));
}

describe('a 22-digit USPS number on a PayPal order, end to end through the sandbox', () => {
  it('add_tracking adds it with Orders v2 /track; PayPal names its tracker by a 39-character id', async () => {
    const calls = await paypalCalls(async () => {
      const added = await run('add_tracking', { order: ORDER, tracking_number: FIRST });
      expect(added).toMatchObject({
        result: 'added',
        carrier: 'USPS',
        trackings: [{ tracking_number: FIRST, tracker_id: `${CAPTURE}${FIRST}` }],
      });
    });
    expect(calls).toEqual({ 'GET /v2/checkout/orders/{id}': 1, 'POST /v2/checkout/orders/{id}/track': 1 });
    expect(`${CAPTURE}${FIRST}`).toHaveLength(39);
    expect(await trackers()).toEqual([{ id: `${CAPTURE}${FIRST}`, tracking_number: FIRST, carrier: 'USPS', status: 'SHIPPED' }]);
  });

  it('update_tracking to another 22-digit number cancels the old tracker through Tracking v1 PUT, because its Orders v2 id would exceed 36 characters, and adds the new one', async () => {
    const calls = await paypalCalls(async () => {
      const updated = await run('update_tracking', { order: ORDER, old_tracking_number: FIRST, tracking_number: SECOND });
      expect(updated).toMatchObject({ result: 'replaced', tracking_number: SECOND });
      expect(updated.order.trackings).toEqual([
        expect.objectContaining({ tracking_number: FIRST, status: 'CANCELLED' }),
        expect.objectContaining({ tracking_number: SECOND, status: 'SHIPPED' }),
      ]);
    });
    expect(calls).toEqual({
      'GET /v2/checkout/orders/{id}': 1,
      'GET /v1/shipping/trackers': 1,
      'PUT /v1/shipping/trackers/{id}': 1,
      'POST /v2/checkout/orders/{id}/track': 1,
    });
    expect(await trackers()).toEqual([
      { id: `${CAPTURE}${FIRST}`, tracking_number: FIRST, carrier: 'USPS', status: 'CANCELLED' },
      { id: `${CAPTURE}${SECOND}`, tracking_number: SECOND, carrier: 'USPS', status: 'SHIPPED' },
    ]);
  });

  it('cancel_tracking cancels it through Tracking v1 PUT, keeping its carrier; the order has no active tracking left', async () => {
    const calls = await paypalCalls(async () => {
      const cancelled = await run('cancel_tracking', { order: ORDER, tracking_number: SECOND });
      expect(cancelled).toMatchObject({ result: 'cancelled', trackings: [{ tracking_number: SECOND, result: 'cancelled' }] });
      expect(cancelled.order).toMatchObject({ has_tracking: false });
    });
    expect(calls).toEqual({ 'GET /v2/checkout/orders/{id}': 1, 'GET /v1/shipping/trackers': 1, 'PUT /v1/shipping/trackers/{id}': 1 });
    expect((await trackers()).map((t: any) => [t.tracking_number, t.carrier, t.status])).toEqual([
      [FIRST, 'USPS', 'CANCELLED'],
      [SECOND, 'USPS', 'CANCELLED'],
    ]);
    const found = await runApp(operation('searches', 'find_order').perform, { authData: h.authData.paypal, inputData: { order: ORDER } });
    expect(found).toEqual([expect.objectContaining({ order_id: ORDER, has_tracking: false })]);
  });

  it('a 13-character Royal Mail number on the same order is still cancelled with Orders v2 PATCH (its 30-character id fits)', async () => {
    await run('add_tracking', { order: ORDER, tracking_number: ROYAL_MAIL });
    const calls = await paypalCalls(() => run('cancel_tracking', { order: ORDER, tracking_number: ROYAL_MAIL }));
    expect(calls).toEqual({ 'GET /v2/checkout/orders/{id}': 1, 'PATCH /v2/checkout/orders/{id}/trackers/{tracker_id}': 1 });
    expect((await trackers()).find((t: any) => t.tracking_number === ROYAL_MAIL)).toMatchObject({
      carrier: 'ROYAL_MAIL',
      status: 'CANCELLED',
    });
  });
});
