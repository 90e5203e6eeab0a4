/**
 * Paid Order Missing Tracking (the audit trigger): paid orders in the lookback
 * window, older than `min_age_hours`, that have no tracking yet. Fires once per order
 * (id `gateway:order_id:untracked`).
 *
 * One poll, bounded to fit Zapier's 30 s, newest first:
 *   Stripe: succeeded PaymentIntents from `GET /v1/payment_intents` (created in the window, latest
 *     Charge expanded), at most STRIPE_PAGES pages of 100 = STRIPE_PAGES reads; untracked = no
 *     `shipping.tracking_number` (nor tracking in metadata).
 *   PayPal: the newest PAYPAL_CHECKS_PER_POLL completed payments from Transaction Search (1–2
 *     searches), each payment's order read with at most 3 reads in flight (1 read, +1 when the row
 *     does not name its order; a payment without an Orders v2 order is checked with Tracking v1);
 *     untracked = no active tracker. Each payment's Order is memoised for a day (sync/events/memo.ts), so later
 *     polls read only the payments that have newly aged into the window.
 * Older payments in the window are reached when there are fewer than those caps.
 */
import { defineInputFields, defineTrigger, type InferInputData, type PollingTriggerPerform, type ZObject } from 'zapier-platform-core';
import { chosenGateways, gatewaysField } from '../fields/gateways';
import { untrackedOrderFields, untrackedOrderInput } from '../fields/untracked-order';
import { gatewayApis } from '../gateways';
import { authDataOf } from '../gateways/config';
import { withErrorBoundary } from '../gateways/error-boundary';
import type { PayPalApi } from '../gateways/paypal';
import type { StripeApi } from '../gateways/stripe';
import type { Order } from '../orders/order';
import { memoOrder } from '../sync/events/memo';
import { ORDER_OUTPUT_FIELDS, orderSample } from './shared/output';
import { READ_CONCURRENCY } from '../sync/events/recent';
import { searchNewestFirst } from '../sync/events/transactions';
import { needsTracking } from '../sync/audit/count';
import { isPaymentRow, ordersOfRows, paypalPaymentOrder, stripePaidOrders } from '../sync/audit/read';

export const STRIPE_PAGES = 3;
export const PAYPAL_CHECKS_PER_POLL = 30;
const HOUR_MS = 60 * 60 * 1000;

const untrackedId = (order: Order) => `${order.gateway}:${order.order_id ?? order.payment_id ?? ''}:untracked`;

async function stripeCandidates(stripe: StripeApi, window: { start: Date; end: Date }): Promise<Order[]> {
  return (await stripePaidOrders(stripe, window, STRIPE_PAGES)).orders;
}

async function paypalCandidates(z: ZObject, paypal: PayPalApi, window: { start: Date; end: Date }): Promise<Order[]> {
  const rows = (await searchNewestFirst(paypal, { ...window, status: 'S', maxRows: PAYPAL_CHECKS_PER_POLL * 2 }))
    .filter(isPaymentRow)
    .slice(0, PAYPAL_CHECKS_PER_POLL);
  return ordersOfRows(
    rows,
    (row) => memoOrder(z, `untracked-check:paypal:${row.transaction_info?.transaction_id}`, () => paypalPaymentOrder(paypal, row)),
    READ_CONCURRENCY,
  );
}

const COVERAGE_NOTE =
  'Each check looks at paid orders created between **Lookback (Days)** ago and **Minimum Age (Hours)** ago, newest first: ' +
  `up to the ${STRIPE_PAGES * 100} newest Stripe payments and the ${PAYPAL_CHECKS_PER_POLL} newest PayPal payments in that window. ` +
  'Orders age into the window one check at a time, so every order is seen; with more orders than that in one window, the oldest are not audited. ' +
  'PayPal payments appear in PayPal’s transaction data up to 3 hours late. Each order triggers once.';

const inputFields = defineInputFields([
  { key: 'coverage_note', type: 'copy', helpText: COVERAGE_NOTE },
  gatewaysField,
  ...untrackedOrderFields,
]);

const perform = (async (z, bundle) => {
  const input = untrackedOrderInput(z, bundle.inputData);
  const apis = gatewayApis(z, authDataOf(bundle));
  const now = Date.now();
  const window = { start: new Date(now - input.lookback_days * 24 * HOUR_MS), end: new Date(now - input.min_age_hours * HOUR_MS) };
  const lists = await Promise.all(
    chosenGateways(z, bundle).map((gateway) =>
      gateway === 'stripe' ? stripeCandidates(apis.stripe!, window) : paypalCandidates(z, apis.paypal!, window),
    ),
  );
  return (
    lists
      .flat()
      .filter((order) => needsTracking(order, input.require_shipping_address))
      .sort((a, b) => (b.created_at ?? '').localeCompare(a.created_at ?? ''))
      .map((order) => ({ ...order, id: untrackedId(order) }))
      // A PayPal order paid in several captures appears once per capture: it is one order.
      .filter((order, index, all) => all.findIndex((other) => other.id === order.id) === index)
  );
}) satisfies PollingTriggerPerform<InferInputData<typeof inputFields>, Order>;

export const untrackedOrder = defineTrigger({
  key: 'untracked_order',
  noun: 'Order',
  display: {
    label: 'Paid Order Missing Tracking',
    description: 'Triggers when a paid order is still without tracking a set number of hours after payment.',
  },
  operation: {
    type: 'polling',
    inputFields,
    perform: withErrorBoundary(perform, { action: 'checking orders for tracking' }),
    sample: orderSample((order) => {
      const untracked = {
        ...order,
        has_tracking: false,
        tracking_number: null,
        carrier: null,
        carrier_name: null,
        tracking_url: null,
        trackings: [],
      };
      return { ...untracked, id: untrackedId(untracked) };
    }),
    outputFields: ORDER_OUTPUT_FIELDS,
  },
});
