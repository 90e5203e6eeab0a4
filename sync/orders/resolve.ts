/**
 * Order references → the gateway order they name, read with its tracking in the fewest requests
 * (docs/architecture.md#order-references). Takes the typed gateway APIs; never touches `z`.
 *
 *   resolveOrder(gateways, text, {accept, now?}): Promise<ResolvedOrder>
 *       exactly one order, or OrderLookupError (not found / several matches / wrong gateway) —
 *       ReferenceInputError (orders/reference.ts) for text that cannot be a reference, before any request.
 *   findOrders(gateways, text, {accept, now?}): Promise<ResolvedOrder[]>
 *       every match (the search): none → [], several merchant-reference matches → all of them.
 *   findOrdersByEmail(gateways, email, {accept, now?}): Promise<ResolvedOrder[]>   newest first
 *   searchPayPalTransactions(paypal, now, params?), isPaymentRow(row)   Transaction Search helpers
 *
 * Reads per reference kind (a PayPal token mint aside):
 *   pi_…        GET /v1/payment_intents/{id}?expand[]=latest_charge                       1
 *   ch_/py_…    GET /v1/charges/{id}?expand[]=payment_intent                              1
 *   cs_…        GET /v1/checkout/sessions/{id}?expand[]=payment_intent.latest_charge      1
 *   PayPal      GET /v2/checkout/orders/{id}                                              1 (order ID)
 *               + 404 → GET /v2/payments/captures/{id} → GET the order of supplementary_data
 *                 .related_ids.order_id                                                   3 (capture ID)
 *   merchant    Stripe Search on metadata['order_id'] OR metadata['order_number'] (1) and PayPal
 *               Transaction Search of the last 31 days, fields=all, filtered here on invoice_id /
 *               custom_field (the API has no such filter; ≤ 3 pages of 500) — then, for a PayPal
 *               match, GET capture + GET order.
 * A PayPal order whose tracker ids do not have the documented capture-ID+number shape costs one
 * Tracking v1 read per capture more (sync/orders/load.ts).
 */
import type { Gateways } from '../../gateways';
import { GATEWAY_LABELS, type GatewayName } from '../../gateways/config';
import type { PayPalApi } from '../../gateways/paypal';
import type { Stripe, StripeApi } from '../../gateways/stripe';
import { paypalOrderFrom, stripeOrderFrom, type LoadedPayPalOrder, type LoadedStripeOrder } from './load';
import type { PayPalTransactionDetailInput } from '../../gateways/paypal-types';
import { classifyReference, type OrderReference } from '../../orders/reference';

export interface ResolvedStripeOrder extends LoadedStripeOrder {
  gateway: 'stripe';
  reference: OrderReference;
  /** The Checkout Session when the reference was one (its shipping details are the fallback address). */
  session: Stripe.Checkout.Session | null;
}

export interface ResolvedPayPalOrder extends LoadedPayPalOrder {
  gateway: 'paypal';
  reference: OrderReference;
  /** The capture the reference named (capture ID, or a merchant reference's transaction), else null. */
  requestedCaptureId: string | null;
}

export type ResolvedOrder = ResolvedStripeOrder | ResolvedPayPalOrder;

export type OrderLookupProblem = 'not_found' | 'ambiguous' | 'wrong_gateway' | 'not_trackable';

/** The reference names no usable order; the message says where we looked and what to do. */
export class OrderLookupError extends Error {
  constructor(
    readonly problem: OrderLookupProblem,
    message: string,
  ) {
    super(message);
    this.name = 'OrderLookupError';
  }
}

export interface ResolveOptions {
  /** Gateways the operation may use (configured ∩ what the action accepts), in preference order. */
  accept: readonly GatewayName[];
  now?: Date;
}

/** PayPal Transaction Search: the widest window one query allows, and how far we page. */
export const PAYPAL_SEARCH_DAYS = 31;
const PAYPAL_SEARCH_PAGE_SIZE = 500;
const PAYPAL_SEARCH_MAX_PAGES = 3;
/** At most this many matches are read in full (the search returns them; the actions refuse several). */
const MAX_MATCHES_LOADED = 10;

function stripeLabel(stripe: StripeApi): string {
  return `Stripe ${stripe.mode} mode`;
}

function paypalLabel(paypal: PayPalApi): string {
  return `PayPal ${paypal.environment}`;
}

/** "is the connection pointed at live?": the other environment, said as a question. */
function otherEnvironmentHint(gateway: GatewayName, gateways: Gateways): string {
  if (gateway === 'stripe') {
    const mode = gateways.stripe?.mode;
    return mode === 'live'
      ? ' — is it a test-mode payment (the key is a live key)?'
      : " — is the connection's key a test key while the payment is live?";
  }
  return gateways.paypal?.environment === 'sandbox' ? ' — is the connection pointed at live?' : ' — is the payment in the PayPal sandbox?';
}

