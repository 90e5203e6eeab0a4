/**
 * Writing tracking to one resolved order: what the five tracking actions do once the input is valid,
 * the order resolved and the lock held. Compares with the tracking the order already has (same number
 * → `already_present`, no write), then writes through the order's gateway (sync/tracking/write-paypal.ts,
 * write-stripe.ts). Takes the typed gateway APIs; never touches `z` (problems are thrown as
 * NotTrackableError and gateway errors pass through).
 *
 * Several writes in one step: when a later write fails after an earlier one succeeded,
 * PartlyDoneError (sync/tracking/partly-done.ts) says what is done and what is not, with the gateway's
 * error. Each write is planned from the order as read, so running the step again does only what is
 * missing: an update whose cancel went through adds the new number even though the order then has no
 * active tracker left to "update".
 *
 *   writeTracking(gateways, resolved, input, mode): TrackingResult
 *   readOrderAgain(gateways, resolved): ResolvedOrder        after waiting for another call's lock
 */
import type { Gateways } from '../../gateways';
import { loadPayPalOrder, loadStripeOrder } from '../orders/load';
import type { ResolvedOrder } from '../orders/resolve';
import type { TrackingInput, TrackingMode } from './input';
import type { TrackingResult } from './result';
import { writePayPal } from './write-paypal';
import { writeStripe } from './write-stripe';

export async function readOrderAgain(gateways: Gateways, resolved: ResolvedOrder): Promise<ResolvedOrder> {
  if (resolved.gateway === 'stripe') {
    const loaded = await loadStripeOrder(gateways.stripe!, resolved.paymentIntent.id);
    return loaded ? { ...resolved, ...loaded } : resolved;
  }
  const loaded = await loadPayPalOrder(gateways.paypal!, resolved.paypalOrder.id!, resolved.requestedCaptureId);
  return loaded ? { ...resolved, ...loaded } : resolved;
}

/** Writes the tracking to a resolved order through its gateway. */
export function writeTracking(
  gateways: Gateways,
  resolved: ResolvedOrder,
  input: TrackingInput,
  mode: TrackingMode,
): Promise<TrackingResult> {
  return resolved.gateway === 'paypal'
    ? writePayPal(gateways.paypal!, resolved, input, mode)
    : writeStripe(gateways.stripe!, resolved, input, mode);
}
