/**
 * Writing tracking to one resolved order (docs/architecture.md#exactly-once): what the five tracking actions do once the
 * input is valid, the order resolved and the lock held. Compares with the tracking the order already
 * has (same number → `already_present`, no write), then writes: PayPal `/track` per new number (update
 * = cancel the old tracker + add the new one; cancel = the tracker set to CANCELLED alone, by Orders v2
 * PATCH or Tracking v1 PUT as gateways/paypal.ts `trackerEndpoint` decides), Stripe one PaymentIntent update
 * with the shipping hash re-sent, plus dispute evidence. Takes the typed gateway APIs; never touches `z`
 * (problems are thrown as NotTrackableError and gateway errors pass through).
 *
 * Several writes in one step (PayPal update = cancel + add, several numbers, Stripe tracking + dispute
 * evidence): when a later write fails after an earlier one succeeded, PartlyDoneError says what is
 * done and what is not, with the gateway's error. Each write is planned from the order as read, so
 * running the step again does only what is missing: an update whose cancel went through adds the new
 * number even though the order then has no active tracker left to "update".
 *
 *   writeTracking(gateways, resolved, input, mode): TrackingResult
 *   readOrderAgain(gateways, resolved): ResolvedOrder        after waiting for another call's lock
 */
import pLimit from 'p-limit';
import type { Gateways } from '../../gateways';
import { isOutcomeUnknown } from '../../gateways/errors';
import type { PayPalApi, PayPalTrackRequest } from '../../gateways/paypal';
import type { Stripe, StripeApi } from '../../gateways/stripe';
import { loadPayPalOrder, loadStripeOrder, stripeOrderFrom } from '../orders/load';
import type { TrackingEntry } from '../../orders/order';
import type { PayPalOrderInput } from '../../gateways/paypal-types';
import { orderFromPayPalOrder, type PayPalTrackingNumber } from '../../orders/paypal';
import type { ResolvedOrder, ResolvedPayPalOrder, ResolvedStripeOrder } from '../orders/resolve';
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
  type DisputeEvidenceChoice,
  type DisputeEvidenceOutcome,
  type ShippingFieldsInput,
  type TrackItem,
  type PlannedTracking,
  type StripeTrackingEntry,
} from './plan';
import { trackingResult, type TrackingResult, type TrackingRow } from './result';

export type TrackingMode = 'add' | 'update' | 'cancel';

/** A tracking action's input after validation (fields/tracking.ts). */
export interface TrackingInput extends ShippingFieldsInput {
  order: string;
  tracking_numbers: string[];
  old_tracking_number?: string;
  carrier?: string;
  carrier_name?: string;
  tracking_url?: string;
  notify_buyer: boolean;
  items: TrackItem[];
  carrier_overrides?: Record<string, string>;
  dispute_evidence: DisputeEvidenceChoice;
}

/** PayPal tracker writes in flight at once: fast enough for 50 numbers, gentle on PayPal's unpublished limits. */
export const PAYPAL_WRITE_CONCURRENCY = 5;

export const carrierInput = (input: TrackingInput) => ({
  carrier: input.carrier,
  carrier_name: input.carrier_name,
  tracking_url: input.tracking_url,
  overrides: input.carrier_overrides,
});

/** Runs writes with bounded concurrency; lets every started write finish, then reports the first failure. */
async function runLimited<T, R>(items: readonly T[], limit: number, write: (item: T) => Promise<R>): Promise<R[]> {
  const run = pLimit(limit);
  const settled = await Promise.allSettled(items.map((item) => run(() => write(item))));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<R>).value);
}

/**
 * A write failed after another write of the same step succeeded. `done` says what the gateway already
 * holds and that running the step again completes it; `failure` is the gateway's error (a z.errors.*
 * error the operation re-labels, keeping its class, so a temporary failure stays retryable).
 */
export class PartlyDoneError extends Error {
  constructor(
    readonly done: string,
    readonly failure: unknown,
  ) {
    super(`${done} ${(failure as Error)?.message ?? String(failure)}`);
    this.name = 'PartlyDoneError';
  }
}