function wrongGateway(reference: OrderReference, gateway: GatewayName, options: ResolveOptions, gateways: Gateways): never {
  const label = GATEWAY_LABELS[gateway];
  if (!gateways[gateway]) {
    throw new OrderLookupError(
      'wrong_gateway',
      `"${reference.id}" is a ${label} ID, but this connection has no ${label} credentials. Add them to the connection.`,
    );
  }
  const accepted = options.accept.map((g) => GATEWAY_LABELS[g]).join(' or ');
  throw new OrderLookupError(
    'wrong_gateway',
    `"${reference.id}" is a ${label} ID, but this step works with ${accepted} only. Use a ${accepted} reference, or the "Add Tracking to Order" action, which accepts both.`,
  );
}

const usable = (gateway: GatewayName, options: ResolveOptions, gateways: Gateways): boolean =>
  options.accept.includes(gateway) && Boolean(gateways[gateway]);

// ---------------------------------------------------------------- Stripe

async function stripeFromPaymentIntent(
  stripe: StripeApi,
  reference: OrderReference,
  pi: Stripe.PaymentIntent,
  session: Stripe.Checkout.Session | null = null,
): Promise<ResolvedStripeOrder> {
  return { gateway: 'stripe', reference, session, ...stripeOrderFrom(pi, stripe.mode) };
}

async function stripeById(stripe: StripeApi, reference: OrderReference): Promise<ResolvedStripeOrder | null> {
  if (reference.kind === 'stripe_payment_intent') {
    const pi = await stripe.getPaymentIntent(reference.id);
    return pi ? stripeFromPaymentIntent(stripe, reference, pi) : null;
  }
  if (reference.kind === 'stripe_charge') {
    // One read: the Charge with its PaymentIntent expanded; the Charge is the PaymentIntent's latest.
    const charge = await stripe.client.find<Stripe.Charge>(`/v1/charges/${encodeURIComponent(reference.id)}`, {
      'expand[0]': 'payment_intent',
    });
    if (!charge) return null;
    const pi = charge.payment_intent;
    if (!pi || typeof pi !== 'object') {
      throw new OrderLookupError(
        'not_trackable',
        `Stripe charge ${reference.id} has no PaymentIntent (a legacy charge); tracking is stored on the PaymentIntent. Use a payment made with PaymentIntents or Checkout.`,
      );
    }
    const latest = typeof pi.latest_charge === 'string' && pi.latest_charge !== charge.id ? pi.latest_charge : charge;
    return stripeFromPaymentIntent(stripe, reference, { ...pi, latest_charge: latest } as Stripe.PaymentIntent);
  }
  // Checkout Session: one read with its PaymentIntent (and that one's latest Charge) expanded.
  const session = await stripe.client.find<Stripe.Checkout.Session>(`/v1/checkout/sessions/${encodeURIComponent(reference.id)}`, {
    'expand[0]': 'payment_intent',
    'expand[1]': 'payment_intent.latest_charge',
  });
  if (!session) return null;
  const pi = session.payment_intent;
  if (!pi || typeof pi !== 'object') {
    throw new OrderLookupError(
      'not_trackable',
      `Stripe Checkout Session ${reference.id} has no payment yet (status ${session.status ?? 'unknown'}, payment ${session.payment_status ?? 'unknown'}). Add tracking once the buyer has paid.`,
    );
  }
  return stripeFromPaymentIntent(stripe, reference, pi, session);
}

