/**
 * The one implementation behind the five tracking actions (DESIGN §2, §4, §7):
 *
 *   trackingCreate({key, noun, label, description, mode, accept}): a Zapier create definition
 *   performTracking(z, bundle, {mode, accept}): TrackingResult
 *
 * add_tracking / add_paypal_tracking / add_stripe_tracking differ only in `accept` (the gateways
 * whose references they take); update_tracking and cancel_tracking in `mode`.
 *
 * Flow: validate the input (no request) → resolve the reference to one order, reading its tracking in
 * the same read (orders/resolve.ts) → take the per-connection lock on (order, number) — re-reading
 * the order only when another call held it → compare with the tracking already there (same number →
 * `already_present`, no write) → write (tracking/plan.ts decides what) → the Order after the write.
 *
 * Round trips (PayPal token mint aside): order ID → 1 read + 1 write per new number; already present
 * → 1 read, 0 writes. PayPal writes run 5 at a time (50 numbers at 200 ms ≈ 2 s).
 */
import pLimit from 'p-limit';
import type { Bundle, Create, ZObject } from 'zapier-platform-core';
import { connectionCache } from '../gateways/cache';
import { GATEWAY_LABELS, type AuthData, type GatewayName } from '../gateways/config';
import { isZapierError, scrubSecrets } from '../gateways/errors';
import { gatewayApis, type Gateways } from '../gateways';
import type { PayPalApi } from '../gateways/paypal';
import type { Stripe, StripeApi } from '../gateways/stripe';
import { loadPayPalOrder, loadStripeOrder, stripeOrderFrom } from '../orders/load';
import type { Order, TrackingEntry } from '../orders/order';
import { orderFromPayPalOrder, type PayPalOrderInput, type PayPalTrackingNumber } from '../orders/paypal';
import { ReferenceInputError } from '../orders/reference';
import { OrderLookupError, resolveOrder, type ResolvedOrder, type ResolvedPayPalOrder, type ResolvedStripeOrder } from '../orders/resolve';
import { TrackingInputError } from '../tracking/numbers';
import {
  activeTrackings,
  choosePayPalCapture,
  evidenceParams,
  findTracking,
  isActive,
  MISSING_SHIPPING_MESSAGE,
  newTrackerId,
  NotTrackableError,
  numberToReplace,
  openDispute,
  paypalTrackBody,
  planTrackings,
  sameNumber,
  stripeShippingSource,
  stripeTrackingParams,
  trackingUrlFor,
  type DisputeEvidenceOutcome,
  type PlannedTracking,
  type StripeTrackingEntry,
} from '../tracking/plan';
import { parseTrackingInput, trackingFieldLabel, trackingInputFields, type TrackingInput, type TrackingMode } from '../fields/tracking';
import { acquireLocks } from './exactly-once';
import { trackingResult, TRACKING_RESULT_FIELDS, TRACKING_RESULT_SAMPLE, type TrackingResult, type TrackingRow } from './tracking-result';

export interface TrackingActionSpec {
  mode: TrackingMode;
  /** The gateways whose references this action takes. */
  accept: readonly GatewayName[];
}

/** PayPal tracker writes in flight at once: fast enough for 50 numbers, gentle on PayPal's unpublished limits. */
export const PAYPAL_WRITE_CONCURRENCY = 5;

/** Our domain errors → the one z.errors.Error the merchant sees; gateway errors pass unchanged. */
function asZapierError(z: ZObject, error: unknown, secrets: readonly string[]): Error {
  const e = error as Error;
  if (isZapierError(e)) return e;
  if (e instanceof TrackingInputError) {
    const label = trackingFieldLabel(e.field);
    const message = e.message.startsWith(label) ? e.message : `${label}: ${e.message}`;
    return new z.errors.Error(scrubSecrets(message, secrets), 'InvalidInput', 400);
  }
  if (e instanceof ReferenceInputError) return new z.errors.Error(`Order: ${e.message}`, 'InvalidInput', 400);
  if (e instanceof OrderLookupError) {
    const [code, status] = e.problem === 'not_found' ? ['NotFound', 404] : e.problem === 'ambiguous' ? ['AmbiguousOrder', 409] : e.problem === 'wrong_gateway' ? ['InvalidInput', 400] : ['NotTrackable', 422];
    return new z.errors.Error(scrubSecrets(e.message, secrets), code as string, status as number);
  }
  if (e instanceof NotTrackableError) return new z.errors.Error(scrubSecrets(e.message, secrets), 'NotTrackable', 422);
  return new z.errors.Error(scrubSecrets(`Unexpected problem while writing the tracking: ${e?.message ?? String(error)}`, secrets), 'Unexpected', 500);
}

