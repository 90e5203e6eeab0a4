/**
 * The one implementation behind the five tracking actions (DESIGN §2, §4, §7):
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
import type { Bundle, Create, LockObject, ZObject } from 'zapier-platform-core';
import { connectionCache } from '../gateways/cache';
import { GATEWAY_LABELS, type AuthData, type GatewayName } from '../gateways/config';
import { expiredAuthError, isZapierError, scrubSecrets } from '../gateways/errors';
import { gatewayApis } from '../gateways';
import type { Order } from '../orders/order';
import { ReferenceInputError } from '../orders/reference';
import { OrderLookupError, resolveOrder } from '../sync/orders/resolve';
import { TrackingInputError } from '../carriers/numbers';
import { parseTrackingInput, trackingFieldLabel, trackingInputFields } from '../fields/tracking';
import { NotTrackableError, planTrackings } from '../sync/tracking/plan';
import { TRACKING_RESULT_FIELDS, TRACKING_RESULT_SAMPLE, type TrackingResult } from '../sync/tracking/result';
import { carrierInput, PartlyDoneError, writeTracking, type TrackingMode } from '../sync/tracking/write';
import { OrderBusyError, WRITE_KEY_SECONDS, writeOnce } from '../sync/tracking/exactly-once';

export interface TrackingActionSpec {
  mode: TrackingMode;
  /** The gateways whose references this action takes. */
  accept: readonly GatewayName[];
}

/**
 * A write that failed after others succeeded: the gateway's error, same class, code, status and delay
 * (so a temporary failure stays a ThrottledError Zapier retries), its message led by what is done.
 */
function partlyDone(z: ZObject, error: PartlyDoneError, secrets: readonly string[], mode: TrackingMode): Error {
  const failure = asZapierError(z, error.failure, secrets, mode);
  let details: { message?: string; code?: string; status?: number; delay?: number };
  try {
    details = JSON.parse(failure.message) as typeof details;
  } catch {
    details = { message: failure.message };
  }
  const message = scrubSecrets(`${error.done} ${details.message ?? failure.message}`, secrets);
  if (failure.name === 'ThrottledError') return new z.errors.ThrottledError(message, details.delay ?? 60);
  if (failure.name === 'ExpiredAuthError') return expiredAuthError(z.errors, message);
  return new z.errors.Error(message, details.code ?? 'PartlyDone', details.status ?? 500);
}

/** Our domain errors → the one z.errors.Error the merchant sees; gateway errors pass unchanged. */
function asZapierError(z: ZObject, error: unknown, secrets: readonly string[], mode: TrackingMode): Error {
  const e = error as Error;
  if (isZapierError(e)) return e;
  if (e instanceof PartlyDoneError) return partlyDone(z, e, secrets, mode);
  if (e instanceof TrackingInputError) {
    const label = trackingFieldLabel(e.field, mode);
    const message = e.message.startsWith(label) ? e.message : `${label}: ${e.message}`;
    return new z.errors.Error(scrubSecrets(message, secrets), 'InvalidInput', 400);
  }
  if (e instanceof ReferenceInputError) return new z.errors.Error(`Order: ${e.message}`, 'InvalidInput', 400);
  if (e instanceof OrderLookupError) {
    const [code, status] =
      e.problem === 'not_found'
        ? ['NotFound', 404]
        : e.problem === 'ambiguous'
          ? ['AmbiguousOrder', 409]
          : e.problem === 'wrong_gateway'
            ? ['InvalidInput', 400]
            : ['NotTrackable', 422];
    return new z.errors.Error(scrubSecrets(e.message, secrets), code as string, status as number);
  }
  if (e instanceof NotTrackableError) return new z.errors.Error(scrubSecrets(e.message, secrets), 'NotTrackable', 422);
  if (e instanceof OrderBusyError) return new z.errors.ThrottledError(e.message, WRITE_KEY_SECONDS + 5);
  return new z.errors.Error(
    scrubSecrets(`Unexpected problem while writing the tracking: ${e?.message ?? String(error)}`, secrets),
    'Unexpected',
    500,
  );
}

async function guarded<T>(z: ZObject, secrets: readonly string[], mode: TrackingMode, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asZapierError(z, error, secrets, mode);
  }
}

// ---------------------------------------------------------------- the action

export async function performTracking(z: ZObject, bundle: Bundle, spec: TrackingActionSpec): Promise<TrackingResult> {
  const authData = bundle.authData as AuthData;
  const secrets = [authData.stripe_secret_key, authData.paypal_client_secret].filter((s): s is string => Boolean(s));
  const input = await guarded(z, secrets, spec.mode, () => parseTrackingInput(bundle.inputData as Record<string, unknown>, spec.mode));
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

export interface TrackingCreateSpec extends TrackingActionSpec {
  key: string;
  label: string;
  description: string;
}

/**
 * Zapier's operation lock (zapier-platform-schema LockObjectSchema): the tracking steps of one connection that
 * name the same order run one at a time, whichever of the five actions they are (one key for all), so a
 * replay reads after the run it replays. 60 s holds past a step's 30 s limit; Zapier lets go when a run ends.
 */
export const TRACKING_LOCK: LockObject = { key: 'tracking:{{bundle.inputData.order}}', scope: ['auth'], timeout: 60 };

/** A tracking action's Zapier definition. */
export function trackingCreate(spec: TrackingCreateSpec): Create {
  const { key, label, description, mode, accept } = spec;
  return {
    key,
    noun: 'Tracking',
    display: { label, description },
    operation: {
      lock: TRACKING_LOCK,
      inputFields: trackingInputFields(mode, accept),
      perform: (z: ZObject, bundle: Bundle) => performTracking(z, bundle, { mode, accept }),
      sample: TRACKING_RESULT_SAMPLE as unknown as Record<string, unknown>,
      outputFields: TRACKING_RESULT_FIELDS,
    },
  };
}

export type { Order };