async function stripeByMerchantReference(stripe: StripeApi, reference: OrderReference): Promise<ResolvedStripeOrder[]> {
  const value = `'${reference.id.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const result = await stripe.client.get<{ data: Stripe.PaymentIntent[] }>(
    '/v1/payment_intents/search',
    {
      query: `metadata['order_id']:${value} OR metadata['order_number']:${value}`,
      limit: MAX_MATCHES_LOADED,
      'expand[0]': 'data.latest_charge',
    },
    { action: `searching ${stripeLabel(stripe)} payments for order reference ${reference.id}` },
  );
  return Promise.all((result.data ?? []).map((pi) => stripeFromPaymentIntent(stripe, reference, pi)));
}

// ---------------------------------------------------------------- PayPal

async function paypalByCapture(paypal: PayPalApi, reference: OrderReference, captureId: string): Promise<ResolvedPayPalOrder | null> {
  const capture = await paypal.getCapture(captureId);
  if (!capture) return null;
  const orderId = capture.supplementary_data?.related_ids?.order_id;
  if (!orderId) {
    throw new OrderLookupError(
      'not_trackable',
      `PayPal capture ${captureId} is not linked to an Orders v2 order (it was made with an older PayPal integration), so PayPal cannot take tracking for it through this app.`,
    );
  }
  const order = await paypal.getOrder(orderId);
  if (!order) return null;
  return { gateway: 'paypal', reference, requestedCaptureId: captureId, ...(await paypalOrderFrom(paypal, order, captureId)) };
}

async function paypalById(paypal: PayPalApi, reference: OrderReference): Promise<ResolvedPayPalOrder | null> {
  // Order and capture IDs look alike (orders/reference.ts): the order first, it is the common case.
  const order = await paypal.getOrder(reference.id);
  if (order) return { gateway: 'paypal', reference, requestedCaptureId: null, ...(await paypalOrderFrom(paypal, order)) };
  return paypalByCapture(paypal, reference, reference.id);
}

/** RFC 3339 with seconds and no fraction, as Transaction Search wants. */
const rfc3339 = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Transaction Search over the last 31 days, newest pages bounded; rows as PayPal returns them. */
export async function searchPayPalTransactions(
  paypal: PayPalApi,
  now: Date,
  params: Record<string, string> = {},
): Promise<PayPalTransactionDetailInput[]> {
  const start = new Date(now.getTime() - PAYPAL_SEARCH_DAYS * 24 * 3600 * 1000 + 60_000);
  const rows: PayPalTransactionDetailInput[] = [];
  for (let page = 1; page <= PAYPAL_SEARCH_MAX_PAGES; page++) {
    const result = await paypal.searchTransactions({
      start_date: rfc3339(start),
      end_date: rfc3339(now),
      fields: 'all',
      page_size: PAYPAL_SEARCH_PAGE_SIZE,
      page,
      ...params,
    });
    rows.push(...(result.transaction_details ?? []));
    if (!result.total_pages || page >= result.total_pages) break;
  }
  return rows;
}

/** Payment rows only (refunds and reversals, T11xx, point back at a payment and would count twice). */
export function isPaymentRow(row: PayPalTransactionDetailInput): boolean {
  const code = row.transaction_info?.transaction_event_code ?? '';
  return Boolean(row.transaction_info?.transaction_id) && !code.startsWith('T11');
}

async function paypalByMerchantReference(paypal: PayPalApi, reference: OrderReference, now: Date): Promise<ResolvedPayPalOrder[]> {
  const rows = await searchPayPalTransactions(paypal, now);
  const wanted = reference.id.replace(/^#/, '');
  const matches = rows.filter((row) => {
    const info = row.transaction_info ?? {};
    return isPaymentRow(row) && [info.invoice_id, info.custom_field].some((v) => v === reference.id || v === wanted);
  });
  const captureIds = [...new Set(matches.map((row) => row.transaction_info!.transaction_id!))].slice(0, MAX_MATCHES_LOADED);
  const loaded = await Promise.all(captureIds.map((id) => paypalByCapture(paypal, reference, id)));
  return loaded.filter((o): o is ResolvedPayPalOrder => o !== null);
}

// ---------------------------------------------------------------- routing

function describeKind(reference: OrderReference): string {
  switch (reference.kind) {
    case 'stripe_payment_intent':
      return 'Stripe payment';
    case 'stripe_charge':
      return 'Stripe charge';
    case 'stripe_checkout_session':
      return 'Stripe Checkout Session';
    case 'paypal_id':
      return 'PayPal order or capture';
    default:
      return 'Order';
  }
}

function whereMerchantSearched(gateways: Gateways, options: ResolveOptions): string {
  const places: string[] = [];
  if (usable('stripe', options, gateways)) places.push(`${stripeLabel(gateways.stripe!)} payments (metadata order_id and order_number)`);
  if (usable('paypal', options, gateways)) {
    places.push(
      `${paypalLabel(gateways.paypal!)} transactions of the last ${PAYPAL_SEARCH_DAYS} days (invoice ID and custom ID; PayPal's search can lag up to 3 hours behind, so a very recent payment may not show yet)`,
    );
  }
  return places.join(' and ');
}

/** Every order the reference names, read in full. Not found → []; a wrong-gateway ID → OrderLookupError. */
export async function findOrders(gateways: Gateways, text: string, options: ResolveOptions): Promise<ResolvedOrder[]> {
  const reference = classifyReference(text);
  const now = options.now ?? new Date();
  if (reference.kind.startsWith('stripe_')) {
    if (!usable('stripe', options, gateways)) wrongGateway(reference, 'stripe', options, gateways);
    const found = await stripeById(gateways.stripe!, reference);
    return found ? [found] : [];
  }
  if (reference.kind === 'paypal_id' && usable('paypal', options, gateways)) {
    const found = await paypalById(gateways.paypal!, reference);
    return found ? [found] : [];
  }
  if (reference.kind === 'paypal_id' && !gateways.stripe) wrongGateway(reference, 'paypal', options, gateways);
  // A merchant's own reference (or a PayPal-shaped one on a Stripe-only step): searched everywhere allowed.
  const searches = options.accept
    .filter((g) => gateways[g])
    .map((gateway) =>
      gateway === 'stripe'
        ? stripeByMerchantReference(gateways.stripe!, reference)
        : paypalByMerchantReference(gateways.paypal!, reference, now),
    );
  return newestFirst((await Promise.all(searches)).flat());
}

