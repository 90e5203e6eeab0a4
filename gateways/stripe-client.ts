/**
 * Stripe client over `z.request`. Stripe v1 bodies are forms with flat bracketed keys
 * (`shipping[address][line1]`): core's form encoder does not flatten nested objects, so `toStripeForm`
 * does. Credentials and `Stripe-Version` are added by `gateways/middleware.ts` for every request to the Stripe
 * base URL. The endpoints themselves are `StripeApi`'s (gateways/stripe.ts).
 */
import type Stripe from 'stripe';
import type { ZObject } from 'zapier-platform-core';
import { stripeBaseUrl, stripeMode, type StripeMode } from './config';
import { describeCall, sendGatewayRequest, type GatewayRequest, type GatewayResponse } from './http';

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
      // Array.isArray narrows a readonly array to any[]: keep its element type.
      (value as readonly FormValue[]).forEach((item, index) => walk(`${prefix}[${index}]`, item));
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
    params: { limit?: number; page?: string; expand?: readonly string[] } = {},
    options: CallOptions = {},
  ): Promise<StripeSearchResult<T>> {
    const expand = Object.fromEntries((params.expand ?? []).map((path, i) => [`expand[${i}]`, path]));
    return this.get<StripeSearchResult<T>>(`/v1/${resource}/search`, { query, limit: params.limit, page: params.page, ...expand }, options);
  }

  retrieveAccount(): Promise<Stripe.Account> {
    return this.get<Stripe.Account>('/v1/account', undefined, { action: 'checking the connection' });
  }
}
