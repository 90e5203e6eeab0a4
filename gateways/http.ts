/**
 * The one way gateway clients talk HTTP: through `z.request` (so every call shows in Zapier's request
 * log and gets core's secret scrubbing), with a timeout, JSON parsing that survives garbage, one
 * re-send after a network failure (with the same idempotency key: the only case where a key is
 * reused), and every failed status mapped by `gatewayError`.
 */
import { randomUUID } from 'node:crypto';
import type { HttpRequestOptions, ZObject } from 'zapier-platform-core';
import { GATEWAY_LABELS, type GatewayName } from './config';
import { gatewayError, isZapierError, scrubSecrets, unreachableError, type GatewayFailure } from './errors';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

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

/** Per-request timeout: a Zapier step has 30 s in all, and a gateway that hangs must not eat it. */
export const REQUEST_TIMEOUT_MS = 20_000;

/** Errors from node-fetch that mean "no answer came back": safe to re-send with the same idempotency key. */
function isNetworkFailure(error: unknown): boolean {
  const e = error as { name?: string; type?: string; code?: string } | null;
  if (!e) return false;
  return e.name === 'FetchError' || e.type === 'request-timeout' || e.type === 'system' || typeof e.code === 'string' && /^E[A-Z]+/.test(e.code);
}

/** Whatever `z.request` threw, as a `z.errors.*` error: core would attach the bundle to anything else. */
function asZapierError(z: ZObject, transport: Transport, error: unknown, action?: string): Error {
  const e = error as Error;
  if (isZapierError(e)) return e;
  const why = scrubSecrets(String(e?.message ?? error), transport.secrets);
  if (isNetworkFailure(error)) return unreachableError(z.errors, transport.gateway, why, action);
  return new z.errors.Error(`${GATEWAY_LABELS[transport.gateway]} request failed${action ? ` while ${action}` : ''}: ${why}`, 'RequestFailed', 500);
}

function parseBody(content: string): { ok: true; value: unknown } | { ok: false } {
  if (content.trim() === '') return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(content) };
  } catch {
    return { ok: false };
  }
}

export async function sendGatewayRequest<T>(z: ZObject, transport: Transport, request: GatewayRequest): Promise<GatewayResponse<T>> {
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
  const options = {
    url: request.url,
    method: request.method,
    params: request.params,
    headers,
    body,
    timeout: REQUEST_TIMEOUT_MS,
    skipThrowForStatus: true,
    throwForThrottlingEarly: false,
    // No request template to merge in (index.ts has none), and core's merge deep-copies the request's
    // `input` — the whole compiled app definition — on every call: ~7 ms and a GC each on a cold start.
    merge: false,
    removeMissingValuesFrom: { params: true },
  } as HttpRequestOptions & { url: string; throwForThrottlingEarly: boolean };

  let response;
  try {
    response = await z.request(options);
  } catch (first) {
    if (!isNetworkFailure(first)) throw asZapierError(z, transport, first, request.action);
    try {
      // Same options, same idempotency key: the gateway may have done the write before the connection dropped.
      response = await z.request(options);
    } catch (second) {
      throw asZapierError(z, transport, second, request.action);
    }
  }

  const parsed = parseBody(response.content);
  const header = (name: string) => response.headers.get(name);
  const accepted = request.accept?.includes(response.status) ?? false;
  if (response.status >= 200 && response.status < 300 || accepted) {
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
