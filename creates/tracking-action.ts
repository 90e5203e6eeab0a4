/**
 * The one implementation behind the five tracking actions (docs/fields.md, docs/architecture.md#exactly-once):
 *
 *   trackingCreate({key, noun, label, description, mode, accept}): a Zapier create definition
 *   performTracking(z, bundle, {mode, accept}): TrackingResult
 *
 * add_tracking / add_paypal_tracking / add_stripe_tracking differ only in `accept` (the gateways
 * whose references they take); update_tracking and cancel_tracking in `mode`.
 *
 * Flow: validate the input (no request) → resolve the reference to one order, reading its tracking in
 * the same read (sync/orders/resolve.ts) → compare with the tracking already there (same number →
 * `already_present`, no write) → write (sync/tracking/write.ts, with sync/tracking/plan.ts deciding what),
 * the first write claiming the order's state (sync/tracking/exactly-once.ts: one z.cache call, write path
 * only) → the Order after the write. Zapier's own lock (TRACKING_LOCK) runs same-order steps one at a
 * time. This file keeps what needs `z`: input errors, the lock declaration, Zapier's definition.
 *
 * Round trips (PayPal token mint aside): order ID → 1 read + 1 write per new number; already present
 * → 1 read, 0 writes. PayPal writes run 5 at a time (50 numbers at 200 ms ≈ 2 s).
 */
import { defineCreate, type Bundle, type LockObject, type ZObject } from 'zapier-platform-core';
import { connectionCache } from '../gateways/cache';
import { authDataOf, connectionSecrets, GATEWAY_LABELS, type GatewayName } from '../gateways/config';
import { toZapierError, withErrorBoundary, type ErrorContext } from '../gateways/error-boundary';
import { gatewayApis } from '../gateways';
import { resolveOrder } from '../sync/orders/resolve';
import { parseTrackingInput } from '../fields/tracking-input';
import { trackingFieldLabel, trackingInputFields, type TrackingInputData } from '../fields/tracking';
import { planTrackings } from '../sync/tracking/plan';
import { TRACKING_RESULT_FIELDS, TRACKING_RESULT_SAMPLE, type TrackingResult } from '../sync/tracking/result';
import type { TrackingMode } from '../sync/tracking/input';
import { carrierInput } from '../sync/tracking/plan';
import { writeTracking } from '../sync/tracking/write';
import { writeOnce } from '../sync/tracking/exactly-once';

interface TrackingActionSpec {
  mode: TrackingMode;
  /** The gateways whose references this action takes. */
  accept: readonly GatewayName[];
}

/** How the boundary (gateways/errors.ts) words a tracking action's errors: fields by their label in this mode. */
function trackingErrorContext(mode: TrackingMode): Omit<ErrorContext, 'secrets'> {
  return { action: 'writing the tracking', fieldLabel: (field) => trackingFieldLabel(field, mode) };
}

export async function guarded<T>(z: ZObject, secrets: readonly string[], mode: TrackingMode, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toZapierError(z, error, { ...trackingErrorContext(mode), secrets });
  }
}

// ---------------------------------------------------------------- the action

async function performTracking(z: ZObject, bundle: Bundle<TrackingInputData>, spec: TrackingActionSpec): Promise<TrackingResult> {
  const authData = authDataOf(bundle);
  const secrets = connectionSecrets(authData);
  const input = await guarded(z, secrets, spec.mode, () => parseTrackingInput(bundle.inputData, spec.mode));
  const gateways = gatewayApis(z, authData);
  const accept = spec.accept.filter((g) => gateways[g]);
  if (accept.length === 0) {
    const names = spec.accept.map((g) => GATEWAY_LABELS[g]).join(' or ');
    throw new z.errors.Error(
      `This connection has no ${names} credentials: add them to the connection to use this action.`,
      'InvalidInput',
      400,
    );
  }
  // Carriers are checked before any request (without the order's country, which only refines the choice).
  if (spec.mode !== 'cancel') await guarded(z, secrets, spec.mode, () => planTrackings(input.tracking_numbers, carrierInput(input)));

  const resolved = await guarded(z, secrets, spec.mode, () => resolveOrder(gateways, input.order, { accept }));
  return guarded(z, secrets, spec.mode, () =>
    writeOnce(connectionCache(z), gateways, resolved, (claimed, current) => writeTracking(claimed, current, input, spec.mode)),
  );
}

export interface TrackingCreateSpec<Key extends string> extends TrackingActionSpec {
  key: Key;
  label: string;
  description: string;
}

/**
 * Zapier's own lock: steps of one connection (scope auth) that name the same order run one at a time,
 * whichever of the tracking actions they are (one key for all, sync_tracking too), so a replay reads after
 * the run it replays. 60 s holds past a step's 30 s limit; Zapier lets go when a run ends.
 */
export const TRACKING_LOCK: LockObject = { key: 'tracking:{{bundle.inputData.order}}', scope: ['auth'], timeout: 60 };

/** A tracking action's Zapier definition. */
export function trackingCreate<const Key extends string>(spec: TrackingCreateSpec<Key>) {
  const { key, label, description, mode, accept } = spec;
  return defineCreate({
    key,
    noun: 'Tracking',
    display: { label, description },
    operation: {
      lock: TRACKING_LOCK,
      inputFields: trackingInputFields(mode, accept),
      perform: withErrorBoundary((z, bundle) => performTracking(z, bundle, { mode, accept }), trackingErrorContext(mode)),
      sample: { ...TRACKING_RESULT_SAMPLE },
      outputFields: TRACKING_RESULT_FIELDS,
    },
  });
}
