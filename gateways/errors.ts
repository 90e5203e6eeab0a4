/**
 * Gateway answers → Zapier errors (docs/architecture.md#errors); the boundary that maps every other
 * error the same way is gateways/error-boundary.ts.
 *
 * Gateway answers: every message names the gateway, carries the gateway's own words (Stripe
 * `error.message`; PayPal `name`, `details[].issue`/`description`), says what to do where we know, and
 * is scrubbed of the connection's secrets. `toZapierError` maps anything else (the domain's refusals, a
 * dropped connection, a bug) the same way, and `withErrorBoundary` puts it around every operation. Only
 * `z.errors.*` classes leave: core attaches the whole bundle (subscribeData included, where the Stripe
 * webhook secret lives) to any other error.
 */
import type { ZObject } from 'zapier-platform-core';
import { GATEWAY_LABELS, type GatewayName } from './config';
import { PAYPAL_ISSUE_ADVICE, STRIPE_CODE_ADVICE } from './error-advice';

export type ZErrors = ZObject['errors'];

/**
 * Core appends the bundle (subscribeData included: the Stripe webhook secret) to the message of any
 * error without `doNotContextify` — ExpiredAuthError and HaltedError among them. Ours never carry it.
 */
export function withoutBundle<E extends Error>(error: E): E {
  (error as E & { doNotContextify: boolean }).doNotContextify = true;
  return error;
}

const Z_ERROR_NAMES = new Set(['AppError', 'ThrottledError', 'ExpiredAuthError', 'HaltedError', 'RefreshAuthError', 'ResponseError']);

/** Whether an error is already one of core's `z.errors.*` classes (safe to let leave an operation). */
export function isZapierError(error: unknown): boolean {
  return Z_ERROR_NAMES.has((error as Error | null)?.name ?? '');
}

/** What a core error's message carries: JSON `{message, code, status}` (AppError) or `{message, delay}` (ThrottledError). */
export function zapierErrorDetails(error: unknown): { message: string; code?: string; status?: number; delay?: number } {
  const text = String((error as Error | null)?.message ?? '');
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    return typeof parsed?.message === 'string' ? (parsed as { message: string }) : { message: text };
  } catch {
    return { message: text };
  }
}

/** Credentials revoked or wrong: Zapier marks the connection expired and asks the merchant to reconnect. */
export function expiredAuthError(errors: ZErrors, message: string): Error {
  return withoutBundle(new errors.ExpiredAuthError(message));
}

/** Stripe's error body: `{error:{type,code,message,param}}`. */
interface StripeErrorBody {
  error?: { type?: string; code?: string; message?: string; param?: string; decline_code?: string };
}

/** PayPal's error bodies: REST `{name,message,debug_id,details[]}` and OAuth `{error,error_description}`. */
interface PayPalErrorBody {
  name?: string;
  message?: string;
  debug_id?: string;
  details?: Array<{ issue?: string; description?: string; field?: string }>;
  error?: string;
  error_description?: string;
}

const SECRET_PATTERNS = [
  /\b(sk|rk|pk)_(live|test)_[A-Za-z0-9*]+/g, // Stripe keys, even the masked ones Stripe echoes back
  /\bwhsec_[A-Za-z0-9]+/g,
  /\bA21AA[A-Za-z0-9_\-.]{20,}/g, // PayPal access tokens
];

/** Removes the connection's secrets, and anything shaped like a key or token, from text meant for people. */
export function scrubSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 6) out = out.split(secret).join('[redacted]');
  }
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, '[redacted]');
  return out;
}

export interface GatewayFailure {
  gateway: GatewayName;
  status: number;
  body: unknown;
  retryAfter?: string | null;
  /** What was being done, e.g. "adding tracking to PayPal order 5O19…". */
  action?: string;
  /** Words for the 404 case, e.g. "order 5O19… was not found in PayPal sandbox". */
  notFound?: string;
  secrets?: readonly string[];
}

/** The gateway's own words for a failed call. */
function gatewayMessage(gateway: GatewayName, body: unknown): { text: string; code?: string } {
  if (gateway === 'stripe') {
    const error = (body as StripeErrorBody | null)?.error;
    if (!error) return { text: '' };
    const param = error.param ? ` (parameter ${error.param})` : '';
    return { text: `${error.message ?? error.type ?? 'error'}${param}`, code: error.code ?? error.type };
  }
  const paypal = (body as PayPalErrorBody | null) ?? {};
  if (paypal.error) return { text: `${paypal.error}: ${paypal.error_description ?? ''}`.trim(), code: paypal.error };
  const details = (paypal.details ?? [])
    .map((d) => [d.issue, d.description, d.field ? `field ${d.field}` : ''].filter(Boolean).join(': '))
    .join('; ');
  const head = [paypal.name, paypal.message].filter(Boolean).join(': ');
  const text = [head, details].filter(Boolean).join(' — ');
  const debug = paypal.debug_id ? ` (debug_id ${paypal.debug_id})` : '';
  return { text: text ? text + debug : '', code: paypal.details?.[0]?.issue ?? paypal.name };
}

