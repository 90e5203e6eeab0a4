/**
 * sync_tracking on a Stripe payment: one PaymentIntent update when anything differs, none when
 * the payment already holds the set. The numbers and carriers are kept the way add_tracking stores them
 * (sync/tracking/plan.ts `stripeTrackingParams`: shipping hash re-sent whole, several numbers comma-joined),
 * the shipment status in `metadata.tracking_status` (read.ts). Without remove_others, the numbers the payment
 * holds and the shop did not list stay, joined with the shop's; with it, the shop's set replaces them.
 * Dispute evidence as in add_tracking.
 */
import type { StripeApi } from '../../gateways/stripe';
import { stripeOrderFrom } from '../orders/load';
import type { ResolvedStripeOrder } from '../orders/resolve';
import { sameNumber } from '../../carriers/numbers';
import { findTracking, NotTrackableError, trackingUrlFor } from '../tracking/plan';
import { MISSING_SHIPPING_MESSAGE, stripeTrackingParams, type StripeTrackingEntry } from '../tracking/plan-stripe';
import { evidenceAfterTracking, shippingFor } from '../tracking/write-stripe';
import { planSync, type HeldTracking, type SyncPlan, type WantedTracking } from './compare';
import { syncRows, wantedTrackings, type SyncInput } from './plan';
import { heldOf, stripeStatusMetadata } from './read';
import { syncResult, type SyncResult } from './result';

interface Written extends StripeTrackingEntry {
  status: string;
}

/** What the payment holds after the sync: the live numbers in their order (the shop's version where listed), then the new ones. */
function entriesAfter(
  resolved: ResolvedStripeOrder,
  held: readonly HeldTracking[],
  wanted: readonly WantedTracking[],
  plan: SyncPlan,
): Written[] {
  const asWritten = (w: WantedTracking): Written => ({
    tracking_number: w.tracking_number,
    carrier_name: w.carrier_name,
    tracking_url: w.tracking_url,
    status: w.status,
  });
  const kept = (h: HeldTracking): Written => {
    // The payment's own carrier text, as add_tracking wrote it (not the normalised name).
    const entry = findTracking(resolved.order.trackings, h.tracking_number);
    const carrier = entry?.carrier_name ?? null;
    return {
      tracking_number: h.tracking_number,
      carrier_name: carrier,
      tracking_url: h.tracking_url ?? trackingUrlFor(carrier, h.tracking_number),
      status: h.status,
    };
  };
  const entries: Written[] = [];
  for (const h of held.filter((x) => x.live)) {
    const w = wanted.find((x) => sameNumber(x.tracking_number, h.tracking_number));
    if (w) entries.push(asWritten(w));
    else if (!plan.cancelled.includes(h)) entries.push(kept(h));
  }
  return [...entries, ...plan.added.map(asWritten)];
}

export async function syncStripe(stripe: StripeApi, resolved: ResolvedStripeOrder, input: SyncInput): Promise<SyncResult> {
  const pi = resolved.paymentIntent;
  const label = `Stripe payment ${pi.id}`;
  const held = heldOf(resolved, input.carrier_overrides);
  const wanted = wantedTrackings(input.tracking, input.carrier_overrides, resolved.order.shipping_country);
  const plan = planSync(held, wanted, input.remove_others);
  const changed = plan.added.length + plan.corrected.length + plan.cancelled.length > 0;
  const entries = entriesAfter(resolved, held, wanted, plan);
  let after = pi;
  if (changed) {
    const shipping = await shippingFor(stripe, resolved, input);
    if (!shipping) throw new NotTrackableError(MISSING_SHIPPING_MESSAGE);
    const params = stripeTrackingParams(shipping, entries, pi.metadata);
    params.metadata = { ...params.metadata, tracking_status: stripeStatusMetadata(entries.map((e) => e.status)) };
    after = await stripe.updatePaymentIntent(pi.id, params, `syncing the tracking of ${label}`);
  }
  const dispute = await evidenceAfterTracking(stripe, resolved, entries, input, { changed, label, done: 'synced' });
  const order = stripeOrderFrom({ ...after, latest_charge: resolved.charge ?? after.latest_charge }, stripe.mode).order;
  const rows = syncRows(plan, wanted, (item) => {
    const carrier =
      'live' in item ? (findTracking(resolved.order.trackings, item.tracking_number)?.carrier_name ?? null) : item.carrier_name;
    return { tracking_number: item.tracking_number, carrier, carrier_name: carrier, tracking_url: item.tracking_url, tracker_id: null };
  });
  return syncResult(order, rows, { notify_buyer: false, dispute_evidence: dispute });
}
