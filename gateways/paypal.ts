/**
 * PayPal client over `z.request`. Typed with `@paypal/paypal-server-sdk`'s models (never loaded at run time).
 *
 * The client-credentials token is minted once per connection and token lifetime and kept in
 * `z.cache` scoped to the connection (TTL = `expires_in` minus a margin), with an in-process copy for
 * warm runs. A 401 on an API call means the token died early: it is forgotten, minted again, and the
 * call re-sent once. The bearer header is set here, not in middleware, because minting needs
 * `z.request` and `z.cache`, which middleware does not get.
 */
import { createHash } from 'node:crypto';
import type { ZObject } from 'zapier-platform-core';
import type { PayPalCaptureInput, PayPalEventInput, PayPalOrderInput, PayPalTransactionDetailInput } from './paypal-types';
import { connectionCache } from './cache';
import { GATEWAY_LABELS, paypalBaseUrl, type PayPalEnvironment } from './config';
import { expiredAuthError, gatewayError } from './errors';
import { describeCall, sendGatewayRequest, type GatewayRequest, type GatewayResponse, type HttpMethod } from './http';

export interface PayPalCredentials {
  clientId: string;
  clientSecret: string;
  environment: PayPalEnvironment;
}

/** `POST /v1/oauth2/token` answer. */
export interface PayPalToken {
  scope: string;
  access_token: string;
  token_type: string;
  app_id?: string;
  expires_in: number;
  nonce?: string;
}

/** Scopes as PayPal grants them (reference/paypal.md §2). */
export const PAYPAL_SCOPES = {
  tracking: 'https://uri.paypal.com/services/shipping/trackers/readwrite',
  webhooks: 'https://uri.paypal.com/services/applications/webhooks',
  transactionSearch: 'https://uri.paypal.com/services/reporting/search/read',
} as const;

/** Seconds taken off `expires_in` so a token is never used in its last minutes. */
const TOKEN_EXPIRY_MARGIN_SECONDS = 300;

interface CachedToken {
  access_token: string;
  scope: string;
  expires_at: number;
}

/** Warm Lambda runs reuse the process: keep the token in memory as well as in z.cache. */
const tokensInProcess = new Map<string, CachedToken>();

type Params = Record<string, string | number | boolean | undefined>;

interface CallOptions {
  action?: string;
  notFound?: string;
  /** Statuses the caller handles itself (e.g. 404). */
  accept?: readonly number[];
  /** False: no re-send after a network failure (see GatewayRequest.resend). */
  resend?: boolean;
}

export class PayPalClient {
  readonly environment: PayPalEnvironment;
  readonly base: string;
  private readonly cacheKey: string;

  constructor(
    private readonly z: ZObject,
    private readonly credentials: PayPalCredentials,
  ) {
    this.environment = credentials.environment;
    this.base = paypalBaseUrl(credentials.environment);
    // The key names the connection without holding a secret: a hash of base, client ID and secret.
    const fingerprint = createHash('sha256')
      .update(`${this.base}|${credentials.clientId}|${credentials.clientSecret}`)
      .digest('hex')
      .slice(0, 32);
    this.cacheKey = `paypal-token:${fingerprint}`;
  }

  /** "PayPal sandbox" / "PayPal live": how messages name this connection's PayPal. */
  get label(): string {
    return `${GATEWAY_LABELS.paypal} ${this.environment}`;
  }

  private get secrets(): string[] {
    const token = tokensInProcess.get(this.cacheKey)?.access_token;
    return [this.credentials.clientSecret, ...(token ? [token] : [])];
  }

  /** Mints a token (always a request): the connection test uses it to read the granted scopes. */
  async mintToken(): Promise<PayPalToken> {
    const basic = Buffer.from(`${this.credentials.clientId}:${this.credentials.clientSecret}`).toString('base64');
    const response = await sendGatewayRequest<PayPalToken>(
      this.z,
      { gateway: 'paypal', secrets: [this.credentials.clientSecret] },
      {
        method: 'POST',
        url: `${this.base}/v1/oauth2/token`,
        headers: { Authorization: `Basic ${basic}` },
        form: { grant_type: 'client_credentials' },
        accept: [400, 401],
        action: `getting an access token from ${this.label}`,
      },
    );
    if (response.status === 400 || response.status === 401 || !response.data?.access_token) {
      throw expiredAuthError(
        this.z.errors,
        `${this.label} rejected the client ID and secret (${describeOAuthError(response.data)}). ` +
          `Check that they belong to a ${this.environment} REST app: live and sandbox apps have different credentials.`,
      );
    }
    const token = response.data;
    const ttl = Math.max(60, Math.floor(token.expires_in) - TOKEN_EXPIRY_MARGIN_SECONDS);
    const cached: CachedToken = { access_token: token.access_token, scope: token.scope, expires_at: Date.now() + ttl * 1000 };
    tokensInProcess.set(this.cacheKey, cached);
    await connectionCache(this.z).set(this.cacheKey, cached, ttl);
    return token;
  }

