/**
 * Order references → the gateway order they name, read with its tracking in the fewest requests.
 * Takes the typed gateway APIs; never touches `z`. Per gateway: sync/orders/resolve-stripe.ts and
 * resolve-paypal.ts; what a lookup answers: sync/orders/resolved.ts.
 *
 *   resolveOrder(gateways, text, {accept, now?}): Promise<ResolvedOrder>
 *       exactly one order, or OrderLookupError (not found / several matches / wrong gateway) —
 *       ReferenceInputError (orders/reference.ts) for text that cannot be a reference, before any request.
 *   findOrders(gateways, text, {accept, now?}): Promise<ResolvedOrder[]>
 *       every match (the search): none → [], several merchant-reference matches → all of them.
 *   findOrdersByEmail(gateways, email, {accept, now?}): Promise<ResolvedOrder[]>   newest first
 *   searchPayPalTransactions(paypal, now, {page_size?}), isPaymentRow(row)   Transaction Search helpers
 *
 * Reads per reference kind (a PayPal token mint aside):
 *   pi_…        GET /v1/payment_intents/{id}?expand[]=latest_charge                       1
 *   ch_/py_…    GET /v1/charges/{id}?expand[]=payment_intent                              1
 *   cs_…        GET /v1/checkout/sessions/{id}?expand[]=payment_intent.latest_charge      1
 *   PayPal      GET /v2/checkout/orders/{id}                                              1 (order ID)
 *               + 404 → GET /v2/payments/captures/{id} → GET the order the capture names
 *                 (orders/paypal-links.ts)                                                3 (capture ID)
 *   merchant    Stripe Search on metadata['order_id'] OR metadata['order_number'] (1) and PayPal
 *               Transaction Search of the last 31 days, fields=all, filtered here on invoice_id /
 *               custom_field (the API has no such filter; ≤ 3 pages of 500) — then, for a PayPal
 *               match, GET capture + GET order.
 * A PayPal order whose tracker ids do not have the documented capture-ID+number shape costs one
 * Tracking v1 read per capture more (sync/orders/load.ts).
 */
import type { Gateways } from '../../gateways';
import { GATEWAY_LABELS, type GatewayName } from '../../gateways/config';
import { TRANSACTION_SEARCH_MAX_DAYS } from '../../gateways/paypal';
import { classifyReference, type OrderReference } from '../../orders/reference';
import { paypalByEmail, paypalById, paypalByMerchantReference } from './resolve-paypal';
import { stripeByEmail, stripeById, stripeByMerchantReference } from './resolve-stripe';
import { OrderLookupError, type ResolvedOrder, type ResolveOptions } from './resolved';

export { isPaymentRow, searchPayPalTransactions } from './resolve-paypal';
export {
  OrderLookupError,
  type OrderLookupProblem,
  type ResolvedOrder,
  type ResolvedPayPalOrder,
  type ResolvedStripeOrder,
  type ResolveOptions,
} from './resolved';

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
  if (usable('stripe', options, gateways)) places.push(`${gateways.stripe!.label} payments (metadata order_id and order_number)`);
  if (usable('paypal', options, gateways)) {
    places.push(
      `${gateways.paypal!.label} transactions of the last ${TRANSACTION_SEARCH_MAX_DAYS} days (invoice ID and custom ID; PayPal's search can lag up to 3 hours behind, so a very recent payment may not show yet)`,
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

/** Why nothing matched, and where we looked. */
function notFound(reference: OrderReference, gateways: Gateways, options: ResolveOptions): OrderLookupError {
  if (reference.kind === 'merchant_reference' || (reference.kind === 'paypal_id' && !usable('paypal', options, gateways))) {
    return new OrderLookupError(
      'not_found',
      `No payment with order reference "${reference.id}" was found. Looked in ${whereMerchantSearched(gateways, options)}.`,
    );
  }
  if (reference.kind === 'paypal_id') {
    return new OrderLookupError(
      'not_found',
      `PayPal order or capture ${reference.id} was not found in ${gateways.paypal!.label}${otherEnvironmentHint('paypal', gateways)} ` +
        '(An authorization ID will not do either: tracking needs a captured payment.)',
    );
  }
  return new OrderLookupError(
    'not_found',
    `${describeKind(reference)} ${reference.id} was not found in ${gateways.stripe!.label}${otherEnvironmentHint('stripe', gateways)}`,
  );
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
  throw notFound(reference, gateways, options);
}

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
    .map((gateway): Promise<ResolvedOrder[]> =>
      gateway === 'stripe' ? stripeByEmail(gateways.stripe!, wanted, reference) : paypalByEmail(gateways.paypal!, wanted, reference, now),
    );
  return newestFirst((await Promise.all(searches)).flat());
}

function newestFirst<T extends { order: { created_at: string | null } }>(orders: T[]): T[] {
  return orders.sort((a, b) => (b.order.created_at ?? '').localeCompare(a.order.created_at ?? ''));
}
