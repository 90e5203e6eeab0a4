/**
 * Writing tracking to a PayPal order: a tracker added per new number; update = cancel the old
 * tracker, then add the new number; cancel = the tracker's cancel alone. Numbers already on the order
 * are not written again (`already_present`).
 */
import { sameNumber } from '../../carriers/numbers';
import type { PayPalApi } from '../../gateways/paypal';
import type { PayPalCaptureInput, PayPalOrderInput } from '../../gateways/paypal-types';
import type { Order } from '../../orders/order';
import { orderFromPayPalOrder, type PayPalTrackingNumber } from '../../orders/paypal';
import { isActive } from '../../orders/trackings';
import type { ResolvedPayPalOrder } from '../orders/resolve';
import { addTrackerOnce, PAYPAL_WRITE_CONCURRENCY, runLimited } from './add-once';
import { PartlyDoneError } from './partly-done';
import {
  activeTrackings,
  carrierInput,
  findTracking,
  NotTrackableError,
  numberToReplace,
  planTrackings,
  type PlannedTracking,
} from './plan';
import { choosePayPalCapture, newTrackerId, paypalTrackBody } from './plan-paypal';
import { trackingResult, trackingRow, type TrackingResult, type TrackingRow } from './result';
import type { TrackingInput, TrackingMode } from './input';

/** One step's writes to one PayPal order: the order as read, its numbers as they change, the trackers cancelled. */
interface PayPalWrite {
  paypal: PayPalApi;
  resolved: ResolvedPayPalOrder;
  orderId: string;
  known: PayPalTrackingNumber[];
  cancelled: Set<string>;
}

/** What an add or update changes: the number it replaces (if any), whether its tracker is cancelled, the numbers to add. */
interface AddPlan {
  mode: Exclude<TrackingMode, 'cancel'>;
  planned: PlannedTracking[];
  old: string | null;
  mustCancel: boolean;
  toAdd: PlannedTracking[];
}

const listed = (numbers: readonly string[]): string => numbers.join(', ');

