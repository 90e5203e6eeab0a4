/**
 * Gateway answers → Zapier errors, in one place (DESIGN §7).
 *
 * Every message names the gateway, carries the gateway's own words (Stripe `error.message`; PayPal
 * `name`, `details[].issue`/`description`), says what to do where we know, and is scrubbed of the
 * connection's secrets. Only `z.errors.*` classes leave this module: core attaches the whole bundle
 * (subscribeData included, where the Stripe webhook secret lives) to any other error.
 */
import type { ZObject } from 'zapier-platform-core';
import { GATEWAY_LABELS, type GatewayName } from './config';

export type ZErrors = ZObject['errors'];

/**
 * Core appends the bundle (subscribeData included: the Stripe webhook secret) to the message of any
 * error without `doNotContextify` — ExpiredAuthError and HaltedError among them. Ours never carry it.
 */
function withoutBundle<E extends Error>(error: E): E {
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

/** A soft stop that never turns the Zap off (e.g. a webhook that failed verification, a filtered event). */
export function haltedError(errors: ZErrors, message: string): Error {
  return withoutBundle(new errors.HaltedError(message));
}

/** Stripe's error body: `{error:{type,code,message,param}}`. */
export interface StripeErrorBody {
  error?: { type?: string; code?: string; message?: string; param?: string; decline_code?: string };
}

/** PayPal's error bodies: REST `{name,message,debug_id,details[]}` and OAuth `{error,error_description}`. */
export interface PayPalErrorBody {
  name?: string;
  message?: string;
  debug_id?: string;
  details?: Array<{ issue?: string; description?: string; field?: string }>;
  error?: string;
  error_description?: string;
}

/** What the merchant should do about a PayPal `details[].issue` (Orders v2 track/patch, webhooks, search). */
export const PAYPAL_ISSUE_ADVICE: Record<string, string> = {
  CAPTURE_STATUS_NOT_VALID:
    'PayPal takes tracking only for a captured payment (capture COMPLETED, PARTIALLY_REFUNDED or PENDING). Capture the payment first, or use the order of a captured payment.',
  CAPTURE_ID_NOT_FOUND:
    'The capture does not belong to this order. Use the order ID or the capture (transaction) ID of the payment, not an authorization ID.',
  ITEM_SKU_MISMATCH:
    'Every item SKU must be one that was sent when the order was created. Check the items, or leave them out to track the whole order.',
  MSP_NOT_SUPPORTED: 'PayPal does not support tracking on orders with several purchase units.',
  INVALID_STRING_LENGTH: 'A value is empty or too long (tracking numbers are 1 to 64 characters).',
  PERMISSION_DENIED:
    'Your PayPal REST app lacks a permission. In the PayPal developer dashboard, open the app and enable the needed feature (e.g. Shipment tracking), then reconnect.',
  NOT_AUTHORIZED:
    'Your PayPal REST app lacks a permission. In the PayPal developer dashboard, open the app and enable the needed feature, then reconnect.',
  INVALID_RESOURCE_ID: 'PayPal has no record with that ID in this environment.',
  RESOURCE_NOT_FOUND: 'PayPal has no record with that ID in this environment.',
  INVALID_TRACKER_ID: 'That tracker does not exist on this order.',
  NOT_PATCHABLE: 'That tracker can no longer be changed.',
  WEBHOOK_NUMBER_LIMIT_EXCEEDED:
    'Your PayPal REST app already has the maximum of 10 webhooks. Delete an unused one in the PayPal developer dashboard, or use the "Order Status Changed (Scheduled)" trigger (order_status_changed_polling), which needs none.',
  WEBHOOK_URL_ALREADY_EXISTS: 'A PayPal webhook with this URL already exists for your REST app.',
  RATE_LIMIT_REACHED: 'PayPal is limiting requests for now.',
  // Orders v2 track / trackers patch (checkout_orders_v2.json, developer.paypal.com/api/orders/v2/orders-track-create).
  MISSING_REQUIRED_PARAMETER: 'PayPal needs a value that was not sent: check the tracking number, the carrier and the items.',
  INVALID_PARAMETER_VALUE:
    "PayPal did not accept a value: check that the carrier is one of PayPal's carriers (or leave Carrier empty to detect it, or type the carrier's name), and that item quantities are whole numbers.",
  INVALID_PARAMETER_SYNTAX:
    'A value has characters PayPal does not accept: tracking numbers are letters and digits, item quantities whole numbers.',
  MALFORMED_REQUEST_JSON: 'PayPal could not read the request. Check the items (SKU, name and quantity).',
  TRACKER_ID_NOT_FOUND: 'That tracker does not exist on this order: check the tracking number (Old Tracking Number for updates).',
  FIELD_NOT_PATCHABLE:
    'PayPal does not allow changing that part of a tracker; to change the number or the carrier, update the tracking (the old tracker is cancelled and a new one added).',
  INVALID_PATCH_OPERATION: 'PayPal does not allow that change to a tracker; a tracker can only be cancelled or have its items replaced.',
  INVALID_JSON_POINTER_FORMAT: 'PayPal did not accept the change to the tracker.',
  PATCH_VALUE_REQUIRED: 'PayPal did not accept the change to the tracker (a value was missing).',
  PATCH_PATH_REQUIRED: 'PayPal did not accept the change to the tracker (a path was missing).',
  UPDATE_LIMIT_EXCEEDED: 'PayPal refuses further changes to this tracker for now; wait before changing it again.',
};

/**
 * What the merchant should do about a Stripe `error.code`. A key `code:param` (param up to its first
 * `[`, e.g. `parameter_missing:shipping`) is more specific and wins over the bare code.
 */
export const STRIPE_CODE_ADVICE: Record<string, string> = {
  'parameter_missing:shipping':
    'Stripe needs the shipping name and address to store tracking, and this payment has none: fill in Shipping Name, Shipping Address Line 1, City, Postal Code and Country on this step.',
  'resource_missing:payment_intent':
    'Stripe has no such payment for this key. Check the ID, and that the key is for the right mode (live or test).',
  resource_missing: 'Stripe has no object with that ID for this key. Check the ID, and that the key is for the right mode (live or test).',
  parameter_missing: 'Stripe needs a value that was not sent.',
  rate_limit: 'Stripe is limiting requests for now.',
  lock_timeout: 'Another request was changing the same payment at the same moment.',
  idempotency_key_in_use: 'Another identical request is still being processed.',
  secret_key_required: 'This call needs a secret key (sk_…) or a restricted key (rk_…), not a publishable key.',
  // Writing shipping/tracking to a PaymentIntent and dispute evidence (docs.stripe.com/error-codes).
  parameter_invalid_empty:
    'Stripe needs the shipping name and address to store tracking: fill in Shipping Name and Shipping Address Line 1 (and city, postal code, country) on this step, or add a shipping address to the payment.',
  parameter_invalid_string_empty:
    'Stripe needs the shipping name and address to store tracking: fill in Shipping Name and Shipping Address Line 1 (and city, postal code, country) on this step, or add a shipping address to the payment.',
  parameter_unknown: "Stripe did not recognise a parameter; the key may be for an older API version. Contact the integration's support.",
  payment_intent_unexpected_state: 'The payment is in a state where Stripe does not allow changes; check it in the Stripe Dashboard.',
  resource_already_exists: 'Stripe already has that object.',
  charge_already_refunded: 'The payment was refunded in full; Stripe no longer takes changes to it.',
  charge_disputed: 'The payment is disputed: respond to the dispute in the Stripe Dashboard.',
  invalid_request_error: 'Stripe refused the request as sent.',
  api_key_expired: 'The Stripe key has expired: create a new key and reconnect.',
  testmode_charges_only: 'This Stripe account can only make test-mode requests: use a test key (sk_test_…) or activate the account.',
  livemode_mismatch: 'The ID is from the other Stripe mode than the key (live vs test): use a key of the same mode as the payment.',
};

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
export function gatewayMessage(gateway: GatewayName, body: unknown): { text: string; code?: string } {
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
  for (const key of [...(paypal.details ?? []).map((d) => d.issue), paypal.name]) {
    if (key && PAYPAL_ISSUE_ADVICE[key]) return PAYPAL_ISSUE_ADVICE[key];
  }
  return undefined;
}

const DEFAULT_RETRY_SECONDS = 60;

function retryDelaySeconds(retryAfter: string | null | undefined): number {
  if (!retryAfter) return DEFAULT_RETRY_SECONDS;
  const seconds = Number.parseInt(retryAfter, 10);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(retryAfter);
  return Number.isFinite(date) ? Math.max(1, Math.ceil((date - Date.now()) / 1000)) : DEFAULT_RETRY_SECONDS;
}

/**
 * Maps one failed gateway answer to the Zapier error the merchant should see (DESIGN §7):
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
