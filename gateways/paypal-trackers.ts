/**
 * Which PayPal endpoint changes a tracker, and the Tracking v1 body it takes: Orders v2 names a tracker by
 * an id of at most 36 characters, Tracking v1 by `{capture_id}-{number}` (docs/gateways.md).
 */
import type { PayPalV1Tracker } from './paypal-types';

/** One tracker as the callers know it: its Orders v2 id, the capture it belongs to, and its number. */
export interface PayPalTrackerRef {
  /** As the order lists it (capture ID + number for the trackers this app reads). */
  trackerId: string;
  captureId: string;
  trackingNumber: string;
}

/**
 * The `tracker_id` path parameter of Orders v2 `PATCH /v2/checkout/orders/{id}/trackers/{tracker_id}`
 * (specs/paypal/checkout_orders_v2.json). PayPal's own ids are capture ID (17) + number, so any number of
 * 20 characters or more gives an id this endpoint refuses, even for a tracker Orders v2 created.
 */
const ORDERS_V2_TRACKER_ID = /^[A-Z0-9]{1,36}$/;

/**
 * Which endpoint changes a tracker, the one place that decides it: Orders v2 PATCH where its tracker id
 * fits (PayPal asks Orders v2 integrations to stay on Orders v2 when it can do the job), else Tracking
 * v1 `PUT /v1/shipping/trackers/{capture_id}-{number}` (id up to 100 characters), which reaches the same
 * tracker.
 */
export function trackerEndpoint(trackerId: string): 'orders_v2_patch' | 'tracking_v1_put' {
  return ORDERS_V2_TRACKER_ID.test(trackerId) ? 'orders_v2_patch' : 'tracking_v1_put';
}

/** Orders v2 tracker ids keep only A–Z and 0–9 of the number: compare numbers that way. */
export const trackerIdForm = (number: string | undefined) => (number ?? '').toUpperCase().replace(/[^A-Z0-9]/g, '');

/**
 * The body of a Tracking v1 PUT, which replaces the whole tracker: what PayPal holds (`held`, from the
 * Tracking v1 list) with the new status. Without `held`, what the caller knows. No notify_buyer: a
 * cancellation must not e-mail the buyer again.
 */
export function trackerV1Body(ref: PayPalTrackerRef, status: string, held?: PayPalV1Tracker): PayPalV1Tracker {
  const carrier = held?.carrier;
  return {
    transaction_id: ref.captureId,
    tracking_number: held?.tracking_number ?? ref.trackingNumber,
    status,
    ...(carrier ? { carrier } : {}),
    ...(carrier === 'OTHER' && held?.carrier_name_other ? { carrier_name_other: held.carrier_name_other } : {}),
  };
}
