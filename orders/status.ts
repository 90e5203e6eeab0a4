/**
 * Order statuses and the gateway events that produce them (docs/architecture.md#order-statuses), held in ONE table.
 *
 *   ORDER_STATUSES                 the statuses with labels (the `statuses` input's choices)
 *   SHIPPABLE_STATUSES             paid and still to ship (the audit, reconcile's "paid in both gateways")
 *   STATUS_TABLE                   rows: statuses ← Stripe events, PayPal events (docs/architecture.md renders it)
 *   stripeEventsFor(statuses)      Stripe event names to subscribe (`enabled_events`)
 *   paypalEventsFor(statuses)      PayPal event names to subscribe (`event_types[].name`)
 *   statusRowFor(eventType, gateway)          the row of an event
 *   refundStatusByAmount(refunded, paid)      the full-or-partial refund rule
 *
 * Rows that name two statuses are decided by the object: refunds by amount, disputes by outcome
 * (orders/status-stripe.ts and orders/status-paypal.ts read the gateways' objects).
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

/** Paid orders that still ship: a fully refunded or lost-dispute order needs no tracking. */
export const SHIPPABLE_STATUSES: ReadonlySet<OrderStatus> = new Set(['paid', 'partially_refunded', 'disputed', 'dispute_won']);

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

/** The table row that lists a gateway's event type, if any. */
export function statusRowFor(eventType: string, gateway: 'stripe' | 'paypal'): StatusRow | undefined {
  return STATUS_TABLE.find((row) => row[gateway].includes(eventType));
}

/**
 * Full or partial refund, by amount: `refunded` once the refunds reach the amount paid. Both in minor
 * units (Stripe) or both decimal strings (PayPal).
 */
export function refundStatusByAmount(refunded: number | string, paid: number | string): 'refunded' | 'partially_refunded' {
  const reached =
    typeof refunded === 'string' && typeof paid === 'string' ? compareDecimal(refunded, paid) >= 0 : Number(refunded) >= Number(paid);
  return reached ? 'refunded' : 'partially_refunded';
}