  private async accessToken(): Promise<string> {
    const inProcess = tokensInProcess.get(this.cacheKey);
    if (inProcess && inProcess.expires_at > Date.now()) return inProcess.access_token;
    const cached = await connectionCache(this.z).get<CachedToken>(this.cacheKey);
    if (cached && cached.expires_at > Date.now()) {
      tokensInProcess.set(this.cacheKey, cached);
      return cached.access_token;
    }
    return (await this.mintToken()).access_token;
  }

  private async forgetToken(): Promise<void> {
    tokensInProcess.delete(this.cacheKey);
    await connectionCache(this.z).delete(this.cacheKey);
  }

  private async send<T>(request: Omit<GatewayRequest, 'url'> & { path: string }, isRetry = false): Promise<GatewayResponse<T>> {
    const token = await this.accessToken();
    const { path, ...rest } = request;
    const accept = isRetry ? rest.accept : [...(rest.accept ?? []), 401];
    const response = await sendGatewayRequest<T>(
      this.z,
      { gateway: 'paypal', secrets: this.secrets },
      {
        ...rest,
        action: rest.action ?? describeCall(rest.method, path),
        url: this.base + path,
        headers: { ...rest.headers, Authorization: `Bearer ${token}` },
        accept,
      },
    );
    if (response.status === 401 && !rest.accept?.includes(401)) {
      if (isRetry) throw gatewayError(this.z.errors, { gateway: 'paypal', status: 401, body: response.data, secrets: this.secrets });
      await this.forgetToken();
      return this.send<T>(request, true);
    }
    return response;
  }

  async call<T>(
    method: HttpMethod,
    path: string,
    body: { params?: Params; json?: unknown; requestId?: boolean },
    options: CallOptions = {},
  ): Promise<GatewayResponse<T>> {
    return this.send<T>({
      method,
      path,
      params: body.params,
      json: body.json,
      idempotencyHeader: body.requestId ? 'PayPal-Request-Id' : undefined,
      ...options,
    });
  }

  async get<T>(path: string, params?: Params, options: CallOptions = {}): Promise<T> {
    return (await this.call<T>('GET', path, { params }, options)).data;
  }

  /** A GET whose 404 means "there is none". */
  async find<T>(path: string, params?: Params, options: CallOptions = {}): Promise<T | null> {
    const response = await this.call<T>('GET', path, { params }, { ...options, accept: [404] });
    return response.status === 404 ? null : response.data;
  }

  /** A JSON write with a fresh `PayPal-Request-Id` per attempt. */
  async post<T>(path: string, json: unknown, options: CallOptions = {}): Promise<T> {
    return (await this.call<T>('POST', path, { json, requestId: true }, options)).data;
  }

  async patch(path: string, json: unknown, options: CallOptions = {}): Promise<void> {
    await this.call<unknown>('PATCH', path, { json }, options);
  }

  /** A DELETE where "already gone" (404) counts as done. Returns whether it existed. */
  async deleteIfPresent(path: string, options: CallOptions = {}): Promise<boolean> {
    const response = await this.call<unknown>('DELETE', path, {}, { ...options, accept: [404] });
    return response.status !== 404;
  }
}

function describeOAuthError(body: unknown): string {
  const error = body as { error?: string; error_description?: string } | null;
  if (!error?.error) return 'no token in the answer';
  return [error.error, error.error_description].filter(Boolean).join(': ');
}

/** Test hook: forget tokens held in this process (the z.cache copy is the test's own). */
export function forgetTokensInProcess(): void {
  tokensInProcess.clear();
}

/** `POST /v2/checkout/orders/{id}/track` body, as PayPal's docs and SDK define it (not the 2024 spec's allOf). */
export interface PayPalTrackRequest {
  capture_id: string;
  tracking_number?: string;
  carrier?: string;
  carrier_name_other?: string;
  notify_payer?: boolean;
  items?: Array<{ name?: string; sku?: string; quantity?: string }>;
}

/** A Tracking v1 tracker (`GET /v1/shipping/trackers?transaction_id=`): the one read that lists numbers. */
export interface PayPalV1Tracker {
  transaction_id: string;
  tracking_number?: string;
  status?: string;
  carrier?: string;
  carrier_name_other?: string;
}

export interface PayPalWebhook {
  id: string;
  url: string;
  event_types: Array<{ name: string }>;
}