function describeMatch(match: ResolvedOrder): string {
  const o = match.order;
  const amount = o.amount && o.currency ? ` ${o.amount} ${o.currency}` : '';
  const when = o.created_at ? ` ${o.created_at.slice(0, 10)}` : '';
  return `${GATEWAY_LABELS[o.gateway]} ${o.order_id ?? o.payment_id}${amount}${when}`;
}

/** The one order the reference names (for a write). */
export async function resolveOrder(gateways: Gateways, text: string, options: ResolveOptions): Promise<ResolvedOrder> {
  const matches = await findOrders(gateways, text, options);
  const reference = classifyReference(text);
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new OrderLookupError(
      'ambiguous',
      `Order reference "${reference.id}" matches ${matches.length} payments: ${matches.map(describeMatch).join('; ')}. ` +
        'Enter the ID of the one to track (Stripe pi_… or PayPal order ID) instead.',
    );
  }
  if (reference.kind === 'merchant_reference' || (reference.kind === 'paypal_id' && !usable('paypal', options, gateways))) {
    throw new OrderLookupError(
      'not_found',
      `No payment with order reference "${reference.id}" was found. Looked in ${whereMerchantSearched(gateways, options)}.`,
    );
  }
  if (reference.kind === 'paypal_id') {
    throw new OrderLookupError(
      'not_found',
      `PayPal order or capture ${reference.id} was not found in ${paypalLabel(gateways.paypal!)}${otherEnvironmentHint('paypal', gateways)} ` +
        '(An authorization ID will not do either: tracking needs a captured payment.)',
    );
  }
  throw new OrderLookupError(
    'not_found',
    `${describeKind(reference)} ${reference.id} was not found in ${stripeLabel(gateways.stripe!)}${otherEnvironmentHint('stripe', gateways)}`,
  );
}

// ---------------------------------------------------------------- by customer email (the search)

/**
 * Orders paid by `email`, newest first: Stripe Charge Search on `billing_details.email` (each Charge
 * with its PaymentIntent expanded: one request), PayPal Transaction Search of the last 31 days
 * filtered here on the payer's email (then capture → order per match, at most MAX_MATCHES_LOADED).
 */
export async function findOrdersByEmail(gateways: Gateways, email: string, options: ResolveOptions): Promise<ResolvedOrder[]> {
  const now = options.now ?? new Date();
  const wanted = email.trim().toLowerCase();
  const reference: OrderReference = { kind: 'merchant_reference', id: email };
  const searches = options.accept
    .filter((g) => gateways[g])
    .map(async (gateway): Promise<ResolvedOrder[]> => {
      if (gateway === 'stripe') {
        const stripe = gateways.stripe!;
        const value = `'${wanted.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
        const result = await stripe.client.get<{ data: Stripe.Charge[] }>(
          '/v1/charges/search',
          { query: `billing_details.email:${value}`, limit: MAX_MATCHES_LOADED * 2, 'expand[0]': 'data.payment_intent' },
          { action: `searching ${stripeLabel(stripe)} payments by customer email` },
        );
        const byIntent = new Map<string, ResolvedStripeOrder>();
        for (const charge of result.data ?? []) {
          const pi = charge.payment_intent;
          if (!pi || typeof pi !== 'object' || byIntent.has(pi.id)) continue;
          byIntent.set(pi.id, await stripeFromPaymentIntent(stripe, reference, { ...pi, latest_charge: charge } as Stripe.PaymentIntent));
        }
        return [...byIntent.values()];
      }
      const paypal = gateways.paypal!;
      const rows = await searchPayPalTransactions(paypal, now);
      const captureIds = [
        ...new Set(
          rows
            .filter((row) => isPaymentRow(row) && row.payer_info?.email_address?.toLowerCase() === wanted)
            .map((row) => row.transaction_info!.transaction_id!),
        ),
      ].slice(0, MAX_MATCHES_LOADED);
      const loaded = await Promise.all(
        captureIds.map((id) =>
          paypalByCapture(paypal, reference, id).catch((e) => (e instanceof OrderLookupError ? null : Promise.reject(e))),
        ),
      );
      return loaded.filter((o): o is ResolvedPayPalOrder => o !== null);
    });
  return newestFirst((await Promise.all(searches)).flat());
}

export function newestFirst<T extends { order: { created_at: string | null } }>(orders: T[]): T[] {
  return orders.sort((a, b) => (b.order.created_at ?? '').localeCompare(a.order.created_at ?? ''));
}
