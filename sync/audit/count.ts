/**
 * What an audit counts and reports, over Orders already read (pure).
 *
 *   needsTracking(order, requireShippingAddress)  a paid order that still ships and has no live tracking
 *   AUDIT_COUNT_LABELS, GatewayCounts              the counts of one gateway (or the total), labelled once
 *   countOrders(orders, rules) / addCounts(a, b)   the counts; a sum with its own percentage
 *   exceptionsOf(orders, rules)                    every order that needs the merchant, oldest first
 *
 * The window is the caller's: every Order passed in was created in the last `lookback_days`.
 */
import type { Order } from '../../orders/order';
import { SHIPPABLE_STATUSES, type OrderStatus } from '../../orders/status';

/** Every status of an order that was paid (what happened after payment included). */
const PAID: ReadonlySet<OrderStatus> = new Set([...SHIPPABLE_STATUSES, 'refunded', 'dispute_lost']);

export function needsTracking(order: Order, requireShippingAddress: boolean): boolean {
  return SHIPPABLE_STATUSES.has(order.status) && !order.has_tracking && (!requireShippingAddress || order.shipping_line1 !== null);
}

export const AUDIT_COUNT_LABELS = {
  paid: 'Paid',
  tracked: 'Tracked',
  untracked: 'Untracked',
  refunded_with_live_tracking: 'Refunded With Live Tracking',
  disputed_without_tracking: 'Disputed Without Tracking',
  tracked_percent: 'Tracked Percent',
} as const;

export type GatewayCounts = Record<Exclude<keyof typeof AUDIT_COUNT_LABELS, 'tracked_percent'>, number> & {
  /** tracked ÷ (tracked + untracked), in percent with one decimal; null when neither has an order. */
  tracked_percent: number | null;
};

type Problem = 'untracked' | 'refunded_with_live_tracking' | 'disputed_without_tracking';

/** What each problem says in the report, its CSV and its emails. */
const PROBLEM_TEXT: Record<Problem, string> = {
  disputed_without_tracking: 'Disputed, and no tracking to show as evidence',
  refunded_with_live_tracking: 'Refunded, but its tracking is still live',
  untracked: 'Paid, still no tracking',
};

export interface AuditRules {
  asOf: Date;
  minAgeHours: number;
}

/** The one problem an order is listed for (the most urgent), or null. */
function problemOf(order: Order, rules: AuditRules): Problem | null {
  if (order.status === 'disputed' && needsTracking(order, true)) return 'disputed_without_tracking';
  if (order.status === 'refunded' && order.has_tracking) return 'refunded_with_live_tracking';
  return isOverdue(order, rules) ? 'untracked' : null;
}

/** Needs tracking and was paid at least `minAgeHours` before the report. */
function isOverdue(order: Order, rules: AuditRules): boolean {
  const created = Date.parse(order.created_at ?? '');
  const dueBy = rules.asOf.getTime() - rules.minAgeHours * 3_600_000;
  return needsTracking(order, true) && Number.isFinite(created) && created <= dueBy;
}

const percent = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((1000 * part) / whole) / 10);

function withPercent(counts: Omit<GatewayCounts, 'tracked_percent'>): GatewayCounts {
  return { ...counts, tracked_percent: percent(counts.tracked, counts.tracked + counts.untracked) };
}

export function countOrders(orders: readonly Order[], rules: AuditRules): GatewayCounts {
  const paid = orders.filter((order) => PAID.has(order.status));
  return withPercent({
    paid: paid.length,
    tracked: paid.filter((order) => order.has_tracking).length,
    untracked: paid.filter((order) => isOverdue(order, rules)).length,
    refunded_with_live_tracking: paid.filter((order) => problemOf(order, rules) === 'refunded_with_live_tracking').length,
    disputed_without_tracking: paid.filter((order) => problemOf(order, rules) === 'disputed_without_tracking').length,
  });
}

export function addCounts(a: GatewayCounts, b: GatewayCounts): GatewayCounts {
  return withPercent({
    paid: a.paid + b.paid,
    tracked: a.tracked + b.tracked,
    untracked: a.untracked + b.untracked,
    refunded_with_live_tracking: a.refunded_with_live_tracking + b.refunded_with_live_tracking,
    disputed_without_tracking: a.disputed_without_tracking + b.disputed_without_tracking,
  });
}

export const ZERO_COUNTS: GatewayCounts = withPercent({
  paid: 0,
  tracked: 0,
  untracked: 0,
  refunded_with_live_tracking: 0,
  disputed_without_tracking: 0,
});

/** One order the merchant should look at: the CSV's columns. */
export interface AuditException {
  gateway: Order['gateway'];
  order_id: string | null;
  payment_id: string | null;
  created_at: string | null;
  amount: string | null;
  currency: string | null;
  customer_email: string | null;
  problem: string;
  dashboard_url: string | null;
}

/** Every exception, oldest first (ties: gateway, then order ID, so the list is the same on every read). */
export function exceptionsOf(orders: readonly Order[], rules: AuditRules): AuditException[] {
  const listed = orders.flatMap((order) => {
    const problem = PAID.has(order.status) ? problemOf(order, rules) : null;
    if (!problem) return [];
    return [
      {
        gateway: order.gateway,
        order_id: order.order_id ?? order.payment_id,
        payment_id: order.payment_id,
        created_at: order.created_at,
        amount: order.amount,
        currency: order.currency,
        customer_email: order.customer_email,
        problem: PROBLEM_TEXT[problem],
        dashboard_url: order.dashboard_url,
      },
    ];
  });
  const key = (e: AuditException) => `${e.created_at ?? ''}|${e.gateway}|${e.order_id ?? ''}`;
  return listed.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