export interface PayPalTransactionSearchResult {
  transaction_details?: PayPalTransactionDetailInput[];
  page?: number;
  total_items?: number;
  total_pages?: number;
  last_refreshed_datetime?: string;
}

/** The PayPal calls the operations make, typed (JSON as the REST API sends it; the SDK's models are camelCase). */
export class PayPalApi {
  constructor(readonly client: PayPalClient) {}

  get environment(): PayPalEnvironment {
    return this.client.environment;
  }

  getOrder(id: string): Promise<PayPalOrderInput | null> {
    return this.client.find<PayPalOrderInput>(`/v2/checkout/orders/${encodeURIComponent(id)}`, undefined, {
      action: `reading ${this.client.label} order ${id}`,
    });
  }

  getCapture(id: string): Promise<PayPalCaptureInput | null> {
    return this.client.find<PayPalCaptureInput>(`/v2/payments/captures/${encodeURIComponent(id)}`, undefined, {
      action: `reading ${this.client.label} capture ${id}`,
    });
  }

  /** Trackers of one capture with their numbers (Tracking v1; Orders v2 trackers carry none). */
  async listTrackers(captureId: string): Promise<PayPalV1Tracker[]> {
    const result = await this.client.find<{ trackers?: PayPalV1Tracker[] }>(
      '/v1/shipping/trackers',
      { transaction_id: captureId },
      {
        action: `reading the tracking numbers of ${this.client.label} capture ${captureId}`,
      },
    );
    return result?.trackers ?? [];
  }

  /**
   * Adds a tracker; PayPal answers with the whole order, new tracker included. PayPal declares no
   * PayPal-Request-Id on /track (reference/paypal.md §11), so `{resend: false}` lets the caller check
   * the order instead of re-sending blindly after a lost answer.
   */
  addTracker(orderId: string, body: PayPalTrackRequest, options: { resend?: boolean } = {}): Promise<PayPalOrderInput> {
    return this.client.post<PayPalOrderInput>(`/v2/checkout/orders/${encodeURIComponent(orderId)}/track`, body, {
      action: `adding tracking to ${this.client.label} order ${orderId}`,
      ...options,
    });
  }

  cancelTracker(orderId: string, trackerId: string): Promise<void> {
    return this.client.patch(
      `/v2/checkout/orders/${encodeURIComponent(orderId)}/trackers/${encodeURIComponent(trackerId)}`,
      [{ op: 'replace', path: '/status', value: 'CANCELLED' }],
      { action: `cancelling tracker ${trackerId} on ${this.client.label} order ${orderId}` },
    );
  }

  createWebhook(url: string, eventTypes: readonly string[]): Promise<PayPalWebhook> {
    return this.client.post<PayPalWebhook>(
      '/v1/notifications/webhooks',
      { url, event_types: eventTypes.map((name) => ({ name })) },
      {
        action: `creating the ${this.client.label} webhook`,
      },
    );
  }

  /** The REST app's webhooks (PayPal allows at most 10; the list is not paged). */
  listWebhooks(): Promise<{ webhooks?: PayPalWebhook[] }> {
    return this.client.get<{ webhooks?: PayPalWebhook[] }>('/v1/notifications/webhooks', undefined, {
      action: `listing the ${this.client.label} webhooks`,
    });
  }

  /** Deletes a webhook; one already gone counts as deleted. */
  deleteWebhook(id: string): Promise<boolean> {
    return this.client.deleteIfPresent(`/v1/notifications/webhooks/${encodeURIComponent(id)}`, {
      action: `deleting the ${this.client.label} webhook`,
    });
  }

  listWebhookEvents(params: {
    page_size?: number;
    start_time?: string;
    end_time?: string;
    event_type?: string;
  }): Promise<{ events?: PayPalEventInput[] }> {
    return this.client.get<{ events?: PayPalEventInput[] }>('/v1/notifications/webhooks-events', params);
  }

  /** One event as PayPal keeps it (null when PayPal has none with this id): what a webhook delivery is checked against. */
  getWebhookEvent(id: string): Promise<PayPalEventInput | null> {
    return this.client.find<PayPalEventInput>(`/v1/notifications/webhooks-events/${encodeURIComponent(id)}`, undefined, {
      action: `reading ${this.client.label} webhook event ${id}`,
    });
  }

  /** Transaction Search (data lags up to 3 h; at most 31 days per query). */
  searchTransactions(params: Record<string, string | number | undefined>): Promise<PayPalTransactionSearchResult> {
    return this.client.get<PayPalTransactionSearchResult>('/v1/reporting/transactions', params, {
      action: `searching ${this.client.label} transactions`,
    });
  }
}
