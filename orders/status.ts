/**
 * Order statuses and the gateway events that produce them (docs/architecture.md#order-statuses), held in ONE table.
 *
 *   ORDER_STATUSES                 the statuses with labels (the `statuses` input's choices)
 *   STATUS_TABLE                   rows: statuses ← Stripe events, PayPal events (docs/architecture.md renders it)
 *   stripeEventsFor(statuses)      Stripe event names to subscribe (`enabled_events`)
 *   paypalEventsFor(statuses)      PayPal event names to subscribe (`event_types[].name`)
 *   statusFromStripeEvent(event)   status an event means, or null when the table has no row for it
 *   statusFromPayPalEvent(event, capture?)
 *   statusFromPaymentIntent(pi, {charge?, dispute?})   for objects read directly (polling, search)
 *   statusFromPayPalOrder(order, captureId?)
 *
 * Rows that name two statuses are decided by the object: refunds by amount, disputes by outcome.
 */
import { compareDecimal } from './money';

export const ORDER_STATUSES = [
  { key: 'pending', label: 'Pending' },
  { key: 'paid', label: 'Paid' },
  { key: 'failed', label: 'Failed' },
  { key: 'canceled', label: 'Canceled' },
  { key: 'refunded', label: 'Refunded' },
  { key: 'partially_refunded', label: 'Partially Refunded' },
  { key: 'disputed', label: 'Disputed' },
  { key: 'dispute_won', label: 'Dispute Won' },
  { key: 'dispute_lost', label: 'Dispute Lost' },
] as const;

export type OrderStatus = (typeof ORDER_STATUSES)[number]['key'];

export interface StatusRow {
  readonly statuses: readonly OrderStatus[];
  /** What picks one of several statuses for the same event. */
  readonly decidedBy?: 'amount' | 'outcome';
  readonly stripe: readonly string[];
  readonly paypal: readonly string[];
}

export const STATUS_TABLE: readonly StatusRow[] = [
  { statuses: ['pending'], stripe: ['payment_intent.processing'], paypal: ['CHECKOUT.ORDER.APPROVED', 'PAYMENT.CAPTURE.PENDING'] },
  { statuses: ['paid'], stripe: ['payment_intent.succeeded'], paypal: ['PAYMENT.CAPTURE.COMPLETED'] },
  { statuses: ['failed'], stripe: ['payment_intent.payment_failed'], paypal: ['PAYMENT.CAPTURE.DENIED', 'PAYMENT.CAPTURE.DECLINED'] },
  { statuses: ['canceled'], stripe: ['payment_intent.canceled'], paypal: ['CHECKOUT.ORDER.VOIDED'] },
  {
    statuses: ['refunded', 'partially_refunded'],
    decidedBy: 'amount',
    stripe: ['charge.refunded'],
    paypal: ['PAYMENT.CAPTURE.REFUNDED', 'PAYMENT.CAPTURE.REVERSED'],
  },
  { statuses: ['disputed'], stripe: ['charge.dispute.created'], paypal: ['CUSTOMER.DISPUTE.CREATED'] },
  {
    statuses: ['dispute_won', 'dispute_lost'],
    decidedBy: 'outcome',
    stripe: ['charge.dispute.closed'],
    paypal: ['CUSTOMER.DISPUTE.RESOLVED'],
  },
];

const STATUS_KEYS: ReadonlySet<string> = new Set(ORDER_STATUSES.map((s) => s.key));

export function isOrderStatus(value: unknown): value is OrderStatus {
  return typeof value === 'string' && STATUS_KEYS.has(value);
}

function eventsFor(statuses: readonly string[], gateway: 'stripe' | 'paypal'): string[] {
  const wanted = new Set(statuses);
  const events = STATUS_TABLE.filter((row) => row.statuses.some((s) => wanted.has(s))).flatMap((row) => row[gateway]);
  return [...new Set(events)];
}

/** Exact Stripe event names to subscribe for these statuses (no duplicates, table order). */
export function stripeEventsFor(statuses: readonly string[]): string[] {
  return eventsFor(statuses, 'stripe');
}

/** Exact PayPal event names to subscribe for these statuses (no duplicates, table order). */
export function paypalEventsFor(statuses: readonly string[]): string[] {
  return eventsFor(statuses, 'paypal');
}

function rowFor(eventType: string, gateway: 'stripe' | 'paypal'): StatusRow | undefined {
  return STATUS_TABLE.find((row) => row[gateway].includes(eventType));
}

// ---------------------------------------------------------------- Stripe

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

/** A Stripe Charge's refund state: full when Stripe says `refunded` or the whole amount is back. */
function stripeRefundStatus(charge: StripeStatusCharge): OrderStatus | null {
  const refundedAmount = charge.amount_refunded ?? 0;
  if (charge.refunded === true || (charge.amount !== undefined && refundedAmount > 0 && refundedAmount >= charge.amount)) {
    return 'refunded';
  }
  return refundedAmount > 0 ? 'partially_refunded' : null;
}

export interface StripeStatusEvent {
  type: string;
  data: { object: unknown };
}

/** The status a Stripe event means, per the table; null for events the table does not list. */
export function statusFromStripeEvent(event: StripeStatusEvent): OrderStatus | null {
  const row = rowFor(event.type, 'stripe');
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

// ---------------------------------------------------------------- PayPal

export interface PayPalMoneyLike {
  currency_code?: string;
  value?: string;
}
export interface PayPalStatusCapture {
  id?: string;
  status?: string;
  amount?: PayPalMoneyLike;
}
export interface PayPalStatusResource {
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
  if (total !== undefined && captured !== undefined) {
    return compareDecimal(total, captured) >= 0 ? 'refunded' : 'partially_refunded';
  }
  return 'refunded';
}

/** The status a PayPal webhook event means, per the table; null for events the table does not list. */
export function statusFromPayPalEvent(event: PayPalStatusEvent, capture?: PayPalStatusCapture): OrderStatus | null {
  const row = rowFor(event.event_type, 'paypal');
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
