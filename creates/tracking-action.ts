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
import type { Bundle, Create, ZObject } from 'zapier-platform-core';
import { connectionCache } from '../gateways/cache';
import { GATEWAY_LABELS, type AuthData, type GatewayName } from '../gateways/config';
import { expiredAuthError, isZapierError, scrubSecrets } from '../gateways/errors';
import { gatewayApis } from '../gateways';
import type { Order } from '../orders/order';
import { ReferenceInputError } from '../orders/reference';
import { OrderLookupError, resolveOrder, type ResolvedOrder } from '../sync/orders/resolve';
import { TrackingInputError } from '../carriers/numbers';
import { parseTrackingInput, trackingFieldLabel, trackingInputFields } from '../fields/tracking';
import { NotTrackableError, planTrackings } from '../sync/tracking/plan';
import { TRACKING_RESULT_FIELDS, TRACKING_RESULT_SAMPLE, type TrackingResult } from '../sync/tracking/result';
import {
  carrierInput,
  PartlyDoneError,
  readOrderAgain,
  writeTracking,
  type TrackingInput,
  type TrackingMode,
} from '../sync/tracking/write';
import { acquireLocks, trackingState, UNKNOWN_STATE } from '../sync/tracking/exactly-once';

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
  return new z.errors.Error(
    scrubSecrets(`Unexpected problem while writing the tracking: ${e?.message ?? String(error)}`, secrets),
    'Unexpected',
    500,
  );
}

/** The domain's "no": input, lookup or trackability problems found before any write. */
const isRefusal = (error: unknown): boolean =>
  error instanceof TrackingInputError ||
  error instanceof ReferenceInputError ||
  error instanceof OrderLookupError ||
  error instanceof NotTrackableError;

async function guarded<T>(z: ZObject, secrets: readonly string[], mode: TrackingMode, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asZapierError(z, error, secrets, mode);
  }
}

function lockKeys(resolved: ResolvedOrder, input: TrackingInput): string[] {
  if (resolved.gateway === 'stripe') {
    // Stripe's shipping hash is replaced whole: every write to one payment is a read-modify-write.
    return [`tracking-lock:stripe:${resolved.paymentIntent.id}`];
  }
  const orderId = resolved.paypalOrder.id ?? resolved.reference.id;
  const numbers = [...input.tracking_numbers, ...(input.old_tracking_number ? [input.old_tracking_number] : [])];
  return numbers.map((n) => `tracking-lock:paypal:${orderId}:${n.toUpperCase()}`);
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

  let resolved = await guarded(z, secrets, spec.mode, () => resolveOrder(gateways, input.order, { accept }));
  const busy = () =>
    new z.errors.ThrottledError(
      'Another step is writing the same tracking to this order right now; Zapier will retry this step shortly.',
      15,
    );
  const lock = await acquireLocks(connectionCache(z), lockKeys(resolved, input), busy, trackingState(resolved.order));
  let written: string | undefined;
  try {
    if (lock.stale) resolved = await guarded(z, secrets, spec.mode, () => readOrderAgain(gateways, resolved));
    const current = resolved;
    const result = await guarded(z, secrets, spec.mode, () =>
      writeTracking(gateways, current, input, spec.mode).catch((error: unknown) => {
        // A refusal is decided before anything is sent; any other failure may have reached the gateway.
        if (!isRefusal(error)) written = UNKNOWN_STATE;
        throw error;
      }),
    );
    if (result.result !== 'already_present') written = trackingState(result.order);
    return result;
  } finally {
    await lock.release({ written });
  }
}

export interface TrackingCreateSpec extends TrackingActionSpec {
  key: string;
  label: string;
  description: string;
}

/** A tracking action's Zapier definition. */
export function trackingCreate(spec: TrackingCreateSpec): Create {
  const { key, label, description, mode, accept } = spec;
  return {
    key,
    noun: 'Tracking',
    display: { label, description },
    operation: {
      inputFields: trackingInputFields(mode, accept),
      perform: (z: ZObject, bundle: Bundle) => performTracking(z, bundle, { mode, accept }),
      sample: TRACKING_RESULT_SAMPLE as unknown as Record<string, unknown>,
      outputFields: TRACKING_RESULT_FIELDS,
    },
  };
}

export type { Order };
