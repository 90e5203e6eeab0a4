/**
 * The one error boundary: every error that leaves the app becomes a `z.errors.*` error here
 * (docs/architecture.md#errors). `toZapierError` maps the domain's refusals, a dropped connection or a bug
 * the way gateways/errors.ts maps gateway answers, and `withErrorBoundary` puts it around every operation.
 * Only `z.errors.*` classes leave: core attaches the whole bundle (subscribeData included, where the Stripe
 * webhook secret lives) to any other error.
 */
import type { ZObject } from 'zapier-platform-core';
import { authDataOf, connectionSecrets, GATEWAY_LABELS, type GatewayName } from './config';
import {
  DEFAULT_RETRY_SECONDS,
  expiredAuthError,
  isNetworkFailure,
  isZapierError,
  scrubSecrets,
  unreachableError,
  withoutBundle,
} from './errors';

/** What core puts in the message of its errors: AppError `{message, code, status}`, ThrottledError `{message, delay}`. */
interface ZapierErrorDetails {
  message: string;
  code?: string;
  status?: number;
  delay?: number;
}

/** The parts of a Zapier error, read back from the JSON core wrote; another error's message as it is. */
function zapierErrorDetails(error: unknown): ZapierErrorDetails {
  const text = String((error as Error | null)?.message ?? '');
  if (!text.startsWith('{')) return { message: text };
  try {
    const details = JSON.parse(text) as Partial<ZapierErrorDetails>;
    return { ...details, message: details.message ?? text };
  } catch {
    return { message: text };
  }
}

/** What the boundary knows about where an error happened. */
export interface ErrorContext {
  /** The connection's secrets, scrubbed from every message (with anything shaped like a key or token). */
  secrets?: readonly string[];
  /** The gateway whose call failed: an unknown error is then that call's failure. */
  gateway?: GatewayName;
  /** What was being done, e.g. "writing the tracking". */
  action?: string;
  /** How the operation names an input field to the merchant (its label); the key when not given. */
  fieldLabel?: (field: string) => string;
}

/**
 * The domain's refusals, recognised by their `name`: this bottom layer imports none of the classes
 * (carriers/numbers.ts TrackingInputError, orders/reference.ts ReferenceInputError, sync/orders/resolve.ts
 * OrderLookupError, sync/tracking/plan.ts NotTrackableError, sync/tracking/partly-done.ts PartlyDoneError, sync/tracking/exactly-once.ts
 * OrderBusyError).
 * Their shape: an Error with that name and, where it has one, the input `field`, the lookup `problem`, or
 * what is `done` and the `failure` that stopped the rest. test/gateways/errors.test.ts builds each class.
 */
interface DomainError extends Error {
  field?: unknown;
  problem?: unknown;
  done?: unknown;
  failure?: unknown;
  retryAfter?: unknown;
}

const LOOKUP_PROBLEMS: Record<string, readonly [code: string, status: number]> = {
  not_found: ['NotFound', 404],
  ambiguous: ['AmbiguousOrder', 409],
  wrong_gateway: ['InvalidInput', 400],
  not_trackable: ['NotTrackable', 422],
};

/**
 * Any error as the `z.errors.*` error the merchant sees, scrubbed of the connection's secrets:
 * a Zapier error passes unchanged (gateway answers were mapped by `gatewayError` where they failed);
 * an input refusal → InvalidInput 400 led by the field's label; an order lookup → NotFound 404,
 * AmbiguousOrder 409, InvalidInput 400 or NotTrackable 422; a partly done write → the failure's own
 * class, code and delay with what is done in front; a dropped connection during a gateway call →
 * retryable ThrottledError; anything else → 500 with its message.
 */
export function toZapierError(z: Pick<ZObject, 'errors'>, error: unknown, context: ErrorContext = {}): Error {
  const secrets = context.secrets ?? [];
  const clean = (text: string) => scrubSecrets(text, secrets);
  if (isZapierError(error)) return withoutBundle(error as Error);
  const e = error as DomainError | null;
  switch (e?.name) {
    case 'PartlyDoneError': {
      const failure = toZapierError(z, e.failure, context);
      return rewordZapierError(z, failure, (message) => `${String(e.done)} ${message}`, { secrets, code: 'PartlyDone', status: 500 });
    }
    case 'TrackingInputError':
    case 'ReferenceInputError': {
      // A reference is always the Order field's.
      const field = typeof e.field === 'string' ? e.field : 'order';
      const label = context.fieldLabel?.(field) ?? field;
      return new z.errors.Error(clean(e.message.startsWith(label) ? e.message : `${label}: ${e.message}`), 'InvalidInput', 400);
    }
    case 'OrderLookupError': {
      const [code, status] = LOOKUP_PROBLEMS[String(e.problem)] ?? ['NotTrackable', 422];
      return new z.errors.Error(clean(e.message), code, status);
    }
    case 'NotTrackableError':
      return new z.errors.Error(clean(e.message), 'NotTrackable', 422);
    case 'OrderBusyError':
      // Nothing was sent: Zapier retries the step once the other step's claim has expired.
      return new z.errors.ThrottledError(clean(e.message), typeof e.retryAfter === 'number' ? e.retryAfter : DEFAULT_RETRY_SECONDS);
  }
  const why = clean(String(e?.message ?? error));
  const doing = context.action ? ` while ${context.action}` : '';
  if (context.gateway) {
    if (isNetworkFailure(error)) return unreachableError(z.errors, context.gateway, why, context.action);
    return new z.errors.Error(`${GATEWAY_LABELS[context.gateway]} request failed${doing}: ${why}`, 'RequestFailed', 500);
  }
  return new z.errors.Error(`Unexpected problem${doing}: ${why}`, 'Unexpected', 500);
}

/**
 * The same Zapier error with its message reworded (e.g. led by what is already done, or by the gateway
 * it is about): same class, code, status and delay, so a temporary failure stays a ThrottledError Zapier
 * retries. `code` and `status` stand in where the error has none.
 */
export function rewordZapierError(
  z: Pick<ZObject, 'errors'>,
  error: Error,
  reword: (message: string) => string,
  options: { secrets?: readonly string[]; code: string; status: number },
): Error {
  const details = zapierErrorDetails(error);
  const message = scrubSecrets(reword(details.message), options.secrets);
  if (error.name === 'ThrottledError') return new z.errors.ThrottledError(message, details.delay ?? DEFAULT_RETRY_SECONDS);
  if (error.name === 'ExpiredAuthError') return expiredAuthError(z.errors, message);
  return new z.errors.Error(message, details.code ?? options.code, details.status ?? options.status);
}

/**
 * An operation's function (perform, performList, subscribe, the connection test) with the boundary
 * around it: whatever it throws leaves as `toZapierError` makes it, scrubbed of the bundle's secrets.
 */
export function withErrorBoundary<B extends { authData?: unknown }, R>(
  run: (z: ZObject, bundle: B) => R | Promise<R>,
  context: Omit<ErrorContext, 'secrets'> = {},
): (z: ZObject, bundle: B) => Promise<R> {
  return async (z, bundle) => {
    try {
      return await run(z, bundle);
    } catch (error) {
      throw toZapierError(z, error, { ...context, secrets: connectionSecrets(authDataOf(bundle)) });
    }
  };
}
