/**
 * sync_tracking on a PayPal order:
 *
 *   held                 shop says           write
 *   nothing / cancelled  N                   POST /v2/checkout/orders/{id}/track (+ Tracking v1 PUT when N's status is not `shipped`)
 *   N, same carrier+status                   nothing (kept)
 *   N, other carrier or status               PUT /v1/shipping/trackers/{capture}-{N} in place (corrected)
 *   M live, not in the set, remove_others    cancel M: Orders v2 PATCH when its tracker id fits Orders v2, else the v1 PUT
 *
 * A number held only as cancelled is added again with POST /track rather than re-activated by a v1 PUT:
 * Orders v2's PATCH cannot undo a cancel, PayPal asks Orders v2 integrations to use Orders v2 where it can do
 * the job, and it is what add_tracking does with such a number (the sandbox, like PayPal's docs, accepts it).
 * Cancels go first, then adds and corrections, PAYPAL_WRITE_CONCURRENCY at a time. When a write fails after
 * another succeeded, PartlyDoneError says what is done and what is not; running the step again plans from
 * the order as it then is, so it does only what is missing.
 */
import { trackerEndpoint, type PayPalApi } from '../../gateways/paypal';
import type { PayPalOrderInput } from '../../gateways/paypal-types';
import type { Order } from '../../orders/order';
import { orderFromPayPalOrder, type PayPalTrackingNumber } from '../../orders/paypal';
import type { ResolvedPayPalOrder } from '../orders/resolve';
import { sameNumber } from '../../carriers/numbers';
import { isActive } from '../../orders/trackings';
import { choosePayPalCapture, newTrackerId, paypalTrackBody } from '../tracking/plan-paypal';
import { addTrackerOnce, PAYPAL_WRITE_CONCURRENCY, runLimited } from '../tracking/add-once';
import { PartlyDoneError } from '../tracking/partly-done';
import { withCancelled } from '../tracking/write-paypal';
import { DEFAULT_SHIPMENT_STATUS, planSync, type CarrierCode, type HeldTracking, type SyncPlan, type WantedTracking } from './compare';
import { syncRows, wantedTrackings, type SyncInput } from './plan';
import { heldOf } from './read';
import { syncResult, type SyncResult } from './result';

const carrierFields = (carrier: CarrierCode | null) =>
  !carrier
    ? {}
    : carrier.code === 'OTHER'
      ? { carrier: 'OTHER', carrier_name_other: carrier.name.slice(0, 64) }
      : { carrier: carrier.code };

interface Done {
  cancelled: string[];
  added: string[];
  corrected: string[];
  /** Added numbers whose status was then set (not `shipped`). */
  statusSet: string[];
}

function partlyDone(orderId: string, plan: SyncPlan, done: Done, failure: unknown): unknown {
  const doneText = [
    ...done.cancelled.map((n) => `${n} cancelled`),
    ...done.added.map((n) => `${n} added`),
    ...done.corrected.map((n) => `${n} corrected`),
  ];
  if (doneText.length === 0) return failure;
  const not = (list: string[], n: string) => !list.some((d) => sameNumber(d, n));
  const pending = [
    ...plan.cancelled.filter((h) => not(done.cancelled, h.tracking_number)).map((h) => `${h.tracking_number} not cancelled`),
    ...plan.added.filter((w) => not(done.added, w.tracking_number)).map((w) => `${w.tracking_number} not added`),
    ...plan.added
      .filter((w) => w.status !== DEFAULT_SHIPMENT_STATUS && !not(done.added, w.tracking_number) && not(done.statusSet, w.tracking_number))
      .map((w) => `the status of ${w.tracking_number} not set to ${w.status}`),
    ...plan.corrected.filter((c) => not(done.corrected, c.held.tracking_number)).map((c) => `${c.held.tracking_number} not corrected`),
  ];
  return new PartlyDoneError(
    `Partly done on PayPal order ${orderId}: ${doneText.join(', ')}, but ${pending.join(', ')} yet. ` +
      'Running this step again completes it and changes nothing else. What failed:',
    failure,
  );
}

/** The writes of one sync on one PayPal order, and what they leave (for the Order after them and PartlyDoneError). */
class PayPalSync {
  readonly done: Done = { cancelled: [], added: [], corrected: [], statusSet: [] };
  /** The order's numbers as the writes leave them. */
  private readonly known: PayPalTrackingNumber[];
  private readonly cancelledIds = new Set<string>();
  private readonly answers: PayPalOrderInput[] = [];
  private readonly orderId: string;

  constructor(
    private readonly paypal: PayPalApi,
    private readonly resolved: ResolvedPayPalOrder,
    private readonly captureId: string,
    private readonly notifyBuyer: boolean,
  ) {
    this.orderId = resolved.paypalOrder.id!;
    this.known = resolved.trackingNumbers.map((n) => ({ ...n }));
  }

  /** The capture a held tracker belongs to: the one its id starts with, else the one this sync tracks. */
  private captureOf(h: HeldTracking): string {
    return this.resolved.captures.find((c) => c.id && h.tracker_id?.startsWith(c.id))?.id ?? this.captureId;
  }

  private put(captureId: string, number: string, status: string, carrier: CarrierCode | null): Promise<void> {
    return this.paypal.putTracker(captureId, {
      transaction_id: captureId,
      tracking_number: number,
      status: status.toUpperCase(),
      ...carrierFields(carrier),
    });
  }

