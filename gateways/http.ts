/**
 * The one way gateway clients talk HTTP: through `z.request` (so every call shows in Zapier's request
 * log and gets core's secret scrubbing), with a timeout, JSON parsing that survives garbage, one
 * re-send after a network failure (with the same idempotency key: the only case where a key is
 * reused), and every failed status mapped by `gatewayError`.
 *
 * Time (docs/architecture.md#time-budget): Zapier gives a whole step 30 s. Every request of one step (one `z`) shares a budget
 * of STEP_BUDGET_MS from the step's first gateway request; each attempt waits at most
 * REQUEST_TIMEOUT_MS and never past the budget, and the re-send after a network failure happens only
 * when a whole attempt still fits. So a hanging gateway costs at most 2 × 10 s, and a step that has
 * already spent time (a lock wait, earlier calls) fails with a retryable error inside the 30 s instead
 * of being killed by Zapier mid-write with no answer at all.
 */
import { randomUUID } from 'node:crypto';
import type { HttpRequestOptions, HttpResponse, ZObject } from 'zapier-platform-core';
import type { GatewayName } from './config';
import { toZapierError } from './error-boundary';
import { gatewayError, isNetworkFailure, unreachableError, type GatewayFailure } from './errors';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface GatewayRequest {
  method: HttpMethod;
  url: string;
  params?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  /** A form (Stripe: flat bracketed keys) or a JSON value (PayPal). */
  form?: Record<string, string>;
  json?: unknown;
  /** Header that carries a per-attempt idempotency key on writes (Stripe `Idempotency-Key`, PayPal `PayPal-Request-Id`). */
  idempotencyHeader?: 'Idempotency-Key' | 'PayPal-Request-Id';
  /**
   * Re-send once after a network failure (default true). False for a write the gateway declares no
   * idempotency for, whose caller checks the gateway's state instead (sync/tracking/write.ts, PayPal /track).
   */
  resend?: boolean;
  /** Statuses the caller handles itself (e.g. 404 → "not found", PayPal 401 → refresh the token once). */
  accept?: readonly number[];
  /** Context for error messages. */
  action?: string;
  notFound?: string;
}

export interface GatewayResponse<T> {
  status: number;
  data: T;
  header(name: string): string | null;
}

export interface Transport {
  gateway: GatewayName;
  secrets: readonly string[];
}

/** Names the integration to the gateways (their logs and support), as core's request merge would otherwise say "Zapier". */
export const USER_AGENT = 'Zapier PayPal-Stripe-Tracking-Sync';

/**
 * Per-attempt timeout. Stripe and PayPal answer in well under 2 s; 10 s is long enough for a slow day
 * and short enough that an attempt and its re-send (2 × 10 s) fit in the step budget.
 */
export const REQUEST_TIMEOUT_MS = 10_000;
/** All gateway calls of one step: Zapier's 30 s less 5 s for the Lambda start and the answer. */
const STEP_BUDGET_MS = 25_000;
/** An attempt with less time than this is not started (it would only time out). */
const MIN_ATTEMPT_MS = 1_000;

/**
 * `GATEWAY_REQUEST_TIMEOUT_MS` / `GATEWAY_STEP_BUDGET_MS` shorten the limits for the sandbox and tests
 * only, like STRIPE_API_BASE (gateways/config.ts): environment variables, which nothing a merchant
 * types into a connection or a step can set. They can only shorten: a larger value is ignored.
 */
export function shortenedByEnvironment(name: string, limit: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? Math.min(value, limit) : limit;
}

const requestTimeoutMs = (): number => shortenedByEnvironment('GATEWAY_REQUEST_TIMEOUT_MS', REQUEST_TIMEOUT_MS);
const stepBudgetMs = (): number => shortenedByEnvironment('GATEWAY_STEP_BUDGET_MS', STEP_BUDGET_MS);

/** Each step's deadline, keyed by its `z` (core makes one per invocation); set by the step's first request. */
const stepDeadlines = new WeakMap<object, number>();

function stepDeadline(z: ZObject): number {
  let deadline = stepDeadlines.get(z);
  if (deadline === undefined) {
    deadline = Date.now() + stepBudgetMs();
    stepDeadlines.set(z, deadline);
  }
  return deadline;
}

const VERBS: Record<HttpMethod, string> = { GET: 'reading', POST: 'writing', PUT: 'replacing', PATCH: 'changing', DELETE: 'deleting' };