const listed = (numbers: readonly string[]): string => numbers.join(', ');

function row(planned: PlannedTracking, result: TrackingRow['result'], trackerId: string | null = null): TrackingRow {
  return {
    tracking_number: planned.tracking_number,
    carrier: planned.carrier,
    carrier_name: planned.carrier_name,
    tracking_url: planned.tracking_url,
    result,
    tracker_id: trackerId,
  };
}

// ---------------------------------------------------------------- PayPal

/**
 * One tracker added, at most once. PayPal declares no PayPal-Request-Id on /track, so when the answer
 * is lost (dropped, timed out, unreadable) the write is not re-sent blindly: the order is read, and the
 * number sent again only when it is not on the order. If that read fails too, the original retryable
 * error stands and Zapier's retry reads the order first.
 */
async function addTrackerOnce(paypal: PayPalApi, orderId: string, body: PayPalTrackRequest): Promise<PayPalOrderInput> {
  try {
    return await paypal.addTracker(orderId, body, { resend: false });
  } catch (error) {
    if (!isOutcomeUnknown(error)) throw error;
    const loaded = await loadPayPalOrder(paypal, orderId).catch(() => null);
    if (!loaded) throw error;
    const there = loaded.trackingNumbers.some((n) => n.status !== 'CANCELLED' && sameNumber(n.tracking_number, body.tracking_number ?? ''));
    return there ? loaded.paypalOrder : paypal.addTracker(orderId, body, { resend: false });
  }
}

/** The PayPal order with the given trackers marked CANCELLED (the cancel answers 204, without the order). */
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

