/**
 * The outputs of reconcile, each with its output fields and sample made from one key list:
 *
 *   SyncResult (sync_tracking): the Tracking result keys (sync/tracking/result.ts), `result` = `in_sync` /
 *       `changed`, plus `agreed_before` and the lists `added`, `corrected`, `cancelled`, `kept`
 *   CheckRow (check_tracking): an Order plus `agrees`, `verdict`, `gateway_tracking`, `missing`,
 *       `unexpected`, `carrier_mismatch`, `cancelled`, `cross_gateway_agrees`
 */
import { orderOutputFields, SAMPLE_ORDER, type FieldType, type Order } from '../../orders/order';
import type { DisputeEvidenceOutcome } from '../tracking/plan';
import { TRACKING_RESULT_FIELDS, TRACKING_RESULT_SAMPLE, trackingResult, type TrackingResult, type TrackingRow } from '../tracking/result';

/** A Zapier output field; `list` marks a list of values of `type` (e.g. tracking numbers). */
export interface ListOutputField {
  key: string;
  label: string;
  type: FieldType;
  list?: boolean;
}

type Labels = Record<string, { label: string; type: FieldType; list?: boolean }>;
const fieldsOf = (labels: Labels): ListOutputField[] => Object.entries(labels).map(([key, field]) => ({ key, ...field }));

// ---------------------------------------------------------------- sync_tracking

/** What sync did with one number. */
type SyncOutcome = 'added' | 'corrected' | 'kept' | 'cancelled';

export interface SyncRow extends Omit<TrackingRow, 'result'> {
  result: SyncOutcome;
}

export interface SyncResult extends Omit<TrackingResult, 'result' | 'trackings'> {
  /** `in_sync` when nothing was written, else `changed`. */
  result: 'in_sync' | 'changed';
  trackings: SyncRow[];
  agreed_before: boolean;
  added: string[];
  corrected: string[];
  cancelled: string[];
  kept: string[];
}

const SYNC_LABELS = {
  agreed_before: { label: 'Agreed Before', type: 'boolean' },
  added: { label: 'Added', type: 'string', list: true },
  corrected: { label: 'Corrected', type: 'string', list: true },
  cancelled: { label: 'Cancelled', type: 'string', list: true },
  kept: { label: 'Kept', type: 'string', list: true },
} as const satisfies Record<Exclude<keyof SyncResult, keyof TrackingResult>, Labels[string]>;

export const SYNC_RESULT_FIELDS: ListOutputField[] = [...TRACKING_RESULT_FIELDS, ...fieldsOf(SYNC_LABELS)];

/** The result from its rows (the shop's set first, then the others the gateway holds) and the Order after the writes. */
export function syncResult(
  order: Order,
  rows: SyncRow[],
  extra: { notify_buyer: boolean; dispute_evidence: DisputeEvidenceOutcome },
): SyncResult {
  const numbers = (outcome: SyncOutcome) => rows.filter((r) => r.result === outcome).map((r) => r.tracking_number);
  // The top-level fields describe what the gateway holds live afterwards; trackingResult's own `result` is replaced.
  const held = rows.filter((r) => r.result !== 'cancelled').map((r) => ({ ...r, result: 'already_present' as const }));
  const base = trackingResult(order, held, extra);
  const changed = rows.some((r) => r.result !== 'kept');
  return {
    ...base,
    result: changed ? 'changed' : 'in_sync',
    trackings: rows,
    agreed_before: !changed,
    added: numbers('added'),
    corrected: numbers('corrected'),
    cancelled: numbers('cancelled'),
    kept: numbers('kept'),
  };
}

export const SYNC_RESULT_SAMPLE: SyncResult = syncResult(
  TRACKING_RESULT_SAMPLE.order,
  TRACKING_RESULT_SAMPLE.trackings.map((row) => ({ ...row, result: 'corrected' as const })),
  { notify_buyer: false, dispute_evidence: 'no_open_dispute' },
);

// ---------------------------------------------------------------- check_tracking

/** A tracker the gateway holds live. */
interface GatewayTrackingRow {
  tracking_number: string;
  /** PayPal carrier code (for Stripe the carrier text read as one); null when the gateway says none. */
  carrier: string | null;
  /** Shipment status, lower case (`shipped`, `delivered`, …). */
  status: string;
}

export interface CheckRow extends Order {
  agrees: boolean;
  verdict: string;
  gateway_tracking: GatewayTrackingRow[];
  missing: string[];
  unexpected: string[];
  carrier_mismatch: string[];
  cancelled: string[];
  /** null unless the same merchant reference is paid in both gateways. */
  cross_gateway_agrees: boolean | null;
}

const CHECK_LABELS = {
  agrees: { label: 'Agrees', type: 'boolean' },
  verdict: { label: 'Verdict', type: 'string' },
  missing: { label: 'Missing', type: 'string', list: true },
  unexpected: { label: 'Unexpected', type: 'string', list: true },
  carrier_mismatch: { label: 'Carrier Mismatch', type: 'string', list: true },
  cancelled: { label: 'Cancelled', type: 'string', list: true },
  cross_gateway_agrees: { label: 'Cross-Gateway Agrees', type: 'boolean' },
} as const satisfies Record<Exclude<keyof CheckRow, keyof Order | 'gateway_tracking'>, Labels[string]>;

const GATEWAY_TRACKING_LABELS = {
  tracking_number: { label: 'Tracking Number', type: 'string' },
  carrier: { label: 'Carrier', type: 'string' },
  status: { label: 'Status', type: 'string' },
} as const satisfies Record<keyof GatewayTrackingRow, Labels[string]>;

export const CHECK_ROW_FIELDS: ListOutputField[] = [
  ...orderOutputFields(),
  ...fieldsOf(CHECK_LABELS),
  ...Object.entries(GATEWAY_TRACKING_LABELS).map(([key, field]) => ({
    key: `gateway_tracking[]${key}`,
    label: `Gateway Tracking: ${field.label}`,
    type: field.type,
  })),
];

export const CHECK_ROW_SAMPLE: CheckRow = {
  ...SAMPLE_ORDER,
  agrees: true,
  verdict: `Stripe holds ${SAMPLE_ORDER.tracking_number} (UPS), as the shop shipped.`,
  gateway_tracking: [{ tracking_number: SAMPLE_ORDER.tracking_number!, carrier: 'UPS', status: 'shipped' }],
  missing: [],
  unexpected: [],
  carrier_mismatch: [],
  cancelled: [],
  cross_gateway_agrees: null,
};
