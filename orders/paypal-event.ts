/**
 * A PayPal webhook event → Order: CHECKOUT.ORDER.*, PAYMENT.CAPTURE.*, CUSTOMER.DISPUTE.*; null for
 * other event types. Pure. What the event lacks (the order, the capture) comes from the caller.
 */
import type {
  PayPalCaptureInput,
  PayPalDisputeInput,
  PayPalEventInput,
  PayPalOrderInput,
  PayPalRefundInput,
} from '../gateways/paypal-types';
import { completeOrder, type Order } from './order';
import { captureIdOfRefund } from './paypal-links';
import {
  money,
  orderFromCaptureOnly,
  orderFromPayPalOrder,
  type PayPalEnvironment,
  type PayPalOrderContext,
  type PayPalTrackingNumber,
} from './paypal-order';
import type { OrderStatus } from './status';
import { statusFromPayPalEvent } from './status-paypal';
import { firstText } from './values';

export interface PayPalEventRelated {
  /** The order (read by its ID): buyer, shipping and trackers the event lacks. */
  order?: PayPalOrderInput | null;
  /** The capture (read by its ID): tells full from partial refunds without the order. */
  capture?: PayPalCaptureInput | null;
  environment?: PayPalEnvironment;
  trackingNumbers?: readonly PayPalTrackingNumber[];
}

type EventContext = Omit<PayPalOrderContext, 'capture'>;

/** Recomputes `id` after event-specific fields replaced computed ones. */
function withPatch(order: Order, patch: Partial<Order>): Order {
  return completeOrder({ ...order, ...patch, id: undefined });
}

/** PAYMENT.CAPTURE.REFUNDED/REVERSED: the refund names its capture; the amount refunded is the refund's running total. */
function refundEventOrder(event: PayPalEventInput, related: PayPalEventRelated, base: EventContext): Order {
  const refund = event.resource as PayPalRefundInput;
  const capture: PayPalCaptureInput = related.capture ?? {
    id: captureIdOfRefund(refund) ?? undefined,
    invoice_id: refund.invoice_id,
    custom_id: refund.custom_id,
    links: refund.links,
  };
  const order = orderFromPayPalOrder(related.order ?? orderFromCaptureOnly(capture), { ...base, capture });
  const total = refund.seller_payable_breakdown?.total_refunded_amount ?? refund.amount;
  return withPatch(order, {
    amount_refunded: money(total) ?? order.amount_refunded,
    currency: order.currency ?? total?.currency_code?.toUpperCase() ?? null,
    gateway_status: order.gateway_status ?? firstText(refund.status),
  });
}

/** CUSTOMER.DISPUTE.*: the disputed transaction stands in for the order when the order is not known. */
function disputeEventOrder(event: PayPalEventInput, related: PayPalEventRelated, base: EventContext): Order {
  const dispute = event.resource as PayPalDisputeInput;
  const transaction = dispute.disputed_transactions?.[0];
  const capture: PayPalCaptureInput = related.capture ?? { id: transaction?.seller_transaction_id };
  const fallbackOrder: PayPalOrderInput = {
    purchase_units: [
      {
        amount: transaction?.gross_amount ?? dispute.dispute_amount,
        invoice_id: transaction?.invoice_number,
        custom_id: transaction?.custom,
      },
    ],
  };
  const order = orderFromPayPalOrder(related.order ?? fallbackOrder, { ...base, capture });
  // UPDATED is not in the status table, and RESOLVED without a known outcome stays `disputed`.
  const status: OrderStatus = statusFromPayPalEvent(event) ?? 'disputed';
  return withPatch(order, {
    status,
    gateway_status: dispute.status ?? null,
    customer_email: order.customer_email ?? firstText(transaction?.buyer?.email),
    customer_name: order.customer_name ?? firstText(transaction?.buyer?.name),
  });
}

/** A PayPal webhook event → Order, or null when the event type says nothing about an order. */
export function orderFromPayPalEvent(event: PayPalEventInput, related: PayPalEventRelated = {}): Order | null {
  const type = event.event_type;
  const base: EventContext = { environment: related.environment, event, trackingNumbers: related.trackingNumbers };
  if (type.startsWith('CHECKOUT.ORDER.')) {
    return orderFromPayPalOrder(related.order ?? (event.resource as PayPalOrderInput), { ...base, capture: related.capture });
  }
  if (type === 'PAYMENT.CAPTURE.REFUNDED' || type === 'PAYMENT.CAPTURE.REVERSED') return refundEventOrder(event, related, base);
  if (type.startsWith('PAYMENT.CAPTURE.')) {
    const capture = { ...(event.resource as PayPalCaptureInput), ...related.capture };
    return orderFromPayPalOrder(related.order ?? orderFromCaptureOnly(capture), { ...base, capture });
  }
  if (type.startsWith('CUSTOMER.DISPUTE.')) return disputeEventOrder(event, related, base);
  return null;
}
