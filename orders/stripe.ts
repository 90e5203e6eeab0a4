/**
 * Stripe objects and events → Order (docs/architecture.md#the-order). Pure.
 *
 *   orderFromPaymentIntent(pi, {environment?, charge?, dispute?, session?, event?}): Order
 *   orderFromStripeEvent(event, {paymentIntent?, charge?, dispute?, session?}?): Order | null
 *       payment_intent.*, charge.refunded, charge.dispute.*, checkout.session.*; null for other types.
 *   trackingsFromStripe(shipping, metadata): TrackingEntry[]
 *
 * The input types (orders/stripe-types.ts) list only what is read; real Stripe objects satisfy them.
 *
 * - order_id = PaymentIntent ID (a Charge without a PaymentIntent is its own order); payment_id = Charge ID.
 * - environment from `livemode` unless given; dashboard_url …/payments/{pi} (live) or …/test/payments/{pi}.
 * - merchant_reference = metadata.order_id, else metadata.order_number (PaymentIntent, Charge, then
 *   Checkout Session), else the session's client_reference_id.
 * - amount_refunded is known only with the Charge (the PaymentIntent does not carry it): else null.
 * - Tracking: shipping.tracking_number (comma-separated → several), shipping.carrier, and
 *   metadata.tracking_numbers / metadata.tracking_urls (comma-separated, URLs in the numbers' order).
 */
import { stripeAmountToDecimal } from './money';
import { completeOrder, type Environment, type Order, type TrackingEntry } from './order';
import type { OrderStatus } from './status';
import { statusFromPaymentIntent, statusFromStripeEvent } from './status-stripe';
import type {
  StripeChargeInput,
  StripeCheckoutSessionInput,
  StripeDisputeInput,
  StripeEventInput,
  StripeMetadata,
  StripeOrderContext,
  StripePaymentIntentInput,
  StripeRef,
  StripeShippingInput,
} from './stripe-types';
import { summariseTrackings } from './trackings';
import { firstText, isoDate, shippingFields } from './values';

export type {
  StripeChargeInput,
  StripeCheckoutSessionInput,
  StripeDisputeInput,
  StripeEventInput,
  StripeMetadata,
  StripeOrderContext,
  StripePaymentIntentInput,
  StripeShippingInput,
} from './stripe-types';

function idOf(ref: StripeRef<{ id: string }> | undefined): string | null {
  if (!ref) return null;
  return typeof ref === 'string' ? ref : ref.id;
}

function objectOf<T>(ref: StripeRef<T> | undefined): T | null {
  return ref && typeof ref === 'object' ? ref : null;
}

