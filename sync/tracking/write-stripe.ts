/**
 * Writing tracking to a Stripe payment: one PaymentIntent update holding every number, with the
 * shipping hash re-sent (Stripe stores tracking only with a name and address), plus the shipping
 * evidence on an open dispute when asked.
 */
import { sameNumber } from '../../carriers/numbers';
import type { Stripe, StripeApi } from '../../gateways/stripe';
import type { TrackingEntry } from '../../orders/order';
import { stripeOrderFrom } from '../orders/load';
import type { ResolvedStripeOrder } from '../orders/resolve';
import { PartlyDoneError } from './partly-done';
import {
  activeTrackings,
  carrierInput,
  findTracking,
  NotTrackableError,
  numberToReplace,
  planTrackings,
  trackingUrlFor,
  type DisputeEvidenceOutcome,
  type PlannedTracking,
  type ShippingFieldsInput,
} from './plan';
import {
  evidenceParams,
  MISSING_SHIPPING_MESSAGE,
  openDispute,
  stripeShippingSource,
  stripeTrackingParams,
  type StripeTrackingEntry,
} from './plan-stripe';
import { trackingResult, trackingRow, type TrackingResult, type TrackingRow } from './result';
import type { TrackingInput, TrackingMode } from './input';

/** What one step changes on the payment: the numbers it will hold, the result rows, whether anything changes. */
interface StripeChange {
  entries: StripeTrackingEntry[];
  rows: TrackingRow[];
  changed: boolean;
}

const todayUtc = () => new Date().toISOString().slice(0, 10);

function stripeEntry(e: TrackingEntry | PlannedTracking): StripeTrackingEntry {
  const number = e.tracking_number!;
  return {
    tracking_number: number,
    carrier_name: e.carrier_name ?? null,
    tracking_url: e.tracking_url ?? trackingUrlFor(e.carrier_name, number),
  };
}

/** Name and address to re-send: the payment's own, its Checkout Session's, the step's fields — in that order. */
export async function shippingFor(stripe: StripeApi, resolved: ResolvedStripeOrder, input: ShippingFieldsInput) {
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
  const found = await stripe.findCheckoutSessionOf(pi.id);
  return stripeShippingSource(
    [found?.collected_information?.shipping_details, (found as { shipping_details?: never } | null)?.shipping_details],
    {},
  );
}

async function writeDisputeEvidence(
  stripe: StripeApi,
  resolved: ResolvedStripeOrder,
  entries: StripeTrackingEntry[],
  input: Pick<TrackingInput, 'dispute_evidence'>,
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

/**
 * The dispute evidence after the tracking write of the same step. When the tracking was written (`changed`)
 * and the evidence then fails, PartlyDoneError says so: running the step again saves only the evidence.
 */
export function evidenceAfterTracking(
  stripe: StripeApi,
  resolved: ResolvedStripeOrder,
  entries: StripeTrackingEntry[],
  input: Pick<TrackingInput, 'dispute_evidence'>,
  step: { changed: boolean; label: string; done: string },
): Promise<DisputeEvidenceOutcome> {
  return writeDisputeEvidence(stripe, resolved, entries, input).catch((failure: unknown) => {
    if (!step.changed) throw failure;
    throw new PartlyDoneError(
      `Partly done on ${step.label}: the tracking was ${step.done}, but the shipping evidence on its dispute was not saved yet. ` +
        'Running this step again saves the evidence and does not write the tracking twice. What failed:',
      failure,
    );
  });
}

/** Cancel Tracking: every number but this one stays. */
function cancelChange(existing: readonly TrackingEntry[], number: string): StripeChange {
  const entry = findTracking(existing, number);
  const row: TrackingRow = {
    tracking_number: number,
    carrier: entry?.carrier ?? null,
    carrier_name: entry?.carrier_name ?? null,
    tracking_url: entry?.tracking_url ?? null,
    result: 'cancelled',
    tracker_id: null,
  };
  return { entries: existing.filter((e) => !sameNumber(e.tracking_number, number)).map(stripeEntry), rows: [row], changed: Boolean(entry) };
}

/** Add or update: the numbers kept (all but the replaced one), then the new ones. */
function addChange(
  resolved: ResolvedStripeOrder,
  input: TrackingInput,
  mode: Exclude<TrackingMode, 'cancel'>,
  label: string,
): StripeChange {
  const existing = activeTrackings(resolved.order.trackings);
  const present = (number: string) => existing.some((e) => sameNumber(e.tracking_number, number));
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
  const added = planned.filter((p) => !kept.some((e) => sameNumber(e.tracking_number, p.tracking_number)));
  const outcome = mode === 'update' ? 'replaced' : 'added';
  return {
    entries: [...kept.map(stripeEntry), ...added.map(stripeEntry)],
    rows: planned.map((p) => trackingRow(p, present(p.tracking_number) ? 'already_present' : outcome)),
    changed: planned.some((p) => !present(p.tracking_number)) || replaced,
  };
}

/** The PaymentIntent update (shipping re-sent with the numbers); the PaymentIntent as it is after. */
async function saveTracking(
  stripe: StripeApi,
  resolved: ResolvedStripeOrder,
  input: TrackingInput,
  entries: StripeTrackingEntry[],
  verb: string,
): Promise<Stripe.PaymentIntent> {
  const pi = resolved.paymentIntent;
  const shipping = await shippingFor(stripe, resolved, input);
  if (!shipping) throw new NotTrackableError(MISSING_SHIPPING_MESSAGE);
  return stripe.updatePaymentIntent(pi.id, stripeTrackingParams(shipping, entries, pi.metadata), `${verb} Stripe payment ${pi.id}`);
}

export async function writeStripe(
  stripe: StripeApi,
  resolved: ResolvedStripeOrder,
  input: TrackingInput,
  mode: TrackingMode,
): Promise<TrackingResult> {
  const pi = resolved.paymentIntent;
  const label = `Stripe payment ${pi.id}`;
  const { entries, rows, changed } =
    mode === 'cancel'
      ? cancelChange(activeTrackings(resolved.order.trackings), input.tracking_numbers[0]!)
      : addChange(resolved, input, mode, label);

  const after = changed
    ? await saveTracking(stripe, resolved, input, entries, mode === 'cancel' ? 'removing tracking from' : 'adding tracking to')
    : pi;
  const dispute =
    mode === 'cancel' ? 'none' : await evidenceAfterTracking(stripe, resolved, entries, input, { changed, label, done: 'saved' });
  const order = stripeOrderFrom({ ...after, latest_charge: resolved.charge ?? after.latest_charge }, stripe.mode).order;
  const result = mode === 'cancel' ? 'cancelled' : changed ? (mode === 'update' ? 'replaced' : 'added') : 'already_present';
  return trackingResult(order, rows, { notify_buyer: false, dispute_evidence: dispute, result });
}
