/**
 * An Order's tracking list: which entries are live, the top-level tracking fields, and the carrier
 * name and link an entry lacks. Pure.
 */
import { carrierName, normalizeCarrier, trackingUrl } from '../carriers/carriers';
import { detectCarrier } from '../carriers/numbers';

/** One tracking number on an order. `status`/`tracker_id` are PayPal's tracker fields (null for Stripe). */
export interface TrackingEntry {
  tracking_number: string | null;
  carrier: string | null;
  carrier_name: string | null;
  tracking_url: string | null;
  status?: string | null;
  tracker_id?: string | null;
}

/**
 * Whether a tracker (or a tracking entry) is live: anything but CANCELLED, in any case — PayPal's enum
 * is upper case, but statuses also reach the app in lower case.
 */
export function isActive(tracking: { status?: string | null }): boolean {
  return (tracking.status ?? '').toUpperCase() !== 'CANCELLED';
}

export function completeTracking(entry: Partial<TrackingEntry>): TrackingEntry {
  return {
    tracking_number: entry.tracking_number ?? null,
    carrier: entry.carrier ?? null,
    carrier_name: entry.carrier_name ?? null,
    tracking_url: entry.tracking_url ?? null,
    status: entry.status ?? null,
    tracker_id: entry.tracker_id ?? null,
  };
}

/**
 * Fills the display name and public tracking URL an entry lacks, for email/SMS steps. The carrier is
 * the one the gateway holds (Stripe's free text, normalised); only when the gateway says none
 * (PayPal Orders v2 trackers carry no carrier) is it read from the number's format, check digits
 * included, and an unrecognised number stays without.
 */
export function withCarrierLinks(entry: TrackingEntry): TrackingEntry {
  if (!entry.tracking_number || (entry.carrier_name && entry.tracking_url)) return entry;
  const code = entry.carrier ? (normalizeCarrier(entry.carrier)?.code ?? null) : detectCarrier(entry.tracking_number);
  if (!code || code === 'OTHER') return entry;
  return {
    ...entry,
    carrier: entry.carrier ?? code,
    carrier_name: entry.carrier_name ?? carrierName(code),
    tracking_url: entry.tracking_url ?? trackingUrl(code, entry.tracking_number),
  };
}

/** The Order's top-level tracking fields (orders/order.ts). */
interface TrackingSummary {
  has_tracking: boolean;
  tracking_number: string | null;
  carrier: string | null;
  carrier_name: string | null;
  tracking_url: string | null;
  trackings: TrackingEntry[];
}

/**
 * The Order's tracking fields from its list: `has_tracking` when any entry is not CANCELLED; the
 * top-level fields are the first such entry's. Cancelled entries stay in `trackings` for the record.
 */
export function summariseTrackings(entries: readonly Partial<TrackingEntry>[]): TrackingSummary {
  const trackings = entries.map(completeTracking).map(withCarrierLinks);
  const active = trackings.find(isActive);
  return {
    has_tracking: active !== undefined,
    tracking_number: active?.tracking_number ?? null,
    carrier: active?.carrier ?? null,
    carrier_name: active?.carrier_name ?? null,
    tracking_url: active?.tracking_url ?? null,
    trackings,
  };
}