async function guarded<T>(z: ZObject, secrets: readonly string[], work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asZapierError(z, error, secrets);
  }
}

const carrierInput = (input: TrackingInput) => ({
  carrier: input.carrier,
  carrier_name: input.carrier_name,
  tracking_url: input.tracking_url,
  overrides: input.carrier_overrides,
});

function lockKeys(resolved: ResolvedOrder, input: TrackingInput): string[] {
  if (resolved.gateway === 'stripe') {
    // Stripe's shipping hash is replaced whole: every write to one payment is a read-modify-write.
    return [`tracking-lock:stripe:${resolved.paymentIntent.id}`];
  }
  const orderId = resolved.paypalOrder.id ?? resolved.reference.id;
  const numbers = [...input.tracking_numbers, ...(input.old_tracking_number ? [input.old_tracking_number] : [])];
  return numbers.map((n) => `tracking-lock:paypal:${orderId}:${n.toUpperCase()}`);
}

async function readAgain(gateways: Gateways, resolved: ResolvedOrder): Promise<ResolvedOrder> {
  if (resolved.gateway === 'stripe') {
    const loaded = await loadStripeOrder(gateways.stripe!, resolved.paymentIntent.id);
    return loaded ? { ...resolved, ...loaded } : resolved;
  }
  const loaded = await loadPayPalOrder(gateways.paypal!, resolved.paypalOrder.id!, resolved.requestedCaptureId);
  return loaded ? { ...resolved, ...loaded } : resolved;
}

/** Runs writes with bounded concurrency; lets every started write finish, then reports the first failure. */
async function runLimited<T, R>(items: readonly T[], limit: number, write: (item: T) => Promise<R>): Promise<R[]> {
  const run = pLimit(limit);
  const settled = await Promise.allSettled(items.map((item) => run(() => write(item))));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<R>).value);
}

function row(planned: PlannedTracking, result: TrackingRow['result'], trackerId: string | null = null): TrackingRow {
  return { tracking_number: planned.tracking_number, carrier: planned.carrier, carrier_name: planned.carrier_name, tracking_url: planned.tracking_url, result, tracker_id: trackerId };
}

// ---------------------------------------------------------------- PayPal

/** The PayPal order with the given trackers marked CANCELLED (PATCH answers 204, without the order). */
function withCancelled(order: PayPalOrderInput, trackerIds: ReadonlySet<string>): PayPalOrderInput {
  return {
    ...order,
    purchase_units: (order.purchase_units ?? []).map((unit) => ({
      ...unit,
      shipping: unit.shipping && {
        ...unit.shipping,
        trackers: unit.shipping.trackers?.map((t) => (t.id && trackerIds.has(t.id) ? { ...t, status: 'CANCELLED' } : t)),
      },
    })),
  };
}

function trackerCount(order: PayPalOrderInput): number {
  return (order.purchase_units ?? []).reduce((n, u) => n + (u.shipping?.trackers?.length ?? 0), 0);
}

