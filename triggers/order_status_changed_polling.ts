/**
 * Order Status Changed (Scheduled): the Orders of `order_status_changed`, read on Zapier's polling
 * schedule from Stripe's events list and PayPal's Transaction Search, for merchants whose gateway has
 * no webhook left (Stripe 16 per account, PayPal 10 per REST app). Ids are `gateway:order_id:status`,
 * so Zapier's dedupe fires once per order and status.
 *
 * One poll: Stripe's newest STRIPE_EVENTS_PER_POLL events of the chosen statuses' types in the last
 * LOOKBACK_DAYS (1 read, plus 1 per charge/dispute event not seen before); PayPal's newest
 * PAYPAL_ROWS_PER_POLL payment and refund rows of the same window (1–2 searches, plus 1–2 reads per
 * row not seen before, for buyer, shipping and tracking). Orders built once are memoised for a day.
 * No cursor or since-mark is kept between polls: a page or read that fails fails the poll, and the next
 * poll reads the same window again, so nothing is skipped (Zapier's dedupe drops what was already seen).
 */
import { defineInputFields, defineTrigger, type InferInputData, type PollingTriggerPerform, type ZObject } from 'zapier-platform-core';
import { chosenGateways, gatewaysField } from '../fields/gateways';
import { chosenStatuses, statusesField } from '../fields/statuses';
import { gatewayApis } from '../gateways';
import { authDataOf } from '../gateways/config';
import { withErrorBoundary } from '../gateways/error-boundary';
import type { PayPalApi } from '../gateways/paypal';
import type { StripeApi } from '../gateways/stripe';
import type { Order } from '../orders/order';
import type { OrderStatus } from '../orders/status';
import { stripeEventOrder } from '../sync/events/event-orders';
import { memoOrder } from '../sync/events/memo';
import { ORDER_OUTPUT_FIELDS, orderSample } from './shared/output';
import { keepStatuses, mapBounded, newestFirst, recentStripeOrders } from '../sync/events/recent';
import { isOrderTransaction, paypalTransactionOrder, searchNewestFirst } from '../sync/events/transactions';

const LOOKBACK_DAYS = 3;
export const STRIPE_EVENTS_PER_POLL = 50;
export const PAYPAL_ROWS_PER_POLL = 25;
const DAY_MS = 24 * 60 * 60 * 1000;

function stripeChanges(z: ZObject, stripe: StripeApi, statuses: readonly OrderStatus[], since: Date): Promise<Order[]> {
  return recentStripeOrders(stripe, statuses, {
    limit: STRIPE_EVENTS_PER_POLL,
    since: Math.floor(since.getTime() / 1000),
    orderOf: (event) => memoOrder(z, `stripe:${event.id}`, () => stripeEventOrder(stripe, event)),
  });
}

async function paypalChanges(z: ZObject, paypal: PayPalApi, statuses: readonly OrderStatus[], since: Date, now: Date): Promise<Order[]> {
  const rows = (await searchNewestFirst(paypal, { start: since, end: now, maxRows: PAYPAL_ROWS_PER_POLL * 2 }))
    .filter(isOrderTransaction)
    .slice(0, PAYPAL_ROWS_PER_POLL);
  const orders = await mapBounded(rows, (row) =>
    memoOrder(z, `paypal:${row.transaction_info?.transaction_id}`, () => paypalTransactionOrder(paypal, row, { load: true })),
  );
  return keepStatuses(orders, statuses);
}

const SCHEDULE_NOTE =
  'Checks on Zapier’s polling schedule instead of receiving webhooks: use it when a gateway’s webhook limit is reached ' +
  '(Stripe 16 endpoints per account, PayPal 10 webhooks per app). Each check looks back ' +
  `${LOOKBACK_DAYS} days ` +
  `(Stripe: the newest ${STRIPE_EVENTS_PER_POLL} matching events; PayPal: the newest ${PAYPAL_ROWS_PER_POLL} payments and refunds). ` +
  '**PayPal’s transaction data can lag up to 3 hours**, so PayPal orders may arrive up to 3 hours after the change. ' +
  'From PayPal it sees payments (paid, pending, failed) and refunds; PayPal disputes and cancellations need the instant **Order Status Changed** trigger.';

const inputFields = defineInputFields([{ key: 'schedule_note', type: 'copy', helpText: SCHEDULE_NOTE }, gatewaysField, statusesField]);

const perform = (async (z, bundle) => {
  const statuses = chosenStatuses(z, bundle);
  const apis = gatewayApis(z, authDataOf(bundle));
  const now = new Date();
  const since = new Date(now.getTime() - LOOKBACK_DAYS * DAY_MS);
  const lists = await Promise.all(
    chosenGateways(z, bundle).map((gateway) =>
      gateway === 'stripe' ? stripeChanges(z, apis.stripe!, statuses, since) : paypalChanges(z, apis.paypal!, statuses, since, now),
    ),
  );
  return newestFirst(lists.flat());
}) satisfies PollingTriggerPerform<InferInputData<typeof inputFields>, Order>;

export const orderStatusChangedPolling = defineTrigger({
  key: 'order_status_changed_polling',
  noun: 'Order',
  display: {
    label: 'Order Status Changed (Scheduled)',
    description: 'Triggers when an order changes to one of the chosen statuses, checked on a schedule (PayPal data can lag up to 3 hours).',
  },
  operation: {
    type: 'polling',
    inputFields,
    perform: withErrorBoundary(perform, { action: 'reading order changes' }),
    sample: orderSample(),
    outputFields: ORDER_OUTPUT_FIELDS,
  },
});
