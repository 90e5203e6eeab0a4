/**
 * Stripe client over `z.request`. Typed with the `stripe` package's types (never loaded at run time).
 *
 * Stripe v1 bodies are forms with flat bracketed keys (`shipping[address][line1]`): core's form
 * encoder does not flatten nested objects, so `toStripeForm` does. Credentials and `Stripe-Version`
 * are added by `gateways/middleware.ts` for every request to the Stripe base URL.
 */
import type Stripe from 'stripe';
import type { ZObject } from 'zapier-platform-core';
import { stripeBaseUrl, stripeMode, type StripeMode } from './config';
import { describeCall, sendGatewayRequest, type GatewayRequest, type GatewayResponse } from './http';

export type { Stripe };

/** The API version this app reads and writes; the one `stripe@23.1.0` pins (its `Stripe.API_VERSION`). */
export const STRIPE_API_VERSION = '2026-10-28.endive';

export type FormValue = string | number | boolean | null | undefined | readonly FormValue[] | { readonly [key: string]: FormValue };

/**
 * Nested params → Stripe's flat form keys. Arrays are indexed (`enabled_events[0]`), as stripe-node
 * sends them; `null` becomes `""` (Stripe's "unset"); `undefined` is left out.
 */
export function toStripeForm(params: Record<string, FormValue>): Record<string, string> {
  const form: Record<string, string> = {};
  const walk = (prefix: string, value: FormValue): void => {
    if (value === undefined) return;
    if (value === null) {
      form[prefix] = '';
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => walk(`${prefix}[${index}]`, item));
    } else if (typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) walk(`${prefix}[${key}]`, inner);
    } else {
      form[prefix] = String(value);
    }
  };
  for (const [key, value] of Object.entries(params)) walk(key, value);
  return form;
}

/** A value quoted for Stripe's Search query language (`metadata['order_id']:'A-1'`). */
export function stripeSearchValue(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export interface StripeList<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
}

export interface StripeSearchResult<T> {
  object: 'search_result';
  data: T[];
  has_more: boolean;
  next_page: string | null;
}

type Params = Record<string, string | number | boolean | undefined>;

interface CallOptions {
  action?: string;
  notFound?: string;
}

export class StripeClient {
  readonly mode: StripeMode;
  private readonly base = stripeBaseUrl();

  constructor(
    private readonly z: ZObject,
    private readonly secretKey: string,
  ) {
    this.mode = stripeMode(secretKey);
  }

  private send<T>(request: Omit<GatewayRequest, 'url'> & { path: string }): Promise<GatewayResponse<T>> {
    const { path, ...rest } = request;
    const action = rest.action ?? describeCall(rest.method, path);
    return sendGatewayRequest<T>(this.z, { gateway: 'stripe', secrets: [this.secretKey] }, { ...rest, action, url: this.base + path });
  }

  async get<T>(path: string, params?: Params, options: CallOptions = {}): Promise<T> {
    return (await this.send<T>({ method: 'GET', path, params, ...options })).data;
  }

  /** A GET whose 404 means "there is none" rather than an error. */
  async find<T>(path: string, params?: Params, options: CallOptions = {}): Promise<T | null> {
    const response = await this.send<T>({ method: 'GET', path, params, accept: [404], ...options });
    return response.status === 404 ? null : response.data;
  }

  /** A write. Each call carries a fresh `Idempotency-Key`, reused only by the transport's re-send after a network failure. */
  async post<T>(path: string, params: Record<string, FormValue>, options: CallOptions = {}): Promise<T> {
    const response = await this.send<T>({
      method: 'POST',
      path,
      form: toStripeForm(params),
      idempotencyHeader: 'Idempotency-Key',
      ...options,
    });
    return response.data;
  }

  /** A DELETE where "already gone" (404) counts as done. Returns whether it existed. */
  async deleteIfPresent(path: string, options: CallOptions = {}): Promise<boolean> {
    const response = await this.send<unknown>({ method: 'DELETE', path, accept: [404], ...options });
    return response.status !== 404;
  }

  search<T>(
    resource: 'payment_intents' | 'charges',
    query: string,
    params: { limit?: number; page?: string } = {},
    options: CallOptions = {},
  ): Promise<StripeSearchResult<T>> {
    return this.get<StripeSearchResult<T>>(`/v1/${resource}/search`, { query, limit: params.limit, page: params.page }, options);
  }

  retrieveAccount(): Promise<Stripe.Account> {
    return this.get<Stripe.Account>('/v1/account', undefined, { action: 'checking the connection' });
  }
}