async function writePayPal(paypal: PayPalApi, resolved: ResolvedPayPalOrder, input: TrackingInput, mode: TrackingMode): Promise<TrackingResult> {
  const orderId = resolved.paypalOrder.id!;
  const existing = resolved.order.trackings;
  const notify = { notify_buyer: input.notify_buyer, dispute_evidence: 'none' as const };
  const cancelled = new Set<string>();
  const known: PayPalTrackingNumber[] = resolved.trackingNumbers.map((n) => ({ ...n }));
  const trackerIdOf = (number: string): string => {
    const entry = findTracking(existing, number);
    if (!entry?.tracker_id) {
      throw new NotTrackableError(`PayPal does not say which tracker of order ${orderId} holds ${number}, so it cannot be changed here; change it in your PayPal account.`);
    }
    return entry.tracker_id;
  };
  const cancel = async (number: string) => {
    const trackerId = trackerIdOf(number);
    await paypal.cancelTracker(orderId, trackerId);
    cancelled.add(trackerId);
    for (const n of known) if (n.tracker_id === trackerId) n.status = 'CANCELLED';
  };

  if (mode === 'cancel') {
    const number = input.tracking_numbers[0]!;
    const entry = findTracking(existing, number);
    if (!entry) {
      const on = activeTrackings(existing).map((e) => e.tracking_number).join(', ') || 'none';
      throw new NotTrackableError(`Tracking number ${number} is not on PayPal order ${orderId} (its tracking numbers: ${on}).`);
    }
    if (isActive(entry)) await cancel(number);
    const capture = resolved.capture;
    const order = orderFromPayPalOrder(withCancelled(resolved.paypalOrder, cancelled), { environment: paypal.environment, capture, trackingNumbers: known });
    const cancelledRow: TrackingRow = { tracking_number: number, carrier: entry.carrier, carrier_name: entry.carrier_name, tracking_url: entry.tracking_url, result: 'cancelled', tracker_id: entry.tracker_id ?? null };
    return trackingResult(order, [cancelledRow], { ...notify, result: 'cancelled' });
  }

  const capture = choosePayPalCapture(resolved.paypalOrder, { requestedCaptureId: resolved.requestedCaptureId, items: input.items });
  const planned = planTrackings(input.tracking_numbers, carrierInput(input), resolved.order.shipping_country);
  let old: string | null = null;
  if (mode === 'update') {
    old = numberToReplace(activeTrackings(existing), input.old_tracking_number, `PayPal order ${orderId}`);
    if (!old) throw new NotTrackableError(`PayPal order ${orderId} has no tracking to update: use "Add Tracking to Order" instead.`);
    if (!findTracking(existing, old)) {
      const on = activeTrackings(existing).map((e) => e.tracking_number).join(', ') || 'none';
      throw new NotTrackableError(`Old Tracking Number ${old} is not on PayPal order ${orderId} (its tracking numbers: ${on}).`);
    }
    // Defaulted to the only number, which is the new one: a replay of this update, nothing to replace.
    if (!input.old_tracking_number && planned.some((p) => sameNumber(p.tracking_number, old))) old = null;
  }
  const isPresent = (p: PlannedTracking) => {
    const entry = findTracking(existing, p.tracking_number);
    return Boolean(entry && isActive(entry) && !(old && sameNumber(old, p.tracking_number)));
  };
  const toAdd = planned.filter((p) => !isPresent(p));
  const oldEntry = old ? findTracking(existing, old) : undefined;
  const mustCancel = Boolean(oldEntry && isActive(oldEntry));

  if (mustCancel) await cancel(old!);
  const outcome = mode === 'update' ? 'replaced' : 'added';
  const responses = await runLimited(toAdd, PAYPAL_WRITE_CONCURRENCY, async (p) => {
    const after = await paypal.addTracker(orderId, paypalTrackBody(capture.id, p, { notifyBuyer: input.notify_buyer, items: input.items }));
    const trackerId = newTrackerId(resolved.paypalOrder, after, capture.id, p.tracking_number);
    known.push({ tracking_number: p.tracking_number, carrier: p.carrier, carrier_name: p.carrier_name, tracking_url: p.tracking_url, status: 'SHIPPED', tracker_id: trackerId });
    return { planned: p, after, trackerId };
  });
  // Each answer is the whole order; the one with the most trackers saw every write that finished before it.
  const latest = responses.map((r) => r.after).sort((a, b) => trackerCount(b) - trackerCount(a))[0] ?? resolved.paypalOrder;
  const order = orderFromPayPalOrder(withCancelled(latest, cancelled), { environment: paypal.environment, capture, trackingNumbers: known });
  const rows = planned.map((p) => {
    const written = responses.find((r) => r.planned === p);
    return written ? row(p, outcome, written.trackerId) : row(p, 'already_present', findTracking(existing, p.tracking_number)?.tracker_id ?? null);
  });
  return trackingResult(order, rows, { ...notify, result: mustCancel || responses.length ? outcome : 'already_present' });
}

