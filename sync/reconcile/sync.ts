/**
 * sync_tracking's use case: make one resolved order's gateway hold exactly the shop's set of
 * tracking numbers, carriers and statuses with the fewest writes. compare.ts `planSync` decides; the writers
 * (sync-paypal.ts, sync-stripe.ts) write. Never touches `z`: problems are thrown as the tracking actions'
 * errors (NotTrackableError, PartlyDoneError, TrackingInputError) and gateway errors pass unchanged.
 */
import type { Gateways } from '../../gateways';
import type { ResolvedOrder } from '../orders/resolve';
import type { SyncInput } from './plan';
import type { SyncResult } from './result';
import { syncPayPal } from './sync-paypal';
import { syncStripe } from './sync-stripe';

export function syncTracking(gateways: Gateways, resolved: ResolvedOrder, input: SyncInput): Promise<SyncResult> {
  return resolved.gateway === 'paypal' ? syncPayPal(gateways.paypal!, resolved, input) : syncStripe(gateways.stripe!, resolved, input);
}
