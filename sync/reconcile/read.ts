/**
 * Reading one order for reconcile: the resolved order (sync/orders/resolve.ts, one read) plus what a
 * comparison of carriers and statuses needs, and the gateway's trackers as HeldTracking.
 *
 *   withDetails(gateways, resolved): ResolvedOrder   PayPal: + Tracking v1 where the order view lacks carriers
 *   heldOf(resolved, overrides?): HeldTracking[]
 *   stripeStatusMetadata(statuses): string           Stripe `metadata.tracking_status` as written
 *
 * Where each gateway keeps a shipment's status: PayPal in the Tracking v1 tracker (`status`, upper case; the
 * Orders v2 view says only SHIPPED or CANCELLED); Stripe in the PaymentIntent's `metadata.tracking_status`,
 * lower case as the shop gave it: one value for all numbers, or one per number in `shipping.tracking_number`'s
 * order, comma-separated (the way the carriers are kept).
 */
import type { Gateways } from '../../gateways';
import { withTrackerDetails } from '../orders/load';
import type { ResolvedOrder } from '../orders/resolve';
import { sameNumber } from '../../carriers/numbers';
import { heldTrackings, type HeldTracking } from './compare';

export async function withDetails(gateways: Gateways, resolved: ResolvedOrder): Promise<ResolvedOrder> {
  return resolved.gateway === 'paypal' ? withTrackerDetails(gateways.paypal!, resolved) : resolved;
}

const split = (text: string | null | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The status of each number from Stripe's metadata; null where it does not say (no value, or a list of the wrong length). */
function stripeStatuses(resolved: ResolvedOrder & { gateway: 'stripe' }): (number: string) => string | null {
  const statuses = split(resolved.paymentIntent.metadata?.tracking_status);
  const numbers = resolved.order.trackings.map((t) => t.tracking_number);
  return (number) => {
    if (statuses.length === 1) return statuses[0]!;
    if (statuses.length !== numbers.length) return null;
    return statuses[numbers.findIndex((n) => sameNumber(n, number))] ?? null;
  };
}

export function stripeStatusMetadata(statuses: readonly string[]): string {
  return statuses.every((s) => s === statuses[0]) ? (statuses[0] ?? '') : statuses.join(',');
}

/** The order's trackers, each with its carrier as a code and its shipment status. */
export function heldOf(resolved: ResolvedOrder, overrides?: Record<string, unknown> | null): HeldTracking[] {
  if (resolved.gateway === 'stripe') return heldTrackings(resolved.order.trackings, stripeStatuses(resolved), overrides);
  const statusOf = (number: string) => {
    const matches = resolved.trackingNumbers.filter((n) => sameNumber(n.tracking_number, number));
    return (matches.find((n) => (n.status ?? '').toUpperCase() !== 'CANCELLED') ?? matches[0])?.status;
  };
  return heldTrackings(resolved.order.trackings, statusOf, overrides);
}