function splitList(text: string | null | undefined): string[] {
  return (text ?? '')
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** Tracking entries from Stripe shipping details and metadata, one per distinct number. */
export function trackingsFromStripe(
  shipping: StripeShippingInput | null | undefined,
  metadata: StripeMetadata | null | undefined,
): TrackingEntry[] {
  const shippingNumbers = splitList(shipping?.tracking_number);
  const metadataNumbers = splitList(metadata?.tracking_numbers);
  const urls = splitList(metadata?.tracking_urls);
  // URLs follow the metadata numbers when the merchant listed numbers there, else the shipping numbers.
  const urlOwners = metadataNumbers.length > 0 ? metadataNumbers : shippingNumbers;
  const urlByNumber = new Map(urlOwners.map((n, i) => [n, urls[i] ?? null] as const));
  // One carrier per number when the carrier is a list as long as the numbers, else one for all.
  const carriers = splitList(shipping?.carrier);
  const carrierAt = (i: number): string | null =>
    carriers.length === shippingNumbers.length && carriers.length > 1 ? (carriers[i] ?? null) : firstText(shipping?.carrier);

  const entries = new Map<string, TrackingEntry>();
  shippingNumbers.forEach((number, i) => {
    const carrier = carrierAt(i);
    entries.set(number, { tracking_number: number, carrier, carrier_name: carrier, tracking_url: urlByNumber.get(number) ?? null });
  });
  for (const number of metadataNumbers) {
    if (!entries.has(number)) {
      entries.set(number, { tracking_number: number, carrier: null, carrier_name: null, tracking_url: urlByNumber.get(number) ?? null });
    }
  }
  return [...entries.values()].map((e) => ({ ...e, status: null, tracker_id: null }));
}

function dashboardUrl(paymentId: string, environment: Environment): string {
  const base = environment === 'live' ? 'https://dashboard.stripe.com' : 'https://dashboard.stripe.com/test';
  return `${base}/payments/${encodeURIComponent(paymentId)}`;
}

function merchantReference(...metadatas: Array<StripeMetadata | null | undefined>): string | null {
  return firstText(...metadatas.flatMap((m) => [m?.order_id, m?.order_number]));
}

const DISPUTE_OUTCOMES: ReadonlySet<OrderStatus> = new Set(['disputed', 'dispute_won', 'dispute_lost']);

function sessionStatus(session: StripeCheckoutSessionInput): OrderStatus {
  return session.payment_status === 'paid' || session.payment_status === 'no_payment_required' ? 'paid' : 'pending';
}

/** One PaymentIntent (with what else is known about it) → Order. */
export function orderFromPaymentIntent(pi: StripePaymentIntentInput, context: StripeOrderContext = {}): Order {
  const { dispute = null, session = null, event = null } = context;
  const charge = context.charge ?? objectOf(pi.latest_charge);
  const environment: Environment = context.environment ?? ((pi.livemode ?? event?.livemode) === false ? 'test' : 'live');
  const currency = pi.currency ?? charge?.currency ?? session?.currency ?? null;
  const decimal = (minor: number | null | undefined): string | null =>
    minor === null || minor === undefined || !currency ? null : stripeAmountToDecimal(minor, currency);

  const status: OrderStatus =
    (event && statusFromStripeEvent(event)) ??
    (session && !pi.status ? sessionStatus(session) : statusFromPaymentIntent(pi, { charge, dispute }));
  const byDispute = DISPUTE_OUTCOMES.has(status) && dispute !== null;

  const shipping = pi.shipping ?? charge?.shipping ?? session?.collected_information?.shipping_details ?? session?.shipping_details ?? null;
  const billing = charge?.billing_details ?? null;
  const buyer = session?.customer_details ?? null;
  const paymentId = idOf(pi.latest_charge) ?? charge?.id ?? null;

  return completeOrder({
    gateway: 'stripe',
    environment,
    order_id: pi.id,
    payment_id: paymentId,
    merchant_reference: merchantReference(pi.metadata, charge?.metadata, session?.metadata) ?? firstText(session?.client_reference_id),
    status,
    gateway_status: (byDispute ? dispute?.status : pi.status) ?? null,
    status_changed_at: isoDate(
      event?.created ??
        (byDispute ? dispute?.created : undefined) ??
        (status === 'canceled' ? pi.canceled_at : undefined) ??
        charge?.created ??
        pi.created,
    ),
    event_id: event?.id ?? null,
    event_type: event?.type ?? null,
    amount: decimal(pi.amount ?? charge?.amount ?? session?.amount_total),
    currency: currency ? currency.toUpperCase() : null,
    amount_refunded: charge ? decimal(charge.amount_refunded ?? 0) : null,
    customer_email: firstText(pi.receipt_email, billing?.email, buyer?.email, charge?.receipt_email),
    customer_name: firstText(billing?.name, buyer?.name),
    customer_phone: firstText(billing?.phone, buyer?.phone, shipping?.phone),
    ...shippingFields(shipping?.name, shipping?.address),
    ...summariseTrackings(trackingsFromStripe(pi.shipping ?? charge?.shipping, pi.metadata ?? charge?.metadata)),
    created_at: isoDate(pi.created ?? charge?.created),
    dashboard_url: dashboardUrl(pi.id, environment),
    description: firstText(pi.description, charge?.description),
  });
}

/** A Charge seen without its PaymentIntent, as the PaymentIntent fields it carries. */
function paymentIntentFromCharge(charge: StripeChargeInput): StripePaymentIntentInput {
  return {
    id: idOf(charge.payment_intent) ?? charge.id,
    amount: charge.amount,
    currency: charge.currency,
    status: charge.status,
    livemode: charge.livemode,
    created: charge.created,
    description: charge.description,
    receipt_email: charge.receipt_email,
    metadata: charge.metadata,
    shipping: charge.shipping,
    latest_charge: charge,
  };
}

/** A dispute seen without its Charge or PaymentIntent, as the PaymentIntent fields it carries. */
function paymentIntentFromDispute(dispute: StripeDisputeInput): StripePaymentIntentInput {
  return {
    id: idOf(dispute.payment_intent) ?? idOf(dispute.charge) ?? dispute.id,
    currency: dispute.currency,
    status: 'succeeded',
    livemode: dispute.livemode,
    latest_charge: dispute.charge ?? null,
  };
}

/**
 * A Stripe event → Order, or null when the event type says nothing about an order. `related` supplies
 * objects the event does not carry (the trigger fetches them): the PaymentIntent of a charge or
 * dispute event (buyer, shipping, tracking), the Charge of a dispute (refunds, billing details).
 */
export function orderFromStripeEvent(
  event: StripeEventInput,
  related: {
    paymentIntent?: StripePaymentIntentInput | null;
    charge?: StripeChargeInput | null;
    dispute?: StripeDisputeInput | null;
    session?: StripeCheckoutSessionInput | null;
    environment?: Environment;
  } = {},
): Order | null {
  const object = event.data.object;
  const environment = related.environment;
  if (event.type.startsWith('payment_intent.')) {
    const { charge, dispute, session } = related;
    return orderFromPaymentIntent(object as StripePaymentIntentInput, { environment, charge, dispute, session, event });
  }
  if (event.type.startsWith('charge.dispute.')) {
    const dispute = object as StripeDisputeInput;
    const charge = related.charge ?? objectOf(dispute.charge);
    const pi = related.paymentIntent ?? (charge ? paymentIntentFromCharge(charge) : paymentIntentFromDispute(dispute));
    return orderFromPaymentIntent(pi, { environment, charge, dispute, event });
  }
  if (event.type.startsWith('charge.')) {
    const charge = object as StripeChargeInput;
    return orderFromPaymentIntent(related.paymentIntent ?? paymentIntentFromCharge(charge), { environment, charge, event });
  }
  if (event.type.startsWith('checkout.session.')) {
    const session = object as StripeCheckoutSessionInput;
    const pi: StripePaymentIntentInput = related.paymentIntent ?? {
      id: idOf(session.payment_intent) ?? session.id,
      amount: session.amount_total ?? undefined,
      currency: session.currency ?? undefined,
      livemode: session.livemode,
      created: session.created,
      metadata: session.metadata,
    };
    return orderFromPaymentIntent(pi, { environment, charge: related.charge, session, event });
  }
  return null;
}
