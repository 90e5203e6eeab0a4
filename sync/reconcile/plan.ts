/**
 * sync_tracking's input and what both gateways' writers share. Pure.
 *
 *   SyncInput, SyncLine                                              the validated input (fields/sync-tracking.ts)
 *   wantedTrackings(lines, overrides, country?): WantedTracking[]   carrier and URL per number, duplicates refused
 *   syncRows(plan, wanted, rowOf): SyncRow[]                         the result's rows
 */
import { TrackingInputError } from '../../carriers/numbers';
import { sameNumber } from '../../carriers/numbers';
import { planTrackings, type DisputeEvidenceChoice, type ShippingFieldsInput } from '../tracking/plan';
import { sameCarrier, type HeldTracking, type ShipmentStatus, type SyncPlan, type WantedTracking } from './compare';
import type { SyncRow } from './result';

/** One line of the shop's set: its numbers (several in one line share carrier, link and status). */
export interface SyncLine {
  numbers: string[];
  carrier?: string;
  tracking_url?: string;
  status: ShipmentStatus;
}

/** sync_tracking's input after validation (fields/sync-tracking.ts). */
export interface SyncInput extends ShippingFieldsInput {
  order: string;
  tracking: SyncLine[];
  remove_others: boolean;
  notify_buyer: boolean;
  dispute_evidence: DisputeEvidenceChoice;
  carrier_overrides?: Record<string, string>;
}

/**
 * Each number with its carrier (planTrackings: the line's carrier, else detected from the number, with the
 * order's country as a hint) and status. A number listed twice is taken once, and refused when the two lines
 * disagree on its carrier or status (TrackingInputError with field `tracking`).
 */
export function wantedTrackings(lines: readonly SyncLine[], overrides?: Record<string, string>, country?: string | null): WantedTracking[] {
  const wanted: WantedTracking[] = [];
  lines.forEach((line, index) => {
    const planned = planTrackings(line.numbers, { carrier: line.carrier, tracking_url: line.tracking_url, overrides }, country);
    for (const p of planned) {
      const twin = wanted.find((w) => sameNumber(w.tracking_number, p.tracking_number));
      if (!twin) wanted.push({ ...p, status: line.status });
      else if (
        !sameCarrier({ code: twin.carrier, name: twin.carrier_name }, { code: p.carrier, name: p.carrier_name }) ||
        twin.status !== line.status
      )
        throw new TrackingInputError(
          'tracking',
          `Tracking (line ${index + 1}): ${p.tracking_number} is listed twice with a different carrier or status; list each number once.`,
        );
    }
  });
  return wanted;
}

/** How a gateway's rows show a number: its carrier (PayPal's code, Stripe's text), name, link and tracker. */
export type RowOf = (item: WantedTracking | HeldTracking) => Omit<SyncRow, 'result'>;

/** One row per number: the shop's set in its order, then the other numbers the gateway holds live. */
export function syncRows(plan: SyncPlan, wanted: readonly WantedTracking[], rowOf: RowOf): SyncRow[] {
  const isIn = (list: ReadonlyArray<{ tracking_number: string }>, n: string) => list.some((x) => sameNumber(x.tracking_number, n));
  const rows: SyncRow[] = wanted.map((w) => ({
    ...rowOf(w),
    result: isIn(plan.added, w.tracking_number) ? 'added' : plan.corrected.some((c) => c.wanted === w) ? 'corrected' : 'kept',
  }));
  for (const h of plan.kept) if (!isIn(wanted, h.tracking_number)) rows.push({ ...rowOf(h), result: 'kept' });
  for (const h of plan.cancelled) rows.push({ ...rowOf(h), result: 'cancelled' });
  return rows;
}