function advice(gateway: GatewayName, body: unknown): string | undefined {
  if (gateway === 'stripe') {
    const error = (body as StripeErrorBody | null)?.error;
    if (!error?.code) return undefined;
    const paramRoot = error.param?.split('[')[0];
    return (paramRoot ? STRIPE_CODE_ADVICE[`${error.code}:${paramRoot}`] : undefined) ?? STRIPE_CODE_ADVICE[error.code];
  }
  const paypal = (body as PayPalErrorBody | null) ?? {};
  const details = paypal.details ?? [];
  const keys = [
    ...details.map((d) => (d.issue && d.field ? `${d.issue}:${d.field.replace(/^\//, '')}` : undefined)),
    ...details.map((d) => d.issue),
    paypal.name,
  ];
  for (const key of keys) {
    if (key && PAYPAL_ISSUE_ADVICE[key]) return PAYPAL_ISSUE_ADVICE[key];
  }
  return undefined;
}

export const DEFAULT_RETRY_SECONDS = 60;

function retryDelaySeconds(retryAfter: string | null | undefined): number {
  if (!retryAfter) return DEFAULT_RETRY_SECONDS;
  const seconds = Number.parseInt(retryAfter, 10);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(retryAfter);
  return Number.isFinite(date) ? Math.max(1, Math.ceil((date - Date.now()) / 1000)) : DEFAULT_RETRY_SECONDS;
}

/**
 * Maps one failed gateway answer to the Zapier error the merchant should see (docs/architecture.md#errors):
 * 401 → ExpiredAuthError, 403 → the permission to grant, 404 → what was not found and where,
 * 429 → ThrottledError with Retry-After, 5xx → ThrottledError (Zapier retries the step later),
 * anything else → z.errors.Error with the gateway's words and advice.
 */
export function gatewayError(errors: ZErrors, failure: GatewayFailure): Error {
  const label = GATEWAY_LABELS[failure.gateway];
  const { text, code } = gatewayMessage(failure.gateway, failure.body);
  const said = text ? `: ${text}` : '';
  const doing = failure.action ? ` while ${failure.action}` : '';
  const hint = advice(failure.gateway, failure.body);
  const clean = (message: string) => scrubSecrets(message, failure.secrets);
  const status = failure.status;

  if (status === 401) {
    const what = failure.gateway === 'stripe' ? 'secret key' : 'client ID and secret';
    return expiredAuthError(
      errors,
      clean(`${label} rejected the connection's ${what} (HTTP 401)${said}. Reconnect with valid credentials.`),
    );
  }
  if (status === 429) {
    return new errors.ThrottledError(
      clean(`${label} is rate-limiting requests (HTTP 429)${doing}${said}. Zapier will retry this step.`),
      retryDelaySeconds(failure.retryAfter),
    );
  }
  if (status >= 500) {
    return new errors.ThrottledError(
      clean(
        `${label} had a temporary problem (HTTP ${status})${doing}${said}. Zapier will retry this step; ` +
          'the retry checks what is already on the order first, so nothing is added twice.',
      ),
      retryDelaySeconds(failure.retryAfter),
    );
  }
  if (status === 403) {
    const grant =
      hint ??
      (failure.gateway === 'stripe'
        ? 'If you use a restricted key (rk_…), give it the permission Stripe names above in Dashboard → Developers → API keys.'
        : 'Enable the needed feature for your REST app in the PayPal developer dashboard, then reconnect.');
    return new errors.Error(clean(`${label} refused permission (HTTP 403)${doing}${said}. ${grant}`), code ?? 'PermissionDenied', 403);
  }
  if (status === 404 && failure.notFound) {
    return new errors.Error(clean(`${failure.notFound}${said ? ` (${label}${said})` : ''}.`), 'NotFound', 404);
  }
  const fix = hint ? ` ${hint}` : '';
  return new errors.Error(clean(`${label} refused the request (HTTP ${status})${doing}${said}.${fix}`), code ?? 'GatewayError', status);
}

/**
 * A gateway that could not be reached or answered garbage: retryable, like a 5xx. Marked
 * `outcomeUnknown`: a write may have been applied even though no readable answer came back.
 */
export function unreachableError(errors: ZErrors, gateway: GatewayName, why: string, action?: string): Error {
  const doing = action ? ` while ${action}` : '';
  const error = new errors.ThrottledError(
    `${GATEWAY_LABELS[gateway]} could not be reached or gave an unreadable answer${doing} (${why}). Zapier will retry this step.`,
    DEFAULT_RETRY_SECONDS,
  );
  return Object.assign(error, { outcomeUnknown: true });
}

/** Whether a failed call may still have been carried out (no answer, or an unreadable one). */
export function isOutcomeUnknown(error: unknown): boolean {
  return (error as { outcomeUnknown?: unknown } | null)?.outcomeUnknown === true;
}

/** Errors from node-fetch that mean "no answer came back": safe to re-send with the same idempotency key. */
export function isNetworkFailure(error: unknown): boolean {
  const e = error as { name?: string; type?: string; code?: string } | null;
  if (!e) return false;
  return (
    e.name === 'FetchError' ||
    e.type === 'request-timeout' ||
    e.type === 'system' ||
    (typeof e.code === 'string' && /^E[A-Z]+/.test(e.code))
  );
}
