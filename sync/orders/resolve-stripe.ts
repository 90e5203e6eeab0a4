/**
 * Stripe references → the PaymentIntent they name, read with its latest Charge in one request each:
 * by ID (pi_, ch_/py_, cs_), by the merchant's order reference (metadata), by the buyer's email.
 */
import type { Stripe, StripeApi } from '../../gateways/stripe';
import type { OrderReference } from '../../orders/reference';
import { stripeOrderFrom } from './load';
import { MAX_MATCHES_LOADED, OrderLookupError, type ResolvedStripeOrder } from './resolved';

function resolvedStripe(
  stripe: StripeApi,
  reference: OrderReference,
  pi: Stripe.PaymentIntent,
  session: Stripe.Checkout.Session | null = null,
): ResolvedStripeOrder {
  return { gateway: 'stripe', reference, session, ...stripeOrderFrom(pi, stripe.mode) };
}

/** The Charge's PaymentIntent; the Charge stands in as its latest unless the PaymentIntent names another. */
async function stripeByCharge(stripe: StripeApi, reference: OrderReference): Promise<ResolvedStripeOrder | null> {
  const charge = await stripe.getChargeWithPaymentIntent(reference.id);
  if (!charge) return null;
  const pi = charge.payment_intent;
  if (!pi || typeof pi !== 'object') {
    throw new OrderLookupError(
      'not_trackable',
      `Stripe charge ${reference.id} has no PaymentIntent (a legacy charge); tracking is stored on the PaymentIntent. Use a payment made with PaymentIntents or Checkout.`,
    );
  }
  const latest = typeof pi.latest_charge === 'string' && pi.latest_charge !== charge.id ? pi.latest_charge : charge;
  return resolvedStripe(stripe, reference, { ...pi, latest_charge: latest });
}

async function stripeByCheckoutSession(stripe: StripeApi, reference: OrderReference): Promise<ResolvedStripeOrder | null> {
  const session = await stripe.getCheckoutSession(reference.id);
  if (!session) return null;
  const pi = session.payment_intent;
  if (!pi || typeof pi !== 'object') {
    throw new OrderLookupError(
      'not_trackable',
      `Stripe Checkout Session ${reference.id} has no payment yet (status ${session.status ?? 'unknown'}, payment ${session.payment_status ?? 'unknown'}). Add tracking once the buyer has paid.`,
    );
  }
  return resolvedStripe(stripe, reference, pi, session);
}

/** A Stripe ID (pi_, ch_/py_, cs_) → its order; null when Stripe has no such object for this key. */
export async function stripeById(stripe: StripeApi, reference: OrderReference): Promise<ResolvedStripeOrder | null> {
  if (reference.kind === 'stripe_payment_intent') {
    const pi = await stripe.getPaymentIntent(reference.id);
    return pi ? resolvedStripe(stripe, reference, pi) : null;
  }
  if (reference.kind === 'stripe_charge') return stripeByCharge(stripe, reference);
  return stripeByCheckoutSession(stripe, reference);
}

/** Payments whose metadata `order_id` or `order_number` is the reference. */
export async function stripeByMerchantReference(stripe: StripeApi, reference: OrderReference): Promise<ResolvedStripeOrder[]> {
  const found = await stripe.searchPaymentIntentsByOrderReference(reference.id, MAX_MATCHES_LOADED);
  return found.map((pi) => resolvedStripe(stripe, reference, pi));
}

/** Payments whose Charge's billing email is `email` (lower case), one per PaymentIntent. */
export async function stripeByEmail(stripe: StripeApi, email: string, reference: OrderReference): Promise<ResolvedStripeOrder[]> {
  const charges = await stripe.searchChargesByEmail(email, MAX_MATCHES_LOADED * 2);
  const byIntent = new Map<string, ResolvedStripeOrder>();
  for (const charge of charges) {
    const pi = charge.payment_intent;
    if (!pi || typeof pi !== 'object' || byIntent.has(pi.id)) continue;
    byIntent.set(pi.id, resolvedStripe(stripe, reference, { ...pi, latest_charge: charge }));
  }
  return [...byIntent.values()];
}
