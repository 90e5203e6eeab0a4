/**
 * Paid orders created in a window, read from each gateway: what `untracked_order` and `tracking_audit` both
 * audit. Takes the typed gateway APIs; never touches `z`.
 *
 *   stripePaidOrders(stripe, window, maxPages)  → {orders, complete}: succeeded PaymentIntents, newest first,
 *       pages of 100 with the latest Charge expanded (refunds and disputes in the same read)
 *   isPaymentRow(row)                            a Transaction Search row of a payment received (not a refund)
 *   paypalPaymentOrder(paypal, row)              the payment's Order: its Orders v2 order, else the row with
 *       Tracking v1's trackers for the capture
 *   uniqueOrderRows(rows)                         one row per order (an order paid in two captures has two)
 *   ordersOfRows(rows, orderOf, concurrency)     one Order per order (rows of one order read once), bounded
 */
import type { PayPalApi } from '../../gateways/paypal';
import type { PayPalTransactionDetailInput } from '../../gateways/paypal-types';
import type { StripeApi } from '../../gateways/stripe';
import type { Order } from '../../orders/order';
import { orderFromTransaction } from '../../orders/paypal';
import { mapBounded } from '../events/recent';
import { isOrderTransaction, loadTransactionOrder, orderIdOfRow } from '../events/transactions';
import { stripeOrderFrom } from '../orders/load';

export interface AuditWindow {
  start: Date;
  end: Date;
}

const STRIPE_PAGE_SIZE = 100;

/** Succeeded PaymentIntents created in the window, newest first (Stripe's list order); `complete` false when pages were left. */
export async function stripePaidOrders(
  stripe: StripeApi,
  window: AuditWindow,
  maxPages: number,
): Promise<{ orders: Order[]; complete: boolean }> {
  const orders: Order[] = [];
  let startingAfter: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const list = await stripe.listPaymentIntents({
      limit: STRIPE_PAGE_SIZE,
      'created[gte]': Math.floor(window.start.getTime() / 1000),
      'created[lte]': Math.floor(window.end.getTime() / 1000),
      starting_after: startingAfter,
    });
    for (const paymentIntent of list.data) {
      if (paymentIntent.status === 'succeeded') orders.push(stripeOrderFrom(paymentIntent, stripe.mode).order);
    }
    if (!list.has_more || list.data.length === 0) return { orders, complete: true };
    startingAfter = list.data[list.data.length - 1]!.id;
  }
  return { orders, complete: false };
}

/** A payment received (T00xx, positive), not a refund or reversal of one. */
export function isPaymentRow(row: PayPalTransactionDetailInput): boolean {
  return isOrderTransaction(row) && !row.transaction_info?.transaction_event_code?.startsWith('T11');
}

/** A payment's Order: from its Orders v2 order, else from the row with Tracking v1's trackers for the capture. */
export async function paypalPaymentOrder(paypal: PayPalApi, row: PayPalTransactionDetailInput): Promise<Order> {
  const loaded = await loadTransactionOrder(paypal, row);
  if (loaded) return loaded.order;
  const captureId = row.transaction_info?.transaction_id;
  const trackers = captureId ? await paypal.listTrackers(captureId) : [];
  const trackingNumbers = trackers.flatMap((t) =>
    t.tracking_number ? [{ tracking_number: t.tracking_number, carrier: t.carrier ?? null, status: t.status ?? null }] : [],
  );
  return orderFromTransaction(row, { environment: paypal.environment, trackingNumbers });
}

/** The rows of distinct orders: of an order's rows (one per capture), the first; rows naming no order stay apart. */
export function uniqueOrderRows(rows: readonly PayPalTransactionDetailInput[]): PayPalTransactionDetailInput[] {
  const rowKey = (row: PayPalTransactionDetailInput) => orderIdOfRow(row) ?? row.transaction_info?.transaction_id ?? '';
  const seen = new Set<string>();
  return rows.filter((row) => !seen.has(rowKey(row)) && seen.add(rowKey(row)));
}

/**
 * One Order per order: rows that name the same order (one per capture) are read once, at most `concurrency`
 * reads in flight; an order reached through two captures that its rows do not name is kept once.
 */
export async function ordersOfRows(
  rows: readonly PayPalTransactionDetailInput[],
  orderOf: (row: PayPalTransactionDetailInput) => Promise<Order | null>,
  concurrency: number,
): Promise<Order[]> {
  const orders = await mapBounded(uniqueOrderRows(rows), orderOf, concurrency);
  const seen = new Set<string>();
  return orders.filter((order): order is Order => {
    if (!order) return false;
    const key = order.order_id ?? order.payment_id ?? '';
    return !seen.has(key) && Boolean(seen.add(key));
  });
}