  private update(number: string, change: Partial<PayPalTrackingNumber>): void {
    for (const n of this.known) if (sameNumber(n.tracking_number, number) && isActive(n)) Object.assign(n, change);
  }

  async cancel(h: HeldTracking): Promise<void> {
    // A tracker Orders v2 can name goes through the gateway's own choice of endpoint; one known only from
    // Tracking v1 (no Orders v2 id) is cancelled there, with the carrier this sync already read.
    if (h.tracker_id && trackerEndpoint(h.tracker_id) === 'orders_v2_patch') {
      await this.paypal.cancelTracker(this.orderId, {
        trackerId: h.tracker_id,
        captureId: this.captureOf(h),
        trackingNumber: h.tracking_number,
      });
    } else await this.put(this.captureOf(h), h.tracking_number, 'CANCELLED', h.carrier);
    if (h.tracker_id) this.cancelledIds.add(h.tracker_id);
    this.update(h.tracking_number, { status: 'CANCELLED' });
    this.done.cancelled.push(h.tracking_number);
  }

  async correct({ held, wanted }: SyncPlan['corrected'][number]): Promise<void> {
    await this.put(this.captureOf(held), held.tracking_number, wanted.status, { code: wanted.carrier, name: wanted.carrier_name });
    this.update(held.tracking_number, { carrier: wanted.carrier, carrier_name: wanted.carrier_name, status: wanted.status.toUpperCase() });
    this.done.corrected.push(held.tracking_number);
  }

  async add(w: WantedTracking): Promise<void> {
    const body = paypalTrackBody(this.captureId, w, { notifyBuyer: this.notifyBuyer });
    const after = await addTrackerOnce(this.paypal, this.orderId, body);
    this.answers.push(after);
    const trackerId = newTrackerId(this.resolved.paypalOrder, after, this.captureId, w.tracking_number);
    const { tracking_number, carrier, carrier_name, tracking_url } = w;
    this.known.push({ tracking_number, carrier, carrier_name, tracking_url, status: 'SHIPPED', tracker_id: trackerId });
    this.done.added.push(w.tracking_number);
    if (w.status === DEFAULT_SHIPMENT_STATUS) return;
    await this.put(this.captureId, w.tracking_number, w.status, { code: w.carrier, name: w.carrier_name });
    this.update(w.tracking_number, { status: w.status.toUpperCase() });
    this.done.statusSet.push(w.tracking_number);
  }

  trackerIdOf(number: string): string | null {
    return this.known.find((n) => sameNumber(n.tracking_number, number) && isActive(n))?.tracker_id ?? null;
  }

  /** The Order after the writes: each /track answer is the whole order, the one with most trackers saw every add before it. */
  orderAfter(): Order {
    const count = (o: PayPalOrderInput) => (o.purchase_units ?? []).reduce((n, u) => n + (u.shipping?.trackers?.length ?? 0), 0);
    const latest = [...this.answers].sort((a, b) => count(b) - count(a))[0] ?? this.resolved.paypalOrder;
    return orderFromPayPalOrder(withCancelled(latest, this.cancelledIds), {
      environment: this.paypal.environment,
      capture: this.resolved.capture,
      trackingNumbers: this.known,
    });
  }
}

export async function syncPayPal(paypal: PayPalApi, resolved: ResolvedPayPalOrder, input: SyncInput): Promise<SyncResult> {
  const wanted = wantedTrackings(input.tracking, input.carrier_overrides, resolved.order.shipping_country);
  const plan = planSync(heldOf(resolved, input.carrier_overrides), wanted, input.remove_others);
  // The capture to write to, checked trackable only when there is something to write (a replay of a sync on a
  // since refunded order still answers in_sync).
  const writing = plan.added.length + plan.corrected.length + plan.cancelled.length > 0;
  const captureId = writing
    ? choosePayPalCapture(resolved.paypalOrder, { requestedCaptureId: resolved.requestedCaptureId }).id
    : (resolved.capture?.id ?? '');
  const sync = new PayPalSync(paypal, resolved, captureId, input.notify_buyer);
  try {
    await runLimited(plan.cancelled, PAYPAL_WRITE_CONCURRENCY, (h) => sync.cancel(h));
    const writes = [...plan.corrected.map((c) => () => sync.correct(c)), ...plan.added.map((w) => () => sync.add(w))];
    await runLimited(writes, PAYPAL_WRITE_CONCURRENCY, (write) => write());
  } catch (failure) {
    throw partlyDone(resolved.paypalOrder.id!, plan, sync.done, failure);
  }
  const rows = syncRows(plan, wanted, (item) =>
    'live' in item
      ? { ...rowFields(item), carrier: item.carrier?.code ?? null, carrier_name: item.carrier?.name ?? null, tracker_id: item.tracker_id }
      : { ...rowFields(item), carrier: item.carrier, carrier_name: item.carrier_name, tracker_id: sync.trackerIdOf(item.tracking_number) },
  );
  return syncResult(sync.orderAfter(), rows, { notify_buyer: input.notify_buyer, dispute_evidence: 'none' });
}

const rowFields = (item: { tracking_number: string; tracking_url: string | null }) => ({
  tracking_number: item.tracking_number,
  tracking_url: item.tracking_url,
});
