/**
 * The Stripe endpoints the app calls, one `StripeApi` method each, typed with the `stripe` package's
 * types (never loaded at run time). Paths, expansions, search queries and list cursors live here; the
 * client (transport, form encoding) is gateways/stripe-client.ts.
 */
import type Stripe from 'stripe';
import type { StripeMode } from './config';
import { stripeSearchValue, type FormValue, type StripeClient, type StripeList } from './stripe-client';

export type { Stripe };
export { StripeClient } from './stripe-client';

/** The API version this app reads and writes; the one `stripe@23.1.0` pins (its `Stripe.API_VERSION`). */
export const STRIPE_API_VERSION = '2026-10-28.endive';

/**
 * The Stripe calls the app makes, typed. Each read whose 404 means "no such object" answers null;
 * each write says what it was doing, for the error message.
 */
export class StripeApi {
  constructor(readonly client: StripeClient) {}

  get mode(): StripeMode {
    return this.client.mode;
  }

  /** "Stripe test mode" / "Stripe live mode": how messages name this connection's Stripe. */
  get label(): string {
    return `Stripe ${this.mode} mode`;
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

  /** A Charge with its PaymentIntent expanded: one read. */
  getChargeWithPaymentIntent(id: string): Promise<Stripe.Charge | null> {
    return this.client.find<Stripe.Charge>(`/v1/charges/${encodeURIComponent(id)}`, { 'expand[0]': 'payment_intent' });
  }

  /** A Checkout Session with its PaymentIntent and that one's latest Charge expanded: one read. */
  getCheckoutSession(id: string): Promise<Stripe.Checkout.Session | null> {
    return this.client.find<Stripe.Checkout.Session>(`/v1/checkout/sessions/${encodeURIComponent(id)}`, {
      'expand[0]': 'payment_intent',
      'expand[1]': 'payment_intent.latest_charge',
    });
  }

  /** The Checkout Session that made a payment, if one did. */
  async findCheckoutSessionOf(paymentIntentId: string): Promise<Stripe.Checkout.Session | null> {
    const sessions = await this.client.get<StripeList<Stripe.Checkout.Session>>('/v1/checkout/sessions', {
      payment_intent: paymentIntentId,
      limit: 1,
    });
    return sessions.data?.[0] ?? null;
  }

  /**
   * PaymentIntents whose `metadata.order_id` or `metadata.order_number` is the reference, latest
   * Charge expanded. Search API: data can lag up to a minute; never use it to read a write back.
   */
  async searchPaymentIntentsByOrderReference(reference: string, limit: number): Promise<Stripe.PaymentIntent[]> {
    const value = stripeSearchValue(reference);
    const result = await this.client.search<Stripe.PaymentIntent>(
      'payment_intents',
      `metadata['order_id']:${value} OR metadata['order_number']:${value}`,
      { limit, expand: ['data.latest_charge'] },
      { action: `searching ${this.label} payments for order reference ${reference}` },
    );
    return result.data ?? [];
  }

  /** Charges whose billing email is `email` (as given: Stripe matches it exactly), PaymentIntent expanded. Search API, as above. */
  async searchChargesByEmail(email: string, limit: number): Promise<Stripe.Charge[]> {
    const result = await this.client.search<Stripe.Charge>(
      'charges',
      `billing_details.email:${stripeSearchValue(email)}`,
      { limit, expand: ['data.payment_intent'] },
      { action: `searching ${this.label} payments by customer email` },
    );
    return result.data ?? [];
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
