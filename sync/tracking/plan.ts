/**
 * The write plan of the tracking actions: what to send to which gateway, decided from what the order
 * already holds (docs/architecture.md#exactly-once). Pure: no I/O, no zapier-platform-core.
 *
 *   planTrackings(numbers, carrierInput, country?): PlannedTracking[]   carrier and URL per number
 *       (throws TrackingInputError with field `carrier` when the carrier can be neither read nor detected)
 *   activeTrackings(order trackings), findTracking(entries, number), sameNumber(a, b)
 *   choosePayPalCapture(order, {requestedCaptureId, items}): capture to track (throws NotTrackableError)
 *   paypalTrackBody(captureId, planned, {notifyBuyer, items}): POST /v2/checkout/orders/{id}/track body
 *   newTrackerId(before, after, captureId, number): the tracker PayPal created for a number
 *   stripeShippingSource(...): name + address to re-send with the tracking (Stripe requires them)
 *   stripeTrackingParams(shipping, entries, metadata): POST /v1/payment_intents/{id} params
 *   openDispute(disputes), evidenceParams(dispute, entries, choice, date): dispute evidence write
 */
import type { PayPalTrackRequest } from '../../gateways/paypal';
import type { AddressParts, TrackingEntry } from '../../orders/order';
import type { PayPalCaptureInput, PayPalOrderInput } from '../../gateways/paypal-types';
import { carrierName, normalizeCarrier, trackingUrl } from '../../carriers/carriers';
import { detectCarrier, TrackingInputError } from '../../carriers/numbers';

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

/** Tracking numbers compare without case and white space (carriers print them both ways). */
export function sameNumber(a: string | null | undefined, b: string | null | undefined): boolean {
  const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, '').toUpperCase();
  return norm(a) !== '' && norm(a) === norm(b);
}

export const isActive = (entry: TrackingEntry): boolean => (entry.status ?? '').toUpperCase() !== 'CANCELLED';

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

// ---------------------------------------------------------------- PayPal

/** Capture states PayPal takes tracking for (developer.paypal.com/docs/tracking/orders-api/integrate). */
export const TRACKABLE_CAPTURE_STATUSES: ReadonlySet<string> = new Set(['COMPLETED', 'PARTIALLY_REFUNDED', 'PENDING']);

export interface TrackItem {
  sku?: string;
  name?: string;
  quantity?: string;
}

function capturesWithUnits(order: PayPalOrderInput) {
  return (order.purchase_units ?? []).flatMap((unit) => (unit.payments?.captures ?? []).map((capture) => ({ capture, unit })));
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
  if (!chosen) {
    const trackable = all.filter((c) => TRACKABLE_CAPTURE_STATUSES.has(c.capture.status ?? ''));
    const skus = (options.items ?? []).map((i) => i.sku).filter((s): s is string => Boolean(s));
    const byItems = skus.length
      ? trackable.filter((c) =>
          skus.every((sku) => ((c.unit as { items?: Array<{ sku?: string }> }).items ?? []).some((item) => item.sku === sku)),
        )
      : [];
    chosen = byItems.length === 1 ? byItems[0] : trackable.length === 1 ? trackable[0] : undefined;
  }
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

// ---------------------------------------------------------------- Stripe

/** Stripe's Address has exactly the parts the Order keeps. */
export type ShippingAddress = AddressParts;

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

/** The action's own shipping fields (docs/fields.md), as given. */
export interface ShippingFieldsInput {
  shipping_name?: string;
  shipping_line1?: string;
  shipping_line2?: string;
  shipping_city?: string;
  shipping_state?: string;
  shipping_postal_code?: string;
  shipping_country?: string;
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
