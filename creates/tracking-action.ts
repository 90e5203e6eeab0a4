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
 * the same read (sync/orders/resolve.ts) → take the per-connection lock on (order, number) — re-reading
 * the order only when another call held it → compare with the tracking already there (same number →
 * `already_present`, no write) → write (sync/tracking/write.ts, with sync/tracking/plan.ts deciding what) →
 * the Order after the write. This file keeps what needs `z`: input errors, the lock, Zapier's definition.
 *
 * Round trips (PayPal token mint aside): order ID → 1 read + 1 write per new number; already present
 * → 1 read, 0 writes. PayPal writes run 5 at a time (50 numbers at 200 ms ≈ 2 s).
 */
import { defineCreate, type Bundle, type ZObject } from 'zapier-platform-core';
import { connectionCache } from '../gateways/cache';
import { authDataOf, connectionSecrets, GATEWAY_LABELS, type GatewayName } from '../gateways/config';
import { toZapierError, withErrorBoundary, type ErrorContext } from '../gateways/errors';
import { gatewayApis } from '../gateways';
import type { Order } from '../orders/order';
import { ReferenceInputError } from '../orders/reference';
import { OrderLookupError, resolveOrder, type ResolvedOrder } from '../sync/orders/resolve';
import { TrackingInputError } from '../carriers/numbers';
import { parseTrackingInput, trackingFieldLabel, trackingInputFields, type TrackingInputData } from '../fields/tracking';
import { NotTrackableError, planTrackings } from '../sync/tracking/plan';
import { TRACKING_RESULT_FIELDS, TRACKING_RESULT_SAMPLE, type TrackingResult } from '../sync/tracking/result';
import { carrierInput, readOrderAgain, writeTracking, type TrackingInput, type TrackingMode } from '../sync/tracking/write';
import { writeUnderLock } from '../sync/tracking/exactly-once';

export interface TrackingActionSpec {
  mode: TrackingMode;
  /** The gateways whose references this action takes. */
  accept: readonly GatewayName[];
}

/** How the boundary (gateways/errors.ts) words a tracking action's errors: fields by their label in this mode. */
function trackingErrorContext(mode: TrackingMode): Omit<ErrorContext, 'secrets'> {
  return { action: 'writing the tracking', fieldLabel: (field) => trackingFieldLabel(field, mode) };
}

/** The domain's "no": input, lookup or trackability problems found before any write. */
export const isRefusal = (error: unknown): boolean =>
  error instanceof TrackingInputError ||
  error instanceof ReferenceInputError ||
  error instanceof OrderLookupError ||
  error instanceof NotTrackableError;

export async function guarded<T>(z: ZObject, secrets: readonly string[], mode: TrackingMode, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toZapierError(z, error, { ...trackingErrorContext(mode), secrets });
  }
}

export function lockKeys(resolved: ResolvedOrder, input: Pick<TrackingInput, 'tracking_numbers' | 'old_tracking_number'>): string[] {
  if (resolved.gateway === 'stripe') {
    // Stripe's shipping hash is replaced whole: every write to one payment is a read-modify-write.
    return [`tracking-lock:stripe:${resolved.paymentIntent.id}`];
  }
  const orderId = resolved.paypalOrder.id ?? resolved.reference.id;
  const numbers = [...input.tracking_numbers, ...(input.old_tracking_number ? [input.old_tracking_number] : [])];
  return numbers.map((n) => `tracking-lock:paypal:${orderId}:${n.toUpperCase()}`);
}

// ---------------------------------------------------------------- the action

export async function performTracking(z: ZObject, bundle: Bundle<TrackingInputData>, spec: TrackingActionSpec): Promise<TrackingResult> {
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
    writeUnderLock({
      cache: connectionCache(z),
      keys: lockKeys(resolved, input),
      busy: busyError(z),
      read: resolved,
      readAgain: (read) => readOrderAgain(gateways, read),
      write: (current) => writeTracking(gateways, current, input, spec.mode),
      wrote: (result) => result.result !== 'already_present',
      isRefusal,
      orderOf: (read) => read.order,
    }),
  );
}

/** Another call holds the order's lock past the wait: Zapier retries the step (nothing was written). */
export const busyError = (z: ZObject) => () =>
  new z.errors.ThrottledError(
    'Another step is writing the same tracking to this order right now; Zapier will retry this step shortly.',
    15,
  );

export interface TrackingCreateSpec<Key extends string> extends TrackingActionSpec {
  key: Key;
  label: string;
  description: string;
}

/** A tracking action's Zapier definition. */
export function trackingCreate<const Key extends string>(spec: TrackingCreateSpec<Key>) {
  const { key, label, description, mode, accept } = spec;
  return defineCreate({
    key,
    noun: 'Tracking',
    display: { label, description },
    operation: {
      inputFields: trackingInputFields(mode, accept),
      perform: withErrorBoundary((z, bundle) => performTracking(z, bundle, { mode, accept }), trackingErrorContext(mode)),
      sample: { ...TRACKING_RESULT_SAMPLE },
      outputFields: TRACKING_RESULT_FIELDS,
    },
  });
}

export type { Order };
