/**
 * PayPal Transaction Search for the polling triggers (docs/gateways.md#transaction-search): a window of at most
 * 31 days, data up to 3 hours late, pages of up to 500 rows.
 *
 *   searchNewestFirst(paypal, {start, end, maxRows, maxPages?, status?}) → rows, newest first
 *   isOrderTransaction(row)        a payment received (T00xx, positive) or a refund/reversal (T11xx)
 *   orderIdOfRow(row)              the order ID a row names, or null
 *   newestRowsFirst(rows)          sorted by initiation date, newest first
 *   loadTransactionOrder(paypal, row)             → the row's order, read (null for non-Orders v2 payments)
 *   paypalTransactionOrder(paypal, row, {load}) → Order of the row's status change
 */
import type { PayPalApi } from '../../gateways/paypal';
import { loadPayPalOrder, type LoadedPayPalOrder } from '../orders/load';
import { completeOrder, type Order } from '../../orders/order';
import type { PayPalTransactionDetailInput } from '../../gateways/paypal-types';
import { orderFromTransaction } from '../../orders/paypal';
import { orderIdOfCapture } from './event-orders';

const initiatedAt = (row: PayPalTransactionDetailInput) =>
  Date.parse((row.transaction_info?.transaction_initiation_date ?? '').replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) || 0;

/** Rows, newest payment first. */
export function newestRowsFirst(rows: readonly PayPalTransactionDetailInput[]): PayPalTransactionDetailInput[] {
  return [...rows].sort((a, b) => initiatedAt(b) - initiatedAt(a));
}

/**
 * The newest `maxRows` rows of the window. PayPal pages oldest first, so after page 1 (which says how
 * many pages there are) the last pages are read, newest first, at most `maxPages` reads in all.
 */
export async function searchNewestFirst(
  paypal: PayPalApi,
  options: { start: Date; end: Date; maxRows: number; maxPages?: number; status?: 'S' | 'P' | 'D' | 'V' },
): Promise<PayPalTransactionDetailInput[]> {
  const rows = await paypal.searchTransactionPages({
    start: options.start,
    end: options.end,
    status: options.status,
    maxPages: options.maxPages ?? 2,
    pages: 'newest',
    enoughRows: options.maxRows,
  });
  return rows.sort((a, b) => initiatedAt(b) - initiatedAt(a)).slice(0, options.maxRows);
}

/** A payment received (T00xx with a positive amount) or a refund or reversal of one (T11xx). */
export function isOrderTransaction(row: PayPalTransactionDetailInput): boolean {
  const code = row.transaction_info?.transaction_event_code ?? '';
  const value = row.transaction_info?.transaction_amount?.value ?? '';
  return (code.startsWith('T00') && !value.startsWith('-')) || code.startsWith('T11');
}

/** The order ID a row names (`paypal_reference_id` of type ODR), when it names one. */
export function orderIdOfRow(row: PayPalTransactionDetailInput): string | null {
  const info = row.transaction_info;
  return info?.paypal_reference_id_type === 'ODR' ? (info.paypal_reference_id ?? null) : null;
}

/** The order a payment row belongs to, read (1 read; +1 GET capture when the row does not name its order). Null when PayPal has none (not an Orders v2 payment). */
export async function loadTransactionOrder(paypal: PayPalApi, row: PayPalTransactionDetailInput): Promise<LoadedPayPalOrder | null> {
  const info = row.transaction_info;
  const captureId = (info?.transaction_event_code?.startsWith('T11') ? info.paypal_reference_id : info?.transaction_id) ?? null;
  const orderId = orderIdOfRow(row) ?? (captureId ? orderIdOfCapture(await paypal.getCapture(captureId)) : null);
  return orderId ? loadPayPalOrder(paypal, orderId, captureId) : null;
}

/**
 * One row → the Order of its status change: the row says which status, and when; its order (read
 * with `load`) adds buyer, shipping and tracking.
 */
export async function paypalTransactionOrder(
  paypal: PayPalApi,
  row: PayPalTransactionDetailInput,
  options: { load: boolean },
): Promise<Order> {
  const fromRow = orderFromTransaction(row, { environment: paypal.environment });
  const loaded = options.load ? await loadTransactionOrder(paypal, row) : null;
  if (!loaded) {
    const orderId = orderIdOfRow(row);
    return orderId ? completeOrder({ ...fromRow, order_id: orderId, id: undefined }) : fromRow;
  }
  return completeOrder({
    ...loaded.order,
    status: fromRow.status,
    gateway_status: fromRow.gateway_status ?? loaded.order.gateway_status,
    status_changed_at: fromRow.status_changed_at ?? loaded.order.status_changed_at,
    amount_refunded: fromRow.amount_refunded ?? loaded.order.amount_refunded,
    id: undefined,
  });
}
