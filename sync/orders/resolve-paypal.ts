/**
 * PayPal references → the order they name, with its tracking: by order ID (1 read), by capture ID
 * (capture, then its order: 3 reads with the 404), and through Transaction Search of the last 31 days
 * for the merchant's order reference or the buyer's email (the API filters on neither: the rows are
 * filtered here, then capture → order per match).
 */
import { widestTransactionWindow, type PayPalApi } from '../../gateways/paypal';
import type { PayPalTransactionDetailInput } from '../../gateways/paypal-types';
import { orderIdOfCapture } from '../../orders/paypal';
import type { OrderReference } from '../../orders/reference';
import { paypalOrderFrom } from './load';
import { MAX_MATCHES_LOADED, OrderLookupError, type ResolvedPayPalOrder } from './resolved';

/** Transaction Search pages read at most (500 rows each): the newest rows may lie past them. */
const PAYPAL_SEARCH_MAX_PAGES = 3;

/** Transaction Search over the last 31 days, the first pages; rows as PayPal returns them. `page_size`: a smaller page. */
export function searchPayPalTransactions(
  paypal: PayPalApi,
  now: Date,
  options: { page_size?: string } = {},
): Promise<PayPalTransactionDetailInput[]> {
  return paypal.searchTransactionPages({
    ...widestTransactionWindow(now),
    pageSize: options.page_size ? Number(options.page_size) : undefined,
    maxPages: PAYPAL_SEARCH_MAX_PAGES,
    pages: 'oldest',
  });
}

/** Payment rows only (refunds and reversals, T11xx, point back at a payment and would count twice). */
export function isPaymentRow(row: PayPalTransactionDetailInput): boolean {
  const code = row.transaction_info?.transaction_event_code ?? '';
  return Boolean(row.transaction_info?.transaction_id) && !code.startsWith('T11');
}

/** A capture → its order, read with its tracking; null when PayPal has either no capture or no order. */
async function paypalByCapture(paypal: PayPalApi, reference: OrderReference, captureId: string): Promise<ResolvedPayPalOrder | null> {
  const capture = await paypal.getCapture(captureId);
  if (!capture) return null;
  const orderId = orderIdOfCapture(capture);
  if (!orderId) {
    throw new OrderLookupError(
      'not_trackable',
      `PayPal capture ${captureId} is not linked to an Orders v2 order (it was made with an older PayPal integration), so PayPal cannot take tracking for it through this app.`,
    );
  }
  const order = await paypal.getOrder(orderId);
  if (!order) return null;
  return { gateway: 'paypal', reference, requestedCaptureId: captureId, ...(await paypalOrderFrom(paypal, order, captureId)) };
}

/** A PayPal order or capture ID → its order; null when PayPal has neither in this environment. */
export async function paypalById(paypal: PayPalApi, reference: OrderReference): Promise<ResolvedPayPalOrder | null> {
  // Order and capture IDs look alike (orders/reference.ts): the order first, it is the common case.
  const order = await paypal.getOrder(reference.id);
  if (order) return { gateway: 'paypal', reference, requestedCaptureId: null, ...(await paypalOrderFrom(paypal, order)) };
  return paypalByCapture(paypal, reference, reference.id);
}

/** The distinct captures of the matching payment rows, at most MAX_MATCHES_LOADED. */
function capturesOfRows(rows: readonly PayPalTransactionDetailInput[], matches: (row: PayPalTransactionDetailInput) => boolean): string[] {
  const ids = rows.filter((row) => isPaymentRow(row) && matches(row)).map((row) => row.transaction_info!.transaction_id!);
  return [...new Set(ids)].slice(0, MAX_MATCHES_LOADED);
}

const found = (orders: Array<ResolvedPayPalOrder | null>): ResolvedPayPalOrder[] =>
  orders.filter((o): o is ResolvedPayPalOrder => o !== null);

/** Payments whose invoice ID or custom ID is the reference (with or without a leading #). */
export async function paypalByMerchantReference(paypal: PayPalApi, reference: OrderReference, now: Date): Promise<ResolvedPayPalOrder[]> {
  const wanted = reference.id.replace(/^#/, '');
  const captureIds = capturesOfRows(await searchPayPalTransactions(paypal, now), (row) => {
    const info = row.transaction_info ?? {};
    return [info.invoice_id, info.custom_field].some((v) => v === reference.id || v === wanted);
  });
  return found(await Promise.all(captureIds.map((id) => paypalByCapture(paypal, reference, id))));
}

/** Payments by the payer's email (lower case); a payment PayPal cannot track is left out, not an error. */
export async function paypalByEmail(
  paypal: PayPalApi,
  email: string,
  reference: OrderReference,
  now: Date,
): Promise<ResolvedPayPalOrder[]> {
  const captureIds = capturesOfRows(
    await searchPayPalTransactions(paypal, now),
    (row) => row.payer_info?.email_address?.toLowerCase() === email,
  );
  const loaded = await Promise.all(
    captureIds.map((id) =>
      paypalByCapture(paypal, reference, id).catch((e) => (e instanceof OrderLookupError ? null : Promise.reject(e as Error))),
    ),
  );
  return found(loaded);
}