// ---------------------------------------------------------------- Stripe

const todayUtc = () => new Date().toISOString().slice(0, 10);

function stripeEntry(e: TrackingEntry | PlannedTracking): StripeTrackingEntry {
  const number = e.tracking_number!;
  return { tracking_number: number, carrier_name: e.carrier_name ?? null, tracking_url: e.tracking_url ?? trackingUrlFor(e.carrier_name, number) };
}

async function shippingFor(stripe: StripeApi, resolved: ResolvedStripeOrder, input: TrackingInput) {
  const { paymentIntent: pi, charge, session } = resolved;
  const own = stripeShippingSource([pi.shipping, charge?.shipping, session?.collected_information?.shipping_details, (session as { shipping_details?: never } | null)?.shipping_details], {});
  if (own) return own;
  const fromFields = stripeShippingSource([], input);
  if (fromFields || session) return fromFields;
  // One more read, only for a payment without an address of its own: a Checkout Session may hold it.
  const sessions = await stripe.client.get<{ data: Stripe.Checkout.Session[] }>('/v1/checkout/sessions', { payment_intent: pi.id, limit: 1 });
  const found = sessions.data?.[0];
  return stripeShippingSource([found?.collected_information?.shipping_details, (found as { shipping_details?: never } | undefined)?.shipping_details], {});
}

async function writeDisputeEvidence(stripe: StripeApi, resolved: ResolvedStripeOrder, entries: StripeTrackingEntry[], input: TrackingInput): Promise<DisputeEvidenceOutcome> {
  if (input.dispute_evidence === 'none') return 'none';
  if (!resolved.charge?.disputed) return 'no_open_dispute';
  const disputes = await stripe.listDisputes({ payment_intent: resolved.paymentIntent.id, limit: 10 });
  const dispute = openDispute(disputes.data ?? []);
  if (!dispute) return 'no_open_dispute';
  const params = evidenceParams(dispute, entries, input.dispute_evidence, todayUtc());
  if (params) await stripe.updateDispute(dispute.id, params, `saving shipping evidence on Stripe dispute ${dispute.id}`);
  return input.dispute_evidence === 'submit' ? 'submitted' : 'staged';
}

async function writeStripe(stripe: StripeApi, resolved: ResolvedStripeOrder, input: TrackingInput, mode: TrackingMode): Promise<TrackingResult> {
  const pi = resolved.paymentIntent;
  const label = `Stripe payment ${pi.id}`;
  const existing = activeTrackings(resolved.order.trackings);
  const present = (number: string) => existing.some((e) => sameNumber(e.tracking_number, number));
  let entries: StripeTrackingEntry[];
  let rows: TrackingRow[];
  let changed: boolean;

  if (mode === 'cancel') {
    const number = input.tracking_numbers[0]!;
    const entry = findTracking(existing, number);
    entries = existing.filter((e) => !sameNumber(e.tracking_number, number)).map(stripeEntry);
    changed = Boolean(entry);
    rows = [{ tracking_number: number, carrier: entry?.carrier ?? null, carrier_name: entry?.carrier_name ?? null, tracking_url: entry?.tracking_url ?? null, result: 'cancelled', tracker_id: null }];
  } else {
    const planned = planTrackings(input.tracking_numbers, carrierInput(input), resolved.order.shipping_country).map((p) => ({ ...p, carrier: p.carrier_name }));
    let kept = existing;
    let replaced = false;
    if (mode === 'update') {
      const old = numberToReplace(existing, input.old_tracking_number, label);
      if (!old) throw new NotTrackableError(`${label} has no tracking to update: use "Add Tracking to Order" instead.`);
      replaced = present(old) && !planned.some((p) => sameNumber(p.tracking_number, old));
      if (!present(old) && planned.some((p) => !present(p.tracking_number))) {
        throw new NotTrackableError(`Old Tracking Number ${old} is not on ${label} (its tracking numbers: ${existing.map((e) => e.tracking_number).join(', ') || 'none'}).`);
      }
      kept = existing.filter((e) => !sameNumber(e.tracking_number, old));
    }
    const missing = planned.filter((p) => !present(p.tracking_number));
    entries = [...kept.map(stripeEntry), ...planned.filter((p) => !kept.some((e) => sameNumber(e.tracking_number, p.tracking_number))).map(stripeEntry)];
    changed = missing.length > 0 || replaced;
    const outcome = mode === 'update' ? 'replaced' : 'added';
    rows = planned.map((p) => row(p, present(p.tracking_number) ? 'already_present' : outcome));
  }

  let after = pi;
  if (changed) {
    const shipping = await shippingFor(stripe, resolved, input);
    if (!shipping) throw new NotTrackableError(MISSING_SHIPPING_MESSAGE);
    const verb = mode === 'cancel' ? 'removing tracking from' : 'adding tracking to';
    after = await stripe.updatePaymentIntent(pi.id, stripeTrackingParams(shipping, entries, pi.metadata), `${verb} ${label}`);
  }
  const dispute = mode === 'cancel' ? 'none' : await writeDisputeEvidence(stripe, resolved, entries, input);
  const order = stripeOrderFrom({ ...after, latest_charge: resolved.charge ?? after.latest_charge } as Stripe.PaymentIntent, stripe.mode).order;
  const result = mode === 'cancel' ? 'cancelled' : changed ? (mode === 'update' ? 'replaced' : 'added') : 'already_present';
  return trackingResult(order, rows, { notify_buyer: false, dispute_evidence: dispute, result });
}

