/**
 * Reconcile: what a gateway holds for one order against what the shop shipped. Pure: no I/O.
 *
 *   heldTrackings(entries, statusOf, overrides?): HeldTracking[]   the order's trackers, carriers by code
 *   compareWithShop(held, expected): TrackingDiff                    check_tracking's lists and `agrees`
 *   planSync(held, wanted, removeOthers): SyncPlan                   sync_tracking's fewest writes
 *   liveNumbersAgree(a, b)                                           the same live numbers in two gateways
 *
 * Numbers compare after normalisation (sameNumber: upper case, no spaces); carriers by code after the
 * carrier module's normalisation, and an `OTHER` carrier by its name as well. A tracker whose status is
 * CANCELLED (any case) is not live.
 */
import { normalizeCarrier } from '../../carriers/carriers';
import type { TrackingEntry } from '../../orders/order';
import { sameNumber } from '../../carriers/numbers';
import { isActive } from '../../orders/trackings';
import type { PlannedTracking } from '../tracking/plan';

/** The shop's shipment states (`shipped` by default); PayPal Tracking v1 has each in upper case. */
export const SHIPMENT_STATUSES = ['shipped', 'in_transit', 'delivered', 'on_hold', 'returned'] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];
export const DEFAULT_SHIPMENT_STATUS: ShipmentStatus = 'shipped';

export interface CarrierCode {
  /** PayPal carrier code (`OTHER` for a carrier PayPal does not list). */
  code: string;
  /** Display name; for `OTHER` the merchant's own name, which then tells two carriers apart. */
  name: string;
}

/** One tracker the gateway holds. */
export interface HeldTracking {
  tracking_number: string;
  carrier: CarrierCode | null;
  tracking_url: string | null;
  /** Lower case as the shop says it (`shipped`, `delivered`, …); `cancelled` when not live. */
  status: string;
  live: boolean;
  tracker_id: string | null;
}

/** One tracking number as the shop wants it held. */
export interface WantedTracking extends PlannedTracking {
  status: ShipmentStatus;
}

/** A tracking entry's carrier as a code: PayPal's code, or the gateway's text (Stripe) normalised. */
export function carrierCode(
  text: string | null | undefined,
  name: string | null | undefined,
  overrides?: Record<string, unknown> | null,
): CarrierCode | null {
  if (!text?.trim()) return null;
  if (text.trim().toUpperCase() === 'OTHER') return { code: 'OTHER', name: name?.trim() || 'Other' };
  const found = normalizeCarrier(text, { overrides });
  return found && { code: found.code, name: found.code === 'OTHER' ? found.name : name?.trim() || found.name };
}

export function sameCarrier(a: CarrierCode | null, b: CarrierCode | null): boolean {
  if (!a || !b || a.code !== b.code) return false;
  return a.code !== 'OTHER' || a.name.trim().toLowerCase() === b.name.trim().toLowerCase();
}

/**
 * The order's trackers with a carrier code and a status each. `statusOf` gives the shipment status the
 * gateway keeps apart from the Order (PayPal Tracking v1, Stripe metadata); a tracker the Order shows as
 * cancelled stays cancelled, and one whose status nobody states was shipped (that is what adding it said).
 */
export function heldTrackings(
  entries: readonly TrackingEntry[],
  statusOf: (number: string) => string | null | undefined,
  overrides?: Record<string, unknown> | null,
): HeldTracking[] {
  return entries
    .filter((e): e is TrackingEntry & { tracking_number: string } => Boolean(e.tracking_number))
    .map((entry) => {
      const status = (isActive(entry) ? (statusOf(entry.tracking_number) ?? entry.status ?? DEFAULT_SHIPMENT_STATUS) : 'cancelled')
        .trim()
        .toLowerCase();
      return {
        tracking_number: entry.tracking_number,
        carrier: carrierCode(entry.carrier, entry.carrier_name, overrides),
        tracking_url: entry.tracking_url,
        status,
        live: status !== 'cancelled',
        tracker_id: entry.tracker_id ?? null,
      };
    });
}

const liveOf = (held: readonly HeldTracking[]) => held.filter((h) => h.live);
const holds = (list: readonly { tracking_number: string }[], number: string) => list.some((h) => sameNumber(h.tracking_number, number));

/** What the shop expects of one order: its numbers, and the carrier when the shop says it. */
export interface ExpectedTracking {
  numbers: readonly string[];
  carrier: CarrierCode | null;
}

export interface TrackingDiff {
  /** Expected, and not live on the gateway. */
  missing: string[];
  /** Live on the gateway, and not expected (empty when nothing is expected). */
  unexpected: string[];
  /** Expected and live, under another carrier than the expected one. */
  carrier_mismatch: string[];
  /** Held only as cancelled. */
  cancelled: string[];
}

export function compareWithShop(held: readonly HeldTracking[], expected: ExpectedTracking): TrackingDiff {
  const live = liveOf(held);
  const isExpected = (number: string) => expected.numbers.some((n) => sameNumber(n, number));
  const numbers = (list: readonly HeldTracking[]) => [...new Set(list.map((h) => h.tracking_number))];
  const carrier = expected.carrier;
  return {
    missing: expected.numbers.filter((n) => !holds(live, n)),
    unexpected: expected.numbers.length ? numbers(live.filter((h) => !isExpected(h.tracking_number))) : [],
    carrier_mismatch: carrier ? numbers(live.filter((h) => isExpected(h.tracking_number) && !sameCarrier(h.carrier, carrier))) : [],
    cancelled: numbers(held.filter((h) => !h.live && !holds(live, h.tracking_number))),
  };
}

export const isAgreement = (diff: TrackingDiff): boolean =>
  !diff.missing.length && !diff.unexpected.length && !diff.carrier_mismatch.length;

/** Whether two gateways hold the same live numbers. */
export function liveNumbersAgree(a: readonly HeldTracking[], b: readonly HeldTracking[]): boolean {
  const liveA = liveOf(a);
  const liveB = liveOf(b);
  return liveA.every((h) => holds(liveB, h.tracking_number)) && liveB.every((h) => holds(liveA, h.tracking_number));
}

export interface SyncPlan {
  /** Wanted numbers held exactly so, and (without remove_others) live numbers the shop did not list. */
  kept: HeldTracking[];
  /** Live under another carrier or status: changed in place. */
  corrected: Array<{ held: HeldTracking; wanted: WantedTracking }>;
  /** Not live on the gateway (absent, or held only as cancelled). */
  added: WantedTracking[];
  /** Live, not listed, and remove_others: cancelled. */
  cancelled: HeldTracking[];
}

/** The fewest changes that make the gateway hold exactly the wanted set (and keep others unless told). */
export function planSync(held: readonly HeldTracking[], wanted: readonly WantedTracking[], removeOthers: boolean): SyncPlan {
  const live = liveOf(held);
  const plan: SyncPlan = { kept: [], corrected: [], added: [], cancelled: [] };
  for (const w of wanted) {
    const h = live.find((x) => sameNumber(x.tracking_number, w.tracking_number));
    if (!h) plan.added.push(w);
    else if (sameCarrier(h.carrier, { code: w.carrier, name: w.carrier_name }) && h.status === w.status) plan.kept.push(h);
    else plan.corrected.push({ held: h, wanted: w });
  }
  const others = live.filter((h) => !holds(wanted, h.tracking_number));
  (removeOthers ? plan.cancelled : plan.kept).push(...others);
  return plan;
}
