/**
 * Reading one order with everything the Order shape needs, in the fewest requests. Shared by the
 * tracking actions, the triggers and the search. Takes the typed gateway APIs; never touches `z`.
 *
 * Which tracking numbers a PayPal order already has (docs/architecture.md#exactly-once): Orders v2 trackers
 * (`purchase_units[].shipping.trackers[]`) carry an id and a status but no number. PayPal's docs show
 * tracker ids as capture ID + tracking number, so a tracker whose id starts with one of the order's
 * capture IDs gives its number with no extra request — the common case, and the minimum of one read.
 * When any tracker's id does not have that shape we do not guess: Tracking v1
 * (`GET /v1/shipping/trackers?transaction_id=<capture>`) lists the numbers, authoritatively, at the
 * cost of one more read per capture.
 */
import type { PayPalApi, PayPalV1Tracker } from '../../gateways/paypal';
import type { Stripe, StripeApi } from '../../gateways/stripe';
import type { Order } from '../../orders/order';
import type { PayPalCaptureInput, PayPalOrderInput } from '../../gateways/paypal-types';
import { orderFromPayPalOrder, type PayPalTrackingNumber } from '../../orders/paypal';
import { orderFromPaymentIntent } from '../../orders/stripe';

export interface LoadedStripeOrder {
  paymentIntent: Stripe.PaymentIntent;
  /** The latest Charge (expanded in the same read), or null before a charge exists. */
  charge: Stripe.Charge | null;
  order: Order;
}

export interface LoadedPayPalOrder {
  paypalOrder: PayPalOrderInput;
  /** The capture tracking attaches to: the one asked for, else the order's only/first capture. */
  capture: PayPalCaptureInput | null;
  captures: PayPalCaptureInput[];
  trackingNumbers: PayPalTrackingNumber[];
  order: Order;
}

/** One read: the PaymentIntent with its latest Charge expanded. Null when Stripe has no such PaymentIntent. */
export async function loadStripeOrder(stripe: StripeApi, paymentIntentId: string): Promise<LoadedStripeOrder | null> {
  const paymentIntent = await stripe.getPaymentIntent(paymentIntentId);
  if (!paymentIntent) return null;
  return stripeOrderFrom(paymentIntent, stripe.mode);
}

/** The Order view of a PaymentIntent already read (with `latest_charge` expanded or not). */
export function stripeOrderFrom(paymentIntent: Stripe.PaymentIntent, mode: 'live' | 'test'): LoadedStripeOrder {
  const charge = typeof paymentIntent.latest_charge === 'object' ? paymentIntent.latest_charge : null;
  const order = orderFromPaymentIntent(paymentIntent, { environment: mode, charge: charge as never });
  return { paymentIntent, charge, order };
}

/** Every capture of a PayPal order, across purchase units. */
function capturesOf(order: PayPalOrderInput): PayPalCaptureInput[] {
  return (order.purchase_units ?? []).flatMap((unit) => unit.payments?.captures ?? []);
}

/**
 * Tracking numbers read from tracker ids of the shape capture ID + number; `complete` is false when
 * some tracker's id has another shape (its number must then come from Tracking v1).
 */
export function trackingNumbersFromTrackerIds(order: PayPalOrderInput): { numbers: PayPalTrackingNumber[]; complete: boolean } {
  const captureIds = capturesOf(order)
    .map((c) => c.id)
    .filter((id): id is string => Boolean(id));
  const numbers: PayPalTrackingNumber[] = [];
  let complete = true;
  for (const unit of order.purchase_units ?? []) {
    for (const tracker of unit.shipping?.trackers ?? []) {
      const captureId = captureIds.find((id) => tracker.id && tracker.id.length > id.length && tracker.id.startsWith(id));
      if (!tracker.id || !captureId) {
        complete = false;
        continue;
      }
      numbers.push({ tracking_number: tracker.id.slice(captureId.length), tracker_id: tracker.id, status: tracker.status ?? null });
    }
  }
  return { numbers, complete };
}

function fromV1(tracker: PayPalV1Tracker, order: PayPalOrderInput): PayPalTrackingNumber {
  const trackerIds = (order.purchase_units ?? []).flatMap((u) => u.shipping?.trackers ?? []).map((t) => t.id);
  const id = trackerIds.find((candidate) => candidate === `${tracker.transaction_id}${tracker.tracking_number}`) ?? null;
  return {
    tracking_number: tracker.tracking_number ?? '',
    carrier: tracker.carrier ?? null,
    carrier_name: tracker.carrier_name_other ?? null,
    status: tracker.status ?? null,
    tracker_id: id,
  };
}

/** The numbers on a PayPal order: from tracker ids when they all have the documented shape, else from Tracking v1. */
async function payPalTrackingNumbers(paypal: PayPalApi, order: PayPalOrderInput): Promise<PayPalTrackingNumber[]> {
  const fromIds = trackingNumbersFromTrackerIds(order);
  if (fromIds.complete) return fromIds.numbers;
  return trackingNumbersFromV1(paypal, order);
}

/** Every tracker of the order's captures with its number, carrier and status, from Tracking v1 (one read per capture). */
async function trackingNumbersFromV1(paypal: PayPalApi, order: PayPalOrderInput): Promise<PayPalTrackingNumber[]> {
  const captureIds = capturesOf(order)
    .map((c) => c.id)
    .filter((id): id is string => Boolean(id));
  const lists = await Promise.all(captureIds.map((id) => paypal.listTrackers(id)));
  return lists
    .flat()
    .filter((t) => t.tracking_number)
    .map((t) => fromV1(t, order));
}

/** The Order view of a PayPal order already read. */
export async function paypalOrderFrom(
  paypal: PayPalApi,
  paypalOrder: PayPalOrderInput,
  captureId?: string | null,
): Promise<LoadedPayPalOrder> {
  const captures = capturesOf(paypalOrder);
  const capture = (captureId ? captures.find((c) => c.id === captureId) : undefined) ?? captures[0] ?? null;
  const trackingNumbers = await payPalTrackingNumbers(paypal, paypalOrder);
  const order = orderFromPayPalOrder(paypalOrder, { environment: paypal.environment, capture, trackingNumbers });
  return { paypalOrder, capture, captures, trackingNumbers, order };
}

/** One read (two when tracker ids must be resolved through Tracking v1). Null when PayPal has no such order. */
export async function loadPayPalOrder(paypal: PayPalApi, orderId: string, captureId?: string | null): Promise<LoadedPayPalOrder | null> {
  const paypalOrder = await paypal.getOrder(orderId);
  if (!paypalOrder) return null;
  return paypalOrderFrom(paypal, paypalOrder, captureId);
}

/**
 * The order with each tracker's carrier and shipment status as well as its number: what a comparison of
 * carriers and statuses needs (sync/reconcile/). Tracker ids give numbers only, so an order whose numbers came
 * from them costs one Tracking v1 read per capture more; one without trackers, or already read through
 * Tracking v1, costs nothing.
 */
export async function withTrackerDetails<T extends LoadedPayPalOrder>(paypal: PayPalApi, loaded: T): Promise<T> {
  const fromIds = trackingNumbersFromTrackerIds(loaded.paypalOrder);
  if (!fromIds.complete || fromIds.numbers.length === 0) return loaded;
  const trackingNumbers = await trackingNumbersFromV1(paypal, loaded.paypalOrder);
  const order = orderFromPayPalOrder(loaded.paypalOrder, { environment: paypal.environment, capture: loaded.capture, trackingNumbers });
  return { ...loaded, trackingNumbers, order };
}
