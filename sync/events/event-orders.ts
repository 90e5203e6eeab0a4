/**
 * Gateway events → Orders, with the reads each event needs for the fields it lacks (docs/architecture.md#the-order).
 * Shared by the hook trigger (perform, performList) and the polling trigger.
 *
 *   stripeEventOrder(stripe, event): Promise<Order | null>
 *   paypalEventOrder(paypal, event): Promise<Order | null>
 *   orderIdOfCapture(capture): string | null
 *   eventOnlyOrder({gateway, event}, environment?): Order | null   no reads: what the signed event alone says
 *
 * Reads per event (beyond a PayPal token, minted once per connection and token lifetime):
 *   Stripe  payment_intent.*  0   (the event carries the PaymentIntent)
 *           charge.refunded   1   GET the PaymentIntent (metadata, shipping, tracking)
 *           charge.dispute.*  1   GET the PaymentIntent with its Charge expanded (2 for an old
 *                                 dispute without `payment_intent`: its Charge first)
 *   PayPal  CHECKOUT.ORDER.*  0   (the event carries the order; nothing is captured yet)
 *           PAYMENT.CAPTURE.COMPLETED/PENDING/DENIED/DECLINED
 *                             1   GET the order (buyer, shipping, trackers) named by the capture's
 *                                 `supplementary_data`/`up` link; +1 GET capture when it names none
 *           PAYMENT.CAPTURE.REFUNDED/REVERSED, CUSTOMER.DISPUTE.*
 *                             2   GET the capture (full vs partial refund; the order ID), GET the order
 *   An order whose tracker ids are not capture ID + number costs one Tracking v1 read more (sync/orders/load).
 */
import type { PayPalApi } from '../../gateways/paypal';
import type { StripeApi } from '../../gateways/stripe';
import { loadPayPalOrder } from '../orders/load';
import type { Environment, Order } from '../../orders/order';
import type { PayPalCaptureInput, PayPalDisputeInput, PayPalEventInput, PayPalLink, PayPalRefundInput } from '../../gateways/paypal-types';
import { orderFromPayPalEvent, type PayPalEnvironment } from '../../orders/paypal';
import {
  orderFromStripeEvent,
  type StripeChargeInput,
  type StripeDisputeInput,
  type StripeEventInput,
  type StripePaymentIntentInput,
} from '../../orders/stripe';

type Ref = string | { id: string } | null | undefined;
const idOf = (ref: Ref): string | null => (!ref ? null : typeof ref === 'string' ? ref : ref.id);

interface StripeRelated {
  paymentIntent?: StripePaymentIntentInput | null;
  charge?: StripeChargeInput | null;
}

/** What a Stripe event lacks: the PaymentIntent of a charge or dispute event. */
async function stripeRelated(stripe: StripeApi, event: StripeEventInput): Promise<StripeRelated> {
  if (event.type.startsWith('charge.dispute.')) {
    const dispute = event.data.object as StripeDisputeInput;
    let paymentIntentId = idOf(dispute.payment_intent);
    let charge: StripeChargeInput | null = null;
    if (!paymentIntentId) {
      const chargeId = idOf(dispute.charge);
      charge = chargeId ? await stripe.getCharge(chargeId) : null;
      paymentIntentId = idOf(charge?.payment_intent);
      if (!paymentIntentId) return { charge };
    }
    const paymentIntent = (await stripe.getPaymentIntent(paymentIntentId)) as StripePaymentIntentInput | null;
    const expanded = paymentIntent?.latest_charge;
    return { paymentIntent, charge: charge ?? (expanded && typeof expanded === 'object' ? expanded : null) };
  }
  if (event.type.startsWith('charge.')) {
    const paymentIntentId = idOf((event.data.object as StripeChargeInput).payment_intent);
    // The event's own Charge stays the Charge of record: it is the state the event is about.
    return paymentIntentId ? { paymentIntent: (await stripe.getPaymentIntent(paymentIntentId)) as StripePaymentIntentInput | null } : {};
  }
  return {};
}

/** A Stripe event → Order (null for events the status table does not list), with what it lacks fetched. */
export async function stripeEventOrder(stripe: StripeApi, event: StripeEventInput): Promise<Order | null> {
  const related = await stripeRelated(stripe, event);
  return orderFromStripeEvent(event, { ...related, environment: stripe.mode });
}

function linkedId(links: PayPalLink[] | undefined, pathPart: string): string | null {
  const href = links?.find((l) => l.rel === 'up' && l.href?.includes(pathPart))?.href;
  const id = href?.split(pathPart)[1]?.split(/[/?#]/)[0];
  return id ? decodeURIComponent(id) : null;
}

/** The order a capture belongs to, when the capture says (Orders v2 captures do). */
export function orderIdOfCapture(capture: PayPalCaptureInput | null | undefined): string | null {
  return capture?.supplementary_data?.related_ids?.order_id ?? linkedId(capture?.links, '/v2/checkout/orders/');
}

/** The capture an event is about, read from PayPal when the event lacks what the Order needs. */
async function paypalCaptureOf(paypal: PayPalApi, event: PayPalEventInput): Promise<PayPalCaptureInput | null> {
  const type = event.event_type;
  if (type === 'PAYMENT.CAPTURE.REFUNDED' || type === 'PAYMENT.CAPTURE.REVERSED') {
    const captureId = linkedId((event.resource as PayPalRefundInput).links, '/v2/payments/captures/');
    return captureId ? paypal.getCapture(captureId) : null;
  }
  if (type.startsWith('PAYMENT.CAPTURE.')) {
    const capture = event.resource as PayPalCaptureInput;
    if (orderIdOfCapture(capture) || !capture.id) return capture;
    return (await paypal.getCapture(capture.id)) ?? capture;
  }
  if (type.startsWith('CUSTOMER.DISPUTE.')) {
    const captureId = (event.resource as PayPalDisputeInput).disputed_transactions?.[0]?.seller_transaction_id;
    return captureId ? paypal.getCapture(captureId) : null;
  }
  return null;
}

/** A PayPal event → Order (null for events the status table does not list), with its order read for buyer, shipping and trackers. */
export async function paypalEventOrder(paypal: PayPalApi, event: PayPalEventInput): Promise<Order | null> {
  const environment = paypal.environment;
  if (event.event_type.startsWith('CHECKOUT.ORDER.')) return orderFromPayPalEvent(event, { environment });
  const capture = await paypalCaptureOf(paypal, event);
  const orderId = orderIdOfCapture(capture);
  const loaded = orderId ? await loadPayPalOrder(paypal, orderId, capture?.id) : null;
  return orderFromPayPalEvent(event, {
    environment,
    capture,
    order: loaded?.paypalOrder,
    trackingNumbers: loaded?.trackingNumbers,
  });
}

/** An event as its gateway sent it. */
export type GatewayEvent = { gateway: 'stripe'; event: StripeEventInput } | { gateway: 'paypal'; event: PayPalEventInput };

/**
 * The Order an event gives without any read (when the reads keep failing): fewer fields. `environment`
 * is the connection's when it has the gateway; else the event's own `livemode` / link hosts say.
 */
export function eventOnlyOrder(event: GatewayEvent, environment?: Environment | PayPalEnvironment): Order | null {
  return event.gateway === 'stripe'
    ? orderFromStripeEvent(event.event, { environment: environment === 'sandbox' ? 'test' : environment })
    : orderFromPayPalEvent(event.event, { environment });
}
