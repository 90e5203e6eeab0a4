/**
 * The write plan of the tracking actions: what to send to which gateway, decided from what the order
 * already holds. Pure: no I/O, no zapier-platform-core. Per gateway: sync/tracking/plan-paypal.ts
 * (capture to track, tracker body, new tracker id) and plan-stripe.ts (shipping, params, dispute evidence).
 *
 *   planTrackings(numbers, carrierInput(input), country?): PlannedTracking[]   carrier and URL per number
 *       (throws TrackingInputError with field `carrier` when the carrier can be neither read nor detected)
 *   activeTrackings(order trackings), findTracking(entries, number), numberToReplace(active, named, label)
 *   trackingUrlFor(carrierText, number): the public tracking page of a number
 */
import { carrierName, normalizeCarrier, trackingUrl } from '../../carriers/carriers';
import { detectCarrier, sameNumber, TrackingInputError } from '../../carriers/numbers';
import type { TrackingEntry } from '../../orders/order';
import { isActive } from '../../orders/trackings';

export type TrackingOutcome = 'added' | 'already_present' | 'replaced' | 'cancelled';
export type DisputeEvidenceChoice = 'none' | 'stage' | 'submit';
export type DisputeEvidenceOutcome = 'none' | 'staged' | 'submitted' | 'no_open_dispute';

/** A tracking action's precondition the order does not meet (e.g. no captured payment); nothing was written. */
export class NotTrackableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotTrackableError';
  }
}

export interface CarrierInput {
  carrier?: string | null;
  carrier_name?: string | null;
  tracking_url?: string | null;
  overrides?: Readonly<Record<string, unknown>> | null;
}

export interface PlannedTracking {
  tracking_number: string;
  /** PayPal carrier code (`OTHER` for a carrier PayPal does not list). */
  carrier: string;
  /** Display name; for `OTHER` the merchant's own name (PayPal `carrier_name_other`). */
  carrier_name: string;
  tracking_url: string | null;
}

function carrierFor(number: string, input: CarrierInput, country: string | undefined): { code: string; name: string } {
  const options = { overrides: input.overrides, country };
  const typed = input.carrier?.trim();
  if (typed) {
    const found = normalizeCarrier(typed, options)!;
    return found.code === 'OTHER' ? { code: 'OTHER', name: input.carrier_name?.trim() || found.name } : found;
  }
  const detected = detectCarrier(number, { country });
  if (detected) return { code: detected, name: carrierName(detected) ?? detected };
  const named = normalizeCarrier(input.carrier_name, options);
  if (named) return named;
  throw new TrackingInputError(
    'carrier',
    `Carrier: the carrier of tracking number ${number} cannot be told from its format. Choose the carrier, or type its name in Carrier.`,
  );
}

/** The carrier part of a tracking action's input, as planTrackings reads it. */
export const carrierInput = (input: {
  carrier?: string;
  carrier_name?: string;
  tracking_url?: string;
  carrier_overrides?: Record<string, string>;
}): CarrierInput => ({
  carrier: input.carrier,
  carrier_name: input.carrier_name,
  tracking_url: input.tracking_url,
  overrides: input.carrier_overrides,
});

/** Carrier and tracking URL for each number; the merchant's URL is used only when there is one number. */
export function planTrackings(numbers: readonly string[], input: CarrierInput, country?: string | null): PlannedTracking[] {
  const hint = country?.trim().toUpperCase() || undefined;
  return numbers.map((number) => {
    const carrier = carrierFor(number, input, hint);
    const own = numbers.length === 1 ? input.tracking_url?.trim() : undefined;
    return {
      tracking_number: number,
      carrier: carrier.code,
      carrier_name: carrier.name,
      tracking_url: own || trackingUrl(carrier.code, number),
    };
  });
}

/** The public tracking page for a number whose carrier is known only as text (e.g. Stripe's `shipping.carrier`). */
export function trackingUrlFor(carrierText: string | null | undefined, number: string): string | null {
  const carrier =
    normalizeCarrier(carrierText) ??
    (() => {
      const detected = detectCarrier(number);
      return detected ? { code: detected } : null;
    })();
  return carrier ? trackingUrl(carrier.code, number) : null;
}

export function activeTrackings(entries: readonly TrackingEntry[]): TrackingEntry[] {
  return entries.filter((e) => e.tracking_number && isActive(e));
}

/** The entry for a number, preferring an active one. */
export function findTracking(entries: readonly TrackingEntry[], number: string): TrackingEntry | undefined {
  const matching = entries.filter((e) => sameNumber(e.tracking_number, number));
  return matching.find(isActive) ?? matching[0];
}

/**
 * The number an update replaces: the one named, else the only active one. Throws NotTrackableError
 * when there is none, or several and none was named.
 */
export function numberToReplace(active: readonly TrackingEntry[], named: string | null | undefined, orderLabel: string): string | null {
  if (named) return named;
  if (active.length === 1) return active[0]!.tracking_number;
  if (active.length === 0) return null;
  throw new NotTrackableError(
    `${orderLabel} has ${active.length} tracking numbers (${active.map((e) => e.tracking_number).join(', ')}): enter the one to replace in Old Tracking Number.`,
  );
}

/** The action's own shipping fields, as given (Stripe needs a name and address to store tracking). */
export interface ShippingFieldsInput {
  shipping_name?: string;
  shipping_line1?: string;
  shipping_line2?: string;
  shipping_city?: string;
  shipping_state?: string;
  shipping_postal_code?: string;
  shipping_country?: string;
}