/** The PayPal order with the given trackers marked CANCELLED (PATCH answers 204, without the order). */
export function withCancelled(order: PayPalOrderInput, trackerIds: ReadonlySet<string>): PayPalOrderInput {
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

/** The Order after this step's writes: `latest` (PayPal's newest answer) with the cancelled trackers marked. */
function orderAfter(write: PayPalWrite, latest: PayPalOrderInput, capture: PayPalCaptureInput | null): Order {
  return orderFromPayPalOrder(withCancelled(latest, write.cancelled), {
    environment: write.paypal.environment,
    capture,
    trackingNumbers: write.known,
  });
}

function notOnOrder(write: PayPalWrite, what: string, number: string): NotTrackableError {
  const on =
    activeTrackings(write.resolved.order.trackings)
      .map((e) => e.tracking_number)
      .join(', ') || 'none';
  return new NotTrackableError(`${what} ${number} is not on PayPal order ${write.orderId} (its tracking numbers: ${on}).`);
}

function trackerIdOf(write: PayPalWrite, number: string): string {
  const entry = findTracking(write.resolved.order.trackings, number);
  if (!entry?.tracker_id) {
    throw new NotTrackableError(
      `PayPal does not say which tracker of order ${write.orderId} holds ${number}, so it cannot be changed here; change it in your PayPal account.`,
    );
  }
  return entry.tracker_id;
}

/** Cancels the tracker that holds `number`, and remembers it is cancelled. */
async function cancelNumber(write: PayPalWrite, number: string): Promise<void> {
  const { paypal, orderId } = write;
  const trackerId = trackerIdOf(write, number);
  // Tracker ids this app reads are capture ID + number (sync/orders/load.ts); Tracking v1 names the tracker by that capture.
  const captureId = write.resolved.captures.map((c) => c.id).find((id): id is string => Boolean(id) && trackerId.startsWith(id!));
  if (!captureId) {
    throw new NotTrackableError(
      `PayPal does not say which capture of order ${orderId} tracker ${trackerId} belongs to, so it cannot be changed here; change it in your PayPal account.`,
    );
  }
  const trackingNumber = findTracking(write.resolved.order.trackings, number)?.tracking_number ?? number;
  await paypal.cancelTracker(orderId, { trackerId, captureId, trackingNumber });
  write.cancelled.add(trackerId);
  for (const n of write.known) if (n.tracker_id === trackerId) n.status = 'CANCELLED';
}

/** Cancel Tracking: the number's tracker cancelled (nothing to do when it already is). */
async function cancelPath(write: PayPalWrite, input: TrackingInput): Promise<TrackingResult> {
  const number = input.tracking_numbers[0]!;
  const entry = findTracking(write.resolved.order.trackings, number);
  if (!entry) throw notOnOrder(write, 'Tracking number', number);
  if (isActive(entry)) await cancelNumber(write, number);
  const cancelledRow: TrackingRow = {
    tracking_number: number,
    carrier: entry.carrier,
    carrier_name: entry.carrier_name,
    tracking_url: entry.tracking_url,
    result: 'cancelled',
    tracker_id: entry.tracker_id ?? null,
  };
  const order = orderAfter(write, write.resolved.paypalOrder, write.resolved.capture);
  return trackingResult(order, [cancelledRow], { notify_buyer: input.notify_buyer, dispute_evidence: 'none', result: 'cancelled' });
}

/**
 * The number an update replaces. Every tracker cancelled (e.g. by an earlier run of this update whose
 * add then failed): adding the new number completes the update. Only an order that never had tracking
 * has nothing to update.
 */
function numberReplaced(write: PayPalWrite, input: TrackingInput, planned: readonly PlannedTracking[]): string | null {
  const existing = write.resolved.order.trackings;
  const old = numberToReplace(activeTrackings(existing), input.old_tracking_number, `PayPal order ${write.orderId}`);
  if (!old && existing.length === 0) {
    throw new NotTrackableError(`PayPal order ${write.orderId} has no tracking to update: use "Add Tracking to Order" instead.`);
  }
  if (old && !findTracking(existing, old)) throw notOnOrder(write, 'Old Tracking Number', old);
  // Defaulted to the only number, which is the new one: a replay of this update, nothing to replace.
  if (!input.old_tracking_number && planned.some((p) => sameNumber(p.tracking_number, old))) return null;
  return old;
}

/** What an add or update writes, from the order as read. */
function addPlan(write: PayPalWrite, input: TrackingInput, mode: AddPlan['mode']): AddPlan {
  const existing = write.resolved.order.trackings;
  const planned = planTrackings(input.tracking_numbers, carrierInput(input), write.resolved.order.shipping_country);
  const old = mode === 'update' ? numberReplaced(write, input, planned) : null;
  const isPresent = (p: PlannedTracking) => {
    const entry = findTracking(existing, p.tracking_number);
    return Boolean(entry && isActive(entry) && !(old && sameNumber(old, p.tracking_number)));
  };
  const oldEntry = old ? findTracking(existing, old) : undefined;
  return { mode, planned, old, mustCancel: Boolean(oldEntry && isActive(oldEntry)), toAdd: planned.filter((p) => !isPresent(p)) };
}

interface Added {
  planned: PlannedTracking;
  after: PayPalOrderInput;
  trackerId: string | null;
}

/** Adds the planned numbers; when one fails after another write of the step went through, PartlyDoneError says which. */
async function addTrackers(write: PayPalWrite, input: TrackingInput, capture: { id: string }, plan: AddPlan): Promise<Added[]> {
  const added: string[] = [];
  return runLimited(plan.toAdd, PAYPAL_WRITE_CONCURRENCY, async (p): Promise<Added> => {
    const body = paypalTrackBody(capture.id, p, { notifyBuyer: input.notify_buyer, items: input.items });
    const after = await addTrackerOnce(write.paypal, write.orderId, body);
    const trackerId = newTrackerId(write.resolved.paypalOrder, after, capture.id, p.tracking_number);
    const { tracking_number, carrier, carrier_name, tracking_url } = p;
    write.known.push({ tracking_number, carrier, carrier_name, tracking_url, status: 'SHIPPED', tracker_id: trackerId });
    added.push(p.tracking_number);
    return { planned: p, after, trackerId };
  }).catch((failure: unknown) => {
    if (!plan.mustCancel && added.length === 0) throw failure;
    const missing = plan.toAdd.map((p) => p.tracking_number).filter((n) => !added.includes(n));
    const done = [plan.mustCancel ? `the old tracking number ${plan.old} was cancelled` : '', added.length ? `${listed(added)} added` : '']
      .filter(Boolean)
      .join(' and ');
    throw new PartlyDoneError(
      `Partly done on PayPal order ${write.orderId}: ${done}, but ${listed(missing)} not added yet. ` +
        `Running this step again adds ${listed(missing)} and changes nothing else. What failed:`,
      failure,
    );
  });
}

export async function writePayPal(
  paypal: PayPalApi,
  resolved: ResolvedPayPalOrder,
  input: TrackingInput,
  mode: TrackingMode,
): Promise<TrackingResult> {
  const write: PayPalWrite = {
    paypal,
    resolved,
    orderId: resolved.paypalOrder.id!,
    known: resolved.trackingNumbers.map((n) => ({ ...n })),
    cancelled: new Set<string>(),
  };
  if (mode === 'cancel') return cancelPath(write, input);

  const capture = choosePayPalCapture(resolved.paypalOrder, { requestedCaptureId: resolved.requestedCaptureId, items: input.items });
  const plan = addPlan(write, input, mode);
  if (plan.mustCancel) await cancelNumber(write, plan.old!);
  const responses = await addTrackers(write, input, capture, plan);

  // Each answer is the whole order; the one with the most trackers saw every write that finished before it.
  const latest = responses.map((r) => r.after).sort((a, b) => trackerCount(b) - trackerCount(a))[0] ?? resolved.paypalOrder;
  const outcome = mode === 'update' ? 'replaced' : 'added';
  const rows = plan.planned.map((p) => {
    const written = responses.find((r) => r.planned === p);
    return written
      ? trackingRow(p, outcome, written.trackerId)
      : trackingRow(p, 'already_present', findTracking(resolved.order.trackings, p.tracking_number)?.tracker_id ?? null);
  });
  return trackingResult(orderAfter(write, latest, capture), rows, {
    notify_buyer: input.notify_buyer,
    dispute_evidence: 'none',
    result: plan.mustCancel || responses.length ? outcome : 'already_present',
  });
}
