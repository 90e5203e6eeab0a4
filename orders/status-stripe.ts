/**
 * Stripe objects and events → Order status, per the status table (orders/status.ts). Pure.
 *
 *   statusFromStripeEvent(event)   status an event means, or null when the table has no row for it
 *   statusFromPaymentIntent(pi, {charge?, dispute?})   for objects read directly (polling, search)
 */
import { refundStatusByAmount, statusRowFor, type OrderStatus } from './status';

/** The parts of Stripe objects the status rules read. Real Stripe objects satisfy these shapes. */
export interface StripeStatusCharge {
  amount?: number;
  amount_refunded?: number;
  refunded?: boolean;
  disputed?: boolean;
}
export interface StripeStatusDispute {
  status?: string | null;
}
export interface StripeStatusPaymentIntent {
  status?: string | null;
  last_payment_error?: unknown;
}

/**
 * Closed dispute → outcome. `warning_closed` is an inquiry closed without a chargeback (the merchant
 * keeps the money); `prevented` (Stripe 2025-08-27) is a chargeback stopped by refunding the buyer
 * automatically (RDR), so the merchant does not keep the money.
 */
function stripeDisputeOutcome(dispute: StripeStatusDispute): OrderStatus | null {
  switch (dispute.status) {
    case 'won':
    case 'warning_closed':
      return 'dispute_won';
    case 'lost':
    case 'prevented':
      return 'dispute_lost';
    default:
      return null;
  }
}

/** A Stripe Charge's refund state: full when Stripe says `refunded` or the whole amount is back; null when nothing is. */
function stripeRefundStatus(charge: StripeStatusCharge): OrderStatus | null {
  const refundedAmount = charge.amount_refunded ?? 0;
  if (charge.refunded === true) return 'refunded';
  if (!(refundedAmount > 0)) return null;
  return charge.amount === undefined ? 'partially_refunded' : refundStatusByAmount(refundedAmount, charge.amount);
}

export interface StripeStatusEvent {
  type: string;
  data: { object: unknown };
}

/** The status a Stripe event means, per the table; null for events the table does not list. */
export function statusFromStripeEvent(event: StripeStatusEvent): OrderStatus | null {
  const row = statusRowFor(event.type, 'stripe');
  if (!row) return null;
  const object = (event.data?.object ?? {}) as StripeStatusCharge & StripeStatusDispute;
  if (row.decidedBy === 'amount') return stripeRefundStatus(object) ?? 'refunded';
  if (row.decidedBy === 'outcome') return stripeDisputeOutcome(object);
  return row.statuses[0] ?? null;
}

/**
 * Status of a PaymentIntent read directly. With its Charge (or Dispute) the refund and dispute
 * states are seen too; without them a succeeded PaymentIntent is `paid`.
 */
export function statusFromPaymentIntent(
  pi: StripeStatusPaymentIntent,
  related: { charge?: StripeStatusCharge | null; dispute?: StripeStatusDispute | null } = {},
): OrderStatus {
  switch (pi.status) {
    case 'succeeded': {
      if (related.dispute) return stripeDisputeOutcome(related.dispute) ?? 'disputed';
      if (related.charge?.disputed) return 'disputed';
      return (related.charge && stripeRefundStatus(related.charge)) ?? 'paid';
    }
    case 'canceled':
      return 'canceled';
    case 'requires_payment_method':
      // Back to requires_payment_method after an attempt = that attempt failed; otherwise not paid yet.
      return pi.last_payment_error ? 'failed' : 'pending';
    default:
      // processing, requires_capture, requires_action, requires_confirmation
      return 'pending';
  }
}
