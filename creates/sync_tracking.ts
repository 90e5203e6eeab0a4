/**
 * `sync_tracking`: make the order's gateway hold exactly the shop's set of tracking numbers,
 * carriers and statuses, with the fewest writes. Validate (no request) → resolve the reference, reading the
 * order with its tracking and, on PayPal, its trackers' carriers and statuses → take the tracking lock
 * (creates/tracking-action.ts, sync/tracking/exactly-once.ts) → plan and write (sync/reconcile/).
 * A replay finds the set already there: `in_sync`, no write.
 */
import { defineCreate, type Bundle, type ZObject } from 'zapier-platform-core';
import { connectionCache } from '../gateways/cache';
import { configuredGateways, type AuthData } from '../gateways/config';
import { gatewayApis } from '../gateways';
import { parseSyncInput, syncTrackingInputFields } from '../fields/sync-tracking';
import { resolveOrder } from '../sync/orders/resolve';
import { withDetails } from '../sync/reconcile/read';
import { SYNC_RESULT_FIELDS, SYNC_RESULT_SAMPLE, type SyncResult } from '../sync/reconcile/result';
import { syncTracking } from '../sync/reconcile/sync';
import { readOrderAgain } from '../sync/tracking/write';
import { writeUnderLock } from '../sync/tracking/exactly-once';
import { busyError, guarded, isRefusal, lockKeys } from './tracking-action';

async function perform(z: ZObject, bundle: Bundle): Promise<SyncResult> {
  const authData = bundle.authData as AuthData;
  const secrets = [authData.stripe_secret_key, authData.paypal_client_secret].filter((s): s is string => Boolean(s));
  const input = parseSyncInput(z, bundle.inputData);
  const gateways = gatewayApis(z, authData);
  const run = <T>(work: () => Promise<T>) => guarded(z, secrets, 'add', work);
  const resolved = await run(async () =>
    withDetails(gateways, await resolveOrder(gateways, input.order, { accept: configuredGateways(authData) })),
  );
  // The set's numbers and every number the order holds live: a sync may add, correct or cancel any of them.
  const numbers = [...input.tracking.flatMap((line) => line.numbers), ...resolved.order.trackings.flatMap((t) => t.tracking_number ?? [])];
  return run(() =>
    writeUnderLock({
      cache: connectionCache(z),
      keys: lockKeys(resolved, { tracking_numbers: numbers }),
      busy: busyError(z),
      read: resolved,
      readAgain: async (read) => withDetails(gateways, await readOrderAgain(gateways, read)),
      write: (current) => syncTracking(gateways, current, input),
      wrote: (result) => result.result === 'changed',
      isRefusal,
      orderOf: (read) => read.order,
    }),
  );
}

export const syncTrackingCreate = defineCreate({
  key: 'sync_tracking',
  noun: 'Tracking',
  display: {
    label: 'Sync Order Tracking',
    description:
      "Creates a full match between the tracking on a PayPal order or Stripe payment and your shop's: adds, corrects or cancels tracking numbers, carriers and statuses as needed.",
  },
  operation: {
    inputFields: syncTrackingInputFields,
    perform,
    // Same-order runs one at a time per connection, as the other tracking actions.
    lock: { key: 'tracking:{{bundle.inputData.order}}', scope: ['auth'], timeout: 180 },
    sample: SYNC_RESULT_SAMPLE as unknown as Record<string, unknown>,
    outputFields: SYNC_RESULT_FIELDS,
  },
});
