/**
 * The Stripe part of the write plan. Pure.
 *
 *   stripeShippingSource(...): name + address to re-send with the tracking (Stripe requires them)
 *   stripeTrackingParams(shipping, entries, metadata): the PaymentIntent update's params
 *   openDispute(disputes), evidenceParams(dispute, entries, choice, date): dispute evidence write
 */
import type { AddressParts } from '../../orders/values';
import type { DisputeEvidenceChoice, ShippingFieldsInput } from './plan';

/** Stripe's Address has exactly the parts the Order keeps. */
type ShippingAddress = AddressParts;

export interface ShippingDetails {
  name: string;
  phone?: string | null;
  address: ShippingAddress;
}

interface ShippingLike {
  name?: string | null;
  phone?: string | null;
  address?: ShippingAddress | null;
}

function usableShipping(shipping: ShippingLike | null | undefined): ShippingDetails | null {
  if (!shipping?.name?.trim() || !shipping.address?.line1?.trim()) return null;
  return { name: shipping.name, phone: shipping.phone ?? null, address: shipping.address };
}

/** First usable name + address: the payment's own, the Checkout Session's, then the action's fields. */
export function stripeShippingSource(
  candidates: ReadonlyArray<ShippingLike | null | undefined>,
  fields: ShippingFieldsInput,
): ShippingDetails | null {
  for (const candidate of candidates) {
    const usable = usableShipping(candidate);
    if (usable) return usable;
  }
  return usableShipping({
    name: fields.shipping_name,
    address: {
      line1: fields.shipping_line1,
      line2: fields.shipping_line2,
      city: fields.shipping_city,
      state: fields.shipping_state,
      postal_code: fields.shipping_postal_code,
      country: fields.shipping_country?.toUpperCase(),
    },
  });
}

export const MISSING_SHIPPING_MESSAGE =
  'Stripe stores tracking only together with a shipping name and address, and this payment has none (nor has its Checkout Session). ' +
  'Fill in Shipping Name, Shipping Address Line 1, Shipping City, Shipping Postal Code and Shipping Country on this step. Nothing was written.';

/** One number on a Stripe payment, as written. */
export interface StripeTrackingEntry {
  tracking_number: string;
  carrier_name: string | null;
  tracking_url: string | null;
}

const METADATA_VALUE_MAX = 500;

/**
 * `POST /v1/payment_intents/{id}` params: the whole shipping hash (Stripe replaces it), numbers
 * comma-separated, carriers one for all or one per number; with several numbers (or when the payment
 * already had them) also `metadata[tracking_numbers]` / `metadata[tracking_urls]` — each left out
 * (unset) when over Stripe's 500-character metadata limit, URLs only when every number has one.
 */
export function stripeTrackingParams(
  shipping: ShippingDetails,
  entries: readonly StripeTrackingEntry[],
  metadata: Readonly<Record<string, string>> | null | undefined,
): Record<string, Record<string, string | Record<string, string>> | Record<string, string>> {
  const address: Record<string, string> = {};
  for (const [key, value] of Object.entries(shipping.address)) if (typeof value === 'string' && value !== '') address[key] = value;
  const carriers = entries.map((e) => e.carrier_name ?? '');
  const oneCarrier = carriers.every((c) => c === carriers[0]);
  const shippingParams: Record<string, string | Record<string, string>> = {
    name: shipping.name,
    address,
    carrier: oneCarrier ? (carriers[0] ?? '') : carriers.join(','),
    tracking_number: entries.map((e) => e.tracking_number).join(','),
  };
  if (shipping.phone) shippingParams.phone = shipping.phone;
  const params: Record<string, Record<string, string | Record<string, string>> | Record<string, string>> = { shipping: shippingParams };

  if (entries.length > 1 || metadata?.tracking_numbers !== undefined || metadata?.tracking_urls !== undefined) {
    const numbers = entries.map((e) => e.tracking_number).join(',');
    const urls = entries.every((e) => e.tracking_url) ? entries.map((e) => e.tracking_url).join(',') : '';
    params.metadata = {
      tracking_numbers: entries.length > 1 && numbers.length <= METADATA_VALUE_MAX ? numbers : '',
      tracking_urls: entries.length > 1 && urls.length <= METADATA_VALUE_MAX ? urls : '',
    };
  }
  return params;
}

/** Dispute statuses that still take evidence. */
const OPEN_DISPUTE_STATUSES: ReadonlySet<string> = new Set(['warning_needs_response', 'needs_response']);

export interface DisputeLike {
  id: string;
  status?: string | null;
  evidence?: { shipping_tracking_number?: string | null } | null;
}

export function openDispute<D extends DisputeLike>(disputes: readonly D[]): D | null {
  return disputes.find((d) => OPEN_DISPUTE_STATUSES.has(d.status ?? '')) ?? null;
}

/**
 * `POST /v1/disputes/{id}` params for the shipping evidence, or null when the dispute already holds
 * these numbers (a replay writes nothing). `stage` sends `submit=false` explicitly: Stripe's default
 * is to submit.
 */
export function evidenceParams(
  dispute: DisputeLike,
  entries: readonly StripeTrackingEntry[],
  choice: Exclude<DisputeEvidenceChoice, 'none'>,
  shippingDate: string,
): Record<string, string | Record<string, string>> | null {
  const numbers = entries.map((e) => e.tracking_number).join(', ');
  const held = dispute.evidence?.shipping_tracking_number ?? '';
  if (held && entries.every((e) => held.toUpperCase().includes(e.tracking_number.toUpperCase()))) return null;
  const carriers = [...new Set(entries.map((e) => e.carrier_name).filter((c): c is string => Boolean(c)))].join(', ');
  return {
    evidence: { shipping_tracking_number: numbers, ...(carriers ? { shipping_carrier: carriers } : {}), shipping_date: shippingDate },
    submit: choice === 'submit' ? 'true' : 'false',
  };
}