// ---------------------------------------------------------------- the action

export async function performTracking(z: ZObject, bundle: Bundle, spec: TrackingActionSpec): Promise<TrackingResult> {
  const authData = bundle.authData as AuthData;
  const secrets = [authData.stripe_secret_key, authData.paypal_client_secret].filter((s): s is string => Boolean(s));
  const input = await guarded(z, secrets, () => parseTrackingInput(bundle.inputData as Record<string, unknown>, spec.mode));
  const gateways = gatewayApis(z, authData);
  const accept = spec.accept.filter((g) => gateways[g]);
  if (accept.length === 0) {
    const names = spec.accept.map((g) => GATEWAY_LABELS[g]).join(' or ');
    throw new z.errors.Error(`This connection has no ${names} credentials: add them to the connection to use this action.`, 'InvalidInput', 400);
  }
  // Carriers are checked before any request (without the order's country, which only refines the choice).
  if (spec.mode !== 'cancel') await guarded(z, secrets, () => planTrackings(input.tracking_numbers, carrierInput(input)));

  let resolved = await guarded(z, secrets, () => resolveOrder(gateways, input.order, { accept }));
  const busy = () => new z.errors.ThrottledError('Another step is writing the same tracking to this order right now; Zapier will retry this step shortly.', 15);
  const lock = await acquireLocks(connectionCache(z), lockKeys(resolved, input), busy);
  try {
    if (lock.waited) resolved = await guarded(z, secrets, () => readAgain(gateways, resolved));
    const current = resolved;
    return await guarded(z, secrets, () =>
      current.gateway === 'paypal' ? writePayPal(gateways.paypal!, current, input, spec.mode) : writeStripe(gateways.stripe!, current, input, spec.mode),
    );
  } finally {
    await lock.release();
  }
}

export interface TrackingCreateSpec extends TrackingActionSpec {
  key: string;
  label: string;
  description: string;
}

/** A tracking action's Zapier definition. */
export function trackingCreate(spec: TrackingCreateSpec): Create {
  const { key, label, description, mode, accept } = spec;
  return {
    key,
    noun: 'Tracking',
    display: { label, description },
    operation: {
      inputFields: trackingInputFields(mode, accept),
      perform: (z: ZObject, bundle: Bundle) => performTracking(z, bundle, { mode, accept }),
      sample: TRACKING_RESULT_SAMPLE as unknown as Record<string, unknown>,
      outputFields: TRACKING_RESULT_FIELDS,
    },
  };
}

export type { Order };