/**
 * The Stripe calls the operations make, typed. Each read whose 404 means "no such object" answers
 * null; each write says what it was doing, for the error message.
 */
export class StripeApi {
  constructor(readonly client: StripeClient) {}

  get mode(): StripeMode {
    return this.client.mode;
  }

  /** A PaymentIntent with its latest Charge expanded: buyer, refunds and dispute flag in one read. */
  getPaymentIntent(id: string): Promise<Stripe.PaymentIntent | null> {
    return this.client.find<Stripe.PaymentIntent>(
      `/v1/payment_intents/${encodeURIComponent(id)}`,
      { 'expand[0]': 'latest_charge' },
      { action: `reading Stripe payment ${id}` },
    );
  }

  getCharge(id: string): Promise<Stripe.Charge | null> {
    return this.client.find<Stripe.Charge>(`/v1/charges/${encodeURIComponent(id)}`);
  }

  getCheckoutSession(id: string): Promise<Stripe.Checkout.Session | null> {
    return this.client.find<Stripe.Checkout.Session>(`/v1/checkout/sessions/${encodeURIComponent(id)}`);
  }

  /** Search API (data can lag up to a minute; never use it to read a write back). */
  searchPaymentIntents(query: string, params: { limit?: number; page?: string } = {}): Promise<StripeSearchResult<Stripe.PaymentIntent>> {
    return this.client.search<Stripe.PaymentIntent>('payment_intents', query, params);
  }

  searchCharges(query: string, params: { limit?: number; page?: string } = {}): Promise<StripeSearchResult<Stripe.Charge>> {
    return this.client.search<Stripe.Charge>('charges', query, params);
  }

  listPaymentIntents(
    params: { limit?: number; starting_after?: string; 'created[gte]'?: number; 'created[lte]'?: number } = {},
  ): Promise<StripeList<Stripe.PaymentIntent>> {
    return this.client.get<StripeList<Stripe.PaymentIntent>>('/v1/payment_intents', { ...params, 'expand[0]': 'data.latest_charge' });
  }

  listDisputes(params: { payment_intent?: string; charge?: string; limit?: number }): Promise<StripeList<Stripe.Dispute>> {
    return this.client.get<StripeList<Stripe.Dispute>>('/v1/disputes', params, { action: "reading the payment's Stripe disputes" });
  }

  /** Events of the given types (at most 20, Stripe's limit), newest first. */
  listEvents(params: {
    types: readonly string[];
    limit?: number;
    starting_after?: string;
    'created[gte]'?: number;
  }): Promise<StripeList<Stripe.Event>> {
    const { types, ...rest } = params;
    const typeParams = Object.fromEntries(types.slice(0, 20).map((type, i) => [`types[${i}]`, type]));
    return this.client.get<StripeList<Stripe.Event>>('/v1/events', { ...rest, ...typeParams });
  }

  updatePaymentIntent(id: string, params: Record<string, FormValue>, action: string): Promise<Stripe.PaymentIntent> {
    return this.client.post<Stripe.PaymentIntent>(`/v1/payment_intents/${encodeURIComponent(id)}`, params, { action });
  }

  updateDispute(id: string, params: Record<string, FormValue>, action: string): Promise<Stripe.Dispute> {
    return this.client.post<Stripe.Dispute>(`/v1/disputes/${encodeURIComponent(id)}`, params, { action });
  }

  createWebhookEndpoint(params: {
    url: string;
    enabled_events: readonly string[];
    description?: string;
    metadata?: Record<string, string>;
  }): Promise<Stripe.WebhookEndpoint> {
    return this.client.post<Stripe.WebhookEndpoint>(
      '/v1/webhook_endpoints',
      { ...params, api_version: STRIPE_API_VERSION },
      { action: 'creating the Stripe webhook endpoint' },
    );
  }

  /** The account's webhook endpoints (Stripe allows at most 16, so one page of 100 holds them all). */
  listWebhookEndpoints(): Promise<StripeList<Stripe.WebhookEndpoint>> {
    return this.client.get<StripeList<Stripe.WebhookEndpoint>>(
      '/v1/webhook_endpoints',
      { limit: 100 },
      { action: 'listing the Stripe webhook endpoints' },
    );
  }

  /** Deletes a webhook endpoint; one already gone counts as deleted. */
  deleteWebhookEndpoint(id: string): Promise<boolean> {
    return this.client.deleteIfPresent(`/v1/webhook_endpoints/${encodeURIComponent(id)}`, {
      action: 'deleting the Stripe webhook endpoint',
    });
  }
}
