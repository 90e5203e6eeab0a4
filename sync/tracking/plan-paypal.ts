/**
 * The PayPal part of the write plan. Pure.
 *
 *   choosePayPalCapture(order, {requestedCaptureId, items}): capture to track (throws NotTrackableError)
 *   paypalTrackBody(captureId, planned, {notifyBuyer, items}): the body of a tracker add
 *   newTrackerId(before, after, captureId, number): the tracker PayPal created for a number
 */
import { sameNumber } from '../../carriers/numbers';
import type { PayPalCaptureInput, PayPalOrderInput, PayPalTrackRequest } from '../../gateways/paypal-types';
import { NotTrackableError, type PlannedTracking } from './plan';

/** Capture states PayPal takes tracking for (developer.paypal.com/docs/tracking/orders-api/integrate). */
const TRACKABLE_CAPTURE_STATUSES: ReadonlySet<string> = new Set(['COMPLETED', 'PARTIALLY_REFUNDED', 'PENDING']);

export interface TrackItem {
  sku?: string;
  name?: string;
  quantity?: string;
}

function capturesWithUnits(order: PayPalOrderInput) {
  return (order.purchase_units ?? []).flatMap((unit) => (unit.payments?.captures ?? []).map((capture) => ({ capture, unit })));
}

/** Of several captures, the only trackable one whose unit's items hold every SKU given, else the only trackable one. */
function onlyTrackable<C extends { capture: PayPalCaptureInput; unit: unknown }>(
  all: readonly C[],
  items: readonly TrackItem[],
): C | undefined {
  const trackable = all.filter((c) => TRACKABLE_CAPTURE_STATUSES.has(c.capture.status ?? ''));
  const skus = items.map((i) => i.sku).filter((s): s is string => Boolean(s));
  const byItems = skus.length
    ? trackable.filter((c) =>
        skus.every((sku) => ((c.unit as { items?: Array<{ sku?: string }> }).items ?? []).some((item) => item.sku === sku)),
      )
    : [];
  return byItems.length === 1 ? byItems[0] : trackable.length === 1 ? trackable[0] : undefined;
}

/**
 * The capture to put tracking on: the one the reference named; else the order's only capture; else
 * the only one in a unit whose items hold every SKU given; else a clear error asking for the capture
 * ID. A capture PayPal cannot track (not COMPLETED / PARTIALLY_REFUNDED / PENDING), or an order
 * without any (authorized or approved only), is refused before any write.
 */
export function choosePayPalCapture(
  order: PayPalOrderInput,
  options: { requestedCaptureId?: string | null; items?: readonly TrackItem[] },
): PayPalCaptureInput & { id: string } {
  const all = capturesWithUnits(order).filter((c): c is { capture: PayPalCaptureInput & { id: string }; unit: (typeof c)['unit'] } =>
    Boolean(c.capture.id),
  );
  const orderId = order.id ?? '';
  if (all.length === 0) {
    throw new NotTrackableError(
      `PayPal order ${orderId} has no captured payment (order status ${order.status ?? 'unknown'}): PayPal takes tracking only for a captured payment. ` +
        'Capture the payment (an authorization must be captured first), then add the tracking.',
    );
  }
  let chosen = options.requestedCaptureId ? all.find((c) => c.capture.id === options.requestedCaptureId) : undefined;
  if (!chosen && all.length === 1) chosen = all[0];
  chosen ??= onlyTrackable(all, options.items ?? []);
  if (!chosen) {
    const list = all.map((c) =>
      `${c.capture.id} (${c.capture.amount?.value ?? '?'} ${c.capture.amount?.currency_code ?? ''}, ${c.capture.status ?? '?'})`.replace(
        ' ,',
        ',',
      ),
    );
    throw new NotTrackableError(
      `PayPal order ${orderId} has ${all.length} captures: ${list.join('; ')}. Enter the capture (transaction) ID of the shipment in Order instead of the order ID.`,
    );
  }
  const status = chosen.capture.status ?? 'unknown';
  if (!TRACKABLE_CAPTURE_STATUSES.has(status)) {
    throw new NotTrackableError(
      `PayPal capture ${chosen.capture.id} is ${status}: PayPal takes tracking only for captures that are COMPLETED, PARTIALLY_REFUNDED or PENDING. ` +
        (status === 'REFUNDED'
          ? 'The payment was refunded in full.'
          : status === 'DECLINED' || status === 'FAILED'
            ? 'The payment did not go through.'
            : ''),
    );
  }
  return chosen.capture;
}

export function paypalTrackBody(
  captureId: string,
  planned: PlannedTracking,
  options: { notifyBuyer: boolean; items?: readonly TrackItem[] },
): PayPalTrackRequest {
  const body: PayPalTrackRequest = { capture_id: captureId, tracking_number: planned.tracking_number, carrier: planned.carrier };
  if (planned.carrier === 'OTHER') body.carrier_name_other = planned.carrier_name.slice(0, 64);
  body.notify_payer = options.notifyBuyer;
  if (options.items?.length)
    body.items = options.items.map((i) => ({
      ...(i.name ? { name: i.name } : {}),
      ...(i.sku ? { sku: i.sku } : {}),
      ...(i.quantity ? { quantity: i.quantity } : {}),
    }));
  return body;
}

function trackerIds(order: PayPalOrderInput): string[] {
  return (order.purchase_units ?? [])
    .flatMap((u) => u.shipping?.trackers ?? [])
    .map((t) => t.id)
    .filter((id): id is string => Boolean(id));
}

/**
 * The id of the tracker PayPal created for `number`: the one of the documented shape capture ID +
 * number, else the only id that is new since `before` (null when that is not decidable).
 */
export function newTrackerId(before: PayPalOrderInput, after: PayPalOrderInput, captureId: string, number: string): string | null {
  const ids = trackerIds(after);
  const shaped = ids.find((id) => sameNumber(id, captureId + number));
  if (shaped) return shaped;
  const old = new Set(trackerIds(before));
  const fresh = ids.filter((id) => !old.has(id));
  return fresh.length === 1 ? fresh[0]! : null;
}
