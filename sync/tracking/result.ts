/**
 * The output of every tracking action (docs/fields.md#the-tracking-result): a Tracking result with the Order after the write
 * nested under `order`. Output fields and the sample come from the same key lists, so they cannot drift.
 */
import { ORDER_KEYS, orderOutputFields, SAMPLE_ORDER, type FieldType, type Order, type OutputField } from '../../orders/order';
import type { DisputeEvidenceOutcome, PlannedTracking, TrackingOutcome } from './plan';

export interface TrackingRow {
  tracking_number: string;
  carrier: string | null;
  carrier_name: string | null;
  tracking_url: string | null;
  result: TrackingOutcome;
  /** PayPal's tracker id (null for Stripe, or when PayPal did not say). */
  tracker_id: string | null;
}

export interface TrackingResult {
  /** `gateway:order_id:tracking_number` (several numbers comma-separated). */
  id: string;
  gateway: Order['gateway'];
  order_id: string | null;
  payment_id: string | null;
  tracking_number: string;
  /** The gateway's carrier code (PayPal code; for Stripe the carrier text written). */
  carrier: string | null;
  carrier_name: string | null;
  tracking_url: string | null;
  result: TrackingOutcome;
  notify_buyer: boolean;
  dispute_evidence: DisputeEvidenceOutcome;
  trackings: TrackingRow[];
  order: Order;
}

const RESULT_LABELS = {
  id: { label: 'ID', type: 'string' },
  gateway: { label: 'Gateway', type: 'string' },
  order_id: { label: 'Order ID', type: 'string' },
  payment_id: { label: 'Payment ID', type: 'string' },
  tracking_number: { label: 'Tracking Number', type: 'string' },
  carrier: { label: 'Carrier', type: 'string' },
  carrier_name: { label: 'Carrier Name', type: 'string' },
  tracking_url: { label: 'Tracking URL', type: 'string' },
  result: { label: 'Result', type: 'string' },
  notify_buyer: { label: 'Notify Buyer', type: 'boolean' },
  dispute_evidence: { label: 'Dispute Evidence', type: 'string' },
} as const satisfies Record<Exclude<keyof TrackingResult, 'trackings' | 'order'>, { label: string; type: FieldType }>;

const ROW_LABELS = {
  tracking_number: RESULT_LABELS.tracking_number,
  carrier: RESULT_LABELS.carrier,
  carrier_name: RESULT_LABELS.carrier_name,
  tracking_url: RESULT_LABELS.tracking_url,
  result: RESULT_LABELS.result,
  tracker_id: { label: 'Tracker ID', type: 'string' },
} as const satisfies Record<keyof TrackingRow, { label: string; type: FieldType }>;

export const TRACKING_RESULT_FIELDS: OutputField[] = [
  ...(Object.keys(RESULT_LABELS) as Array<keyof typeof RESULT_LABELS>).map((key) => ({ key, ...RESULT_LABELS[key] })),
  ...(Object.keys(ROW_LABELS) as Array<keyof TrackingRow>).map((key) => ({
    key: `trackings[]${key}`,
    label: `Trackings: ${ROW_LABELS[key].label}`,
    type: ROW_LABELS[key].type,
  })),
  ...orderOutputFields('order__', 'Order: '),
];

/** The row of one planned number. */
export function trackingRow(planned: PlannedTracking, result: TrackingOutcome, trackerId: string | null = null): TrackingRow {
  return {
    tracking_number: planned.tracking_number,
    carrier: planned.carrier,
    carrier_name: planned.carrier_name,
    tracking_url: planned.tracking_url,
    result,
    tracker_id: trackerId,
  };
}

/** The result from its rows and the Order after the write; top-level fields describe the first number. */
export function trackingResult(
  order: Order,
  rows: TrackingRow[],
  extra: { notify_buyer: boolean; dispute_evidence: DisputeEvidenceOutcome; result?: TrackingOutcome },
): TrackingResult {
  const first = rows[0];
  const numbers = rows.map((r) => r.tracking_number).join(',');
  const wrote = rows.find((r) => r.result !== 'already_present');
  return {
    id: `${order.gateway}:${order.order_id ?? order.payment_id ?? ''}:${numbers}`,
    gateway: order.gateway,
    order_id: order.order_id,
    payment_id: order.payment_id,
    tracking_number: numbers,
    carrier: first?.carrier ?? null,
    carrier_name: first?.carrier_name ?? null,
    tracking_url: first?.tracking_url ?? null,
    result: extra.result ?? wrote?.result ?? 'already_present',
    notify_buyer: extra.notify_buyer,
    dispute_evidence: extra.dispute_evidence,
    trackings: rows,
    order,
  };
}

const SAMPLE_ROW: TrackingRow = {
  tracking_number: SAMPLE_ORDER.tracking_number!,
  carrier: SAMPLE_ORDER.carrier,
  carrier_name: SAMPLE_ORDER.carrier_name,
  tracking_url: SAMPLE_ORDER.tracking_url,
  result: 'added',
  tracker_id: null,
};

export const TRACKING_RESULT_SAMPLE: TrackingResult = trackingResult(
  Object.fromEntries(ORDER_KEYS.map((key) => [key, SAMPLE_ORDER[key]])) as unknown as Order,
  [SAMPLE_ROW],
  { notify_buyer: false, dispute_evidence: 'no_open_dispute' },
);
