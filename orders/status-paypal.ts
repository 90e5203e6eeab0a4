/**
 * PayPal objects and events → Order status, per the status table (orders/status.ts). Pure.
 *
 *   statusFromPayPalEvent(event, capture?)   status an event means, or null when the table has no row for it
 *   statusFromPayPalOrder(order, captureId?)  for an order read directly
 */
import { refundStatusByAmount, statusRowFor, type OrderStatus } from './status';

interface PayPalMoneyLike {
  currency_code?: string;
  value?: string;
}
export interface PayPalStatusCapture {
  id?: string;
  status?: string;
  amount?: PayPalMoneyLike;
}
interface PayPalStatusResource {
  status?: string;
  seller_payable_breakdown?: { total_refunded_amount?: PayPalMoneyLike };
  amount?: PayPalMoneyLike;
  dispute_outcome?: { outcome_code?: string };
}
export interface PayPalStatusEvent {
  event_type: string;
  resource?: unknown;
}

/**
 * PayPal dispute outcome → status, from the seller's side: the seller keeps the money when PayPal
 * finds for the seller, the buyer cancels, the claim is denied, or PayPal pays the buyer itself.
 */
function paypalDisputeOutcome(outcomeCode: string | undefined): OrderStatus | null {
  switch (outcomeCode) {
    case 'RESOLVED_SELLER_FAVOUR':
    case 'CANCELED_BY_BUYER':
    case 'DENIED':
    case 'RESOLVED_WITH_PAYOUT':
      return 'dispute_won';
    case 'RESOLVED_BUYER_FAVOUR':
    case 'ACCEPTED':
      return 'dispute_lost';
    default:
      return null;
  }
}

function paypalCaptureStatus(status: string | undefined): OrderStatus | null {
  switch (status) {
    case 'COMPLETED':
      return 'paid';
    case 'PENDING':
      return 'pending';
    case 'DECLINED':
    case 'FAILED':
      return 'failed';
    case 'REFUNDED':
      return 'refunded';
    case 'PARTIALLY_REFUNDED':
      return 'partially_refunded';
    default:
      return null;
  }
}

/**
 * Full or partial refund for a PAYMENT.CAPTURE.REFUNDED/REVERSED resource. The refund itself does not
 * carry the captured amount, so this needs the capture (from the related order or a capture GET):
 * its status when it shows the refund, else the refund's running total against the captured amount.
 * Without the capture the answer is `refunded`: pass the capture to tell partial refunds apart.
 */
function paypalRefundStatus(resource: PayPalStatusResource, capture: PayPalStatusCapture | undefined): OrderStatus {
  const fromCapture = paypalCaptureStatus(capture?.status);
  if (fromCapture === 'refunded' || fromCapture === 'partially_refunded') return fromCapture;
  const total = resource.seller_payable_breakdown?.total_refunded_amount?.value ?? resource.amount?.value;
  const captured = capture?.amount?.value;
  return total !== undefined && captured !== undefined ? refundStatusByAmount(total, captured) : 'refunded';
}

/** The status a PayPal webhook event means, per the table; null for events the table does not list. */
export function statusFromPayPalEvent(event: PayPalStatusEvent, capture?: PayPalStatusCapture): OrderStatus | null {
  const row = statusRowFor(event.event_type, 'paypal');
  if (!row) return null;
  const resource = (event.resource ?? {}) as PayPalStatusResource;
  if (row.decidedBy === 'amount') return paypalRefundStatus(resource, capture);
  if (row.decidedBy === 'outcome') return paypalDisputeOutcome(resource.dispute_outcome?.outcome_code);
  return row.statuses[0] ?? null;
}

export interface PayPalStatusOrder {
  status?: string;
  /** Units are read for `payments.captures` only; `unknown` so a unit not yet captured type-checks too. */
  purchase_units?: readonly unknown[];
}

/**
 * Status of a PayPal order read directly: a completed order takes its capture's status (the capture
 * with `captureId`, else the first one); an order not yet captured is `pending`, a voided one `canceled`.
 */
export function statusFromPayPalOrder(order: PayPalStatusOrder, captureId?: string | null): OrderStatus {
  if (order.status === 'VOIDED') return 'canceled';
  const units = (order.purchase_units ?? []) as Array<{ payments?: { captures?: PayPalStatusCapture[] } } | null>;
  const captures = units.flatMap((pu) => pu?.payments?.captures ?? []);
  const capture = captures.find((c) => c.id === captureId) ?? captures[0];
  return paypalCaptureStatus(capture?.status) ?? 'pending';
}