async function writePayPal(
  paypal: PayPalApi,
  resolved: ResolvedPayPalOrder,
  input: TrackingInput,
  mode: TrackingMode,
): Promise<TrackingResult> {
  const orderId = resolved.paypalOrder.id!;
  const existing = resolved.order.trackings;
  const notify = { notify_buyer: input.notify_buyer, dispute_evidence: 'none' as const };
  const cancelled = new Set<string>();
  const known: PayPalTrackingNumber[] = resolved.trackingNumbers.map((n) => ({ ...n }));
  const trackerIdOf = (number: string): string => {
    const entry = findTracking(existing, number);
    if (!entry?.tracker_id) {
      throw new NotTrackableError(
        `PayPal does not say which tracker of order ${orderId} holds ${number}, so it cannot be changed here; change it in your PayPal account.`,
      );
    }
    return entry.tracker_id;
  };
  const cancel = async (number: string) => {
    const trackerId = trackerIdOf(number);
    // Tracker ids this app reads are capture ID + number (sync/orders/load.ts); Tracking v1 names the tracker by that capture.
    const captureId = resolved.captures.map((c) => c.id).find((id): id is string => Boolean(id) && trackerId.startsWith(id!));
    if (!captureId) {
      throw new NotTrackableError(
        `PayPal does not say which capture of order ${orderId} tracker ${trackerId} belongs to, so it cannot be changed here; change it in your PayPal account.`,
      );
    }
    await paypal.cancelTracker(orderId, {
      trackerId,
      captureId,
      trackingNumber: findTracking(existing, number)?.tracking_number ?? number,
    });
    cancelled.add(trackerId);
    for (const n of known) if (n.tracker_id === trackerId) n.status = 'CANCELLED';
  };

  if (mode === 'cancel') {
    const number = input.tracking_numbers[0]!;
    const entry = findTracking(existing, number);
    if (!entry) {
      const on =
        activeTrackings(existing)
          .map((e) => e.tracking_number)
          .join(', ') || 'none';
      throw new NotTrackableError(`Tracking number ${number} is not on PayPal order ${orderId} (its tracking numbers: ${on}).`);
    }
    if (isActive(entry)) await cancel(number);
    const capture = resolved.capture;
    const order = orderFromPayPalOrder(withCancelled(resolved.paypalOrder, cancelled), {
      environment: paypal.environment,
      capture,
      trackingNumbers: known,
    });
    const cancelledRow: TrackingRow = {
      tracking_number: number,
      carrier: entry.carrier,
      carrier_name: entry.carrier_name,
      tracking_url: entry.tracking_url,
      result: 'cancelled',
      tracker_id: entry.tracker_id ?? null,
    };
    return trackingResult(order, [cancelledRow], { ...notify, result: 'cancelled' });
  }

  const capture = choosePayPalCapture(resolved.paypalOrder, { requestedCaptureId: resolved.requestedCaptureId, items: input.items });
  const planned = planTrackings(input.tracking_numbers, carrierInput(input), resolved.order.shipping_country);
  let old: string | null = null;
  if (mode === 'update') {
    old = numberToReplace(activeTrackings(existing), input.old_tracking_number, `PayPal order ${orderId}`);
    // Every tracker cancelled (e.g. by an earlier run of this update whose add then failed): adding the
    // new number completes the update. Only an order that never had tracking has nothing to update.
    if (!old && existing.length === 0)
      throw new NotTrackableError(`PayPal order ${orderId} has no tracking to update: use "Add Tracking to Order" instead.`);
    if (old && !findTracking(existing, old)) {
      const on =
        activeTrackings(existing)
          .map((e) => e.tracking_number)
          .join(', ') || 'none';
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
  const added: string[] = [];
  const responses = await runLimited(toAdd, PAYPAL_WRITE_CONCURRENCY, async (p) => {
    const after = await addTrackerOnce(
      paypal,
      orderId,
      paypalTrackBody(capture.id, p, { notifyBuyer: input.notify_buyer, items: input.items }),
    );
    const trackerId = newTrackerId(resolved.paypalOrder, after, capture.id, p.tracking_number);
    known.push({
      tracking_number: p.tracking_number,
      carrier: p.carrier,
      carrier_name: p.carrier_name,
      tracking_url: p.tracking_url,
      status: 'SHIPPED',
      tracker_id: trackerId,
    });
    added.push(p.tracking_number);
    return { planned: p, after, trackerId };
  }).catch((failure: unknown) => {
    if (!mustCancel && added.length === 0) throw failure;
    const missing = toAdd.map((p) => p.tracking_number).filter((n) => !added.includes(n));
    const done = [mustCancel ? `the old tracking number ${old} was cancelled` : '', added.length ? `${listed(added)} added` : '']
      .filter(Boolean)
      .join(' and ');
    throw new PartlyDoneError(
      `Partly done on PayPal order ${orderId}: ${done}, but ${listed(missing)} not added yet. ` +
        `Running this step again adds ${listed(missing)} and changes nothing else. What failed:`,
      failure,
    );
  });
  // Each answer is the whole order; the one with the most trackers saw every write that finished before it.
  const latest = responses.map((r) => r.after).sort((a, b) => trackerCount(b) - trackerCount(a))[0] ?? resolved.paypalOrder;
  const order = orderFromPayPalOrder(withCancelled(latest, cancelled), {
    environment: paypal.environment,
    capture,
    trackingNumbers: known,
  });
  const rows = planned.map((p) => {
    const written = responses.find((r) => r.planned === p);
    return written
      ? row(p, outcome, written.trackerId)
      : row(p, 'already_present', findTracking(existing, p.tracking_number)?.tracker_id ?? null);
  });
  return trackingResult(order, rows, { ...notify, result: mustCancel || responses.length ? outcome : 'already_present' });
}

// ---------------------------------------------------------------- Stripe

const todayUtc = () => new Date().toISOString().slice(0, 10);

function stripeEntry(e: TrackingEntry | PlannedTracking): StripeTrackingEntry {
  const number = e.tracking_number!;
  return {
    tracking_number: number,
    carrier_name: e.carrier_name ?? null,
    tracking_url: e.tracking_url ?? trackingUrlFor(e.carrier_name, number),
  };
}

async function shippingFor(stripe: StripeApi, resolved: ResolvedStripeOrder, input: TrackingInput) {
  const { paymentIntent: pi, charge, session } = resolved;
  const own = stripeShippingSource(
    [
      pi.shipping,
      charge?.shipping,
      session?.collected_information?.shipping_details,
      (session as { shipping_details?: never } | null)?.shipping_details,
    ],
    {},
  );
  if (own) return own;
  const fromFields = stripeShippingSource([], input);
  if (fromFields || session) return fromFields;
  // One more read, only for a payment without an address of its own: a Checkout Session may hold it.
  const sessions = await stripe.client.get<{ data: Stripe.Checkout.Session[] }>('/v1/checkout/sessions', {
    payment_intent: pi.id,
    limit: 1,
  });
  const found = sessions.data?.[0];
  return stripeShippingSource(
    [found?.collected_information?.shipping_details, (found as { shipping_details?: never } | undefined)?.shipping_details],
    {},
  );
}

async function writeDisputeEvidence(
  stripe: StripeApi,
  resolved: ResolvedStripeOrder,
  entries: StripeTrackingEntry[],
  input: TrackingInput,
): Promise<DisputeEvidenceOutcome> {
  if (input.dispute_evidence === 'none') return 'none';
  if (!resolved.charge?.disputed) return 'no_open_dispute';
  const disputes = await stripe.listDisputes({ payment_intent: resolved.paymentIntent.id, limit: 10 });
  const dispute = openDispute(disputes.data ?? []);
  if (!dispute) return 'no_open_dispute';
  const params = evidenceParams(dispute, entries, input.dispute_evidence, todayUtc());
  if (params) await stripe.updateDispute(dispute.id, params, `saving shipping evidence on Stripe dispute ${dispute.id}`);
  return input.dispute_evidence === 'submit' ? 'submitted' : 'staged';
}

async function writeStripe(
  stripe: StripeApi,
  resolved: ResolvedStripeOrder,
  input: TrackingInput,
  mode: TrackingMode,
): Promise<TrackingResult> {
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
    rows = [
      {
        tracking_number: number,
        carrier: entry?.carrier ?? null,
        carrier_name: entry?.carrier_name ?? null,
        tracking_url: entry?.tracking_url ?? null,
        result: 'cancelled',
        tracker_id: null,
      },
    ];
  } else {
    const planned = planTrackings(input.tracking_numbers, carrierInput(input), resolved.order.shipping_country).map((p) => ({
      ...p,
      carrier: p.carrier_name,
    }));
    let kept = existing;
    let replaced = false;
    if (mode === 'update') {
      const old = numberToReplace(existing, input.old_tracking_number, label);
      if (!old) throw new NotTrackableError(`${label} has no tracking to update: use "Add Tracking to Order" instead.`);
      replaced = present(old) && !planned.some((p) => sameNumber(p.tracking_number, old));
      if (!present(old) && planned.some((p) => !present(p.tracking_number))) {
        throw new NotTrackableError(
          `Old Tracking Number ${old} is not on ${label} (its tracking numbers: ${existing.map((e) => e.tracking_number).join(', ') || 'none'}).`,
        );
      }
      kept = existing.filter((e) => !sameNumber(e.tracking_number, old));
    }
    const missing = planned.filter((p) => !present(p.tracking_number));
    entries = [
      ...kept.map(stripeEntry),
      ...planned.filter((p) => !kept.some((e) => sameNumber(e.tracking_number, p.tracking_number))).map(stripeEntry),
    ];
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
  const dispute =
    mode === 'cancel'
      ? 'none'
      : await writeDisputeEvidence(stripe, resolved, entries, input).catch((failure: unknown) => {
          if (!changed) throw failure;
          throw new PartlyDoneError(
            `Partly done on ${label}: the tracking was saved, but the shipping evidence on its dispute was not saved yet. ` +
              'Running this step again saves the evidence and does not write the tracking twice. What failed:',
            failure,
          );
        });
  const order = stripeOrderFrom(
    { ...after, latest_charge: resolved.charge ?? after.latest_charge } as Stripe.PaymentIntent,
    stripe.mode,
  ).order;
  const result = mode === 'cancel' ? 'cancelled' : changed ? (mode === 'update' ? 'replaced' : 'added') : 'already_present';
  return trackingResult(order, rows, { notify_buyer: false, dispute_evidence: dispute, result });
}

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