/** What a call was doing, for error messages when its caller did not say: "reading /v1/charges/ch_1". */
export function describeCall(method: HttpMethod, path: string): string {
  return `${VERBS[method]} ${path}`;
}

function parseBody(content: string): { ok: true; value: unknown } | { ok: false } {
  if (content.trim() === '') return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(content) };
  } catch {
    return { ok: false };
  }
}

type RequestOptions = HttpRequestOptions & { url: string; throwForThrottlingEarly: boolean };

/** The `z.request` options of one request: headers (with a fresh idempotency key), the body, no merge. */
function requestOptions(request: GatewayRequest): RequestOptions {
  const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': USER_AGENT, ...request.headers };
  if (request.idempotencyHeader) headers[request.idempotencyHeader] = randomUUID();
  let body: HttpRequestOptions['body'];
  if (request.form) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = request.form;
  } else if (request.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(request.json);
  }
  return {
    url: request.url,
    method: request.method,
    params: request.params,
    headers,
    body,
    skipThrowForStatus: true,
    throwForThrottlingEarly: false,
    // No request template to merge in (index.ts has none), and core's merge deep-copies the request's
    // `input` — the whole compiled app definition — on every call: ~7 ms and a GC each on a cold start.
    merge: false,
    removeMissingValuesFrom: { params: true },
  } as RequestOptions;
}

/** One attempt within the step's budget, and one re-send (same options) after a network failure. */
async function sendWithOneResend(
  z: ZObject,
  transport: Transport,
  request: GatewayRequest,
  options: RequestOptions,
): Promise<HttpResponse> {
  const deadline = stepDeadline(z);
  const attempt = () => {
    const timeout = Math.min(requestTimeoutMs(), deadline - Date.now());
    if (timeout < Math.min(MIN_ATTEMPT_MS, requestTimeoutMs())) {
      // Not sent at all: nothing can be half-done by a request that never left.
      return Promise.reject(
        unreachableError(
          z.errors,
          transport.gateway,
          'this step ran out of time for gateway calls before the request was sent',
          request.action,
        ),
      );
    }
    return z.request({ ...options, timeout });
  };

  // Whatever `z.request` threw, as a `z.errors.*` error: core would attach the bundle to anything else.
  const failed = (error: unknown) =>
    toZapierError(z, error, { gateway: transport.gateway, secrets: transport.secrets, action: request.action });
  try {
    return await attempt();
  } catch (first) {
    if (!isNetworkFailure(first) || request.resend === false) throw failed(first);
    // The re-send only when a whole attempt still fits the budget: a cut-short re-send could leave the
    // step without an answer when Zapier's 30 s run out; Zapier's own retry of the step is the safer one.
    if (deadline - Date.now() < requestTimeoutMs()) throw failed(first);
    try {
      // Same options, same idempotency key: the gateway may have done the write before the connection dropped.
      return await attempt();
    } catch (second) {
      throw failed(second);
    }
  }
}

/** A 2xx or accepted status → its JSON; any other status → the Zapier error `gatewayError` maps it to. */
function readAnswer<T>(z: ZObject, transport: Transport, request: GatewayRequest, response: HttpResponse): GatewayResponse<T> {
  const parsed = parseBody(response.content);
  // core types `headers` as node-fetch's Headers, whose typings the lint's program cannot resolve.
  const headers = response.headers as { get(name: string): string | null };
  const header = (name: string): string | null => headers.get(name);
  const accepted = request.accept?.includes(response.status) ?? false;
  if ((response.status >= 200 && response.status < 300) || accepted) {
    if (!parsed.ok) {
      if (accepted && response.status >= 400) return { status: response.status, data: null as T, header };
      throw unreachableError(z.errors, transport.gateway, `HTTP ${response.status} with a body that is not JSON`, request.action);
    }
    return { status: response.status, data: parsed.value as T, header };
  }
  const failure: GatewayFailure = {
    gateway: transport.gateway,
    status: response.status,
    body: parsed.ok ? parsed.value : null,
    retryAfter: header('retry-after'),
    action: request.action,
    notFound: request.notFound,
    secrets: transport.secrets,
  };
  throw gatewayError(z.errors, failure);
}

export async function sendGatewayRequest<T>(z: ZObject, transport: Transport, request: GatewayRequest): Promise<GatewayResponse<T>> {
  const response = await sendWithOneResend(z, transport, request, requestOptions(request));
  return readAnswer<T>(z, transport, request, response);
}
