/**
 * The Tracking Audit Report (docs/fields.md#tracking-audit-report--tracking_audit): paid orders of the last `lookback_days`
 * read from each chosen gateway, counted, and their exceptions listed.
 *
 *   readAudit(apis, scope)            → AuditRead: each gateway's Orders (null when not audited), bounded reads
 *   auditReport(read, scope, period)  → the trigger's item without `report_csv`
 *   auditExceptions(read, scope)      → every exception, oldest first (the CSV's rows)
 *
 * Time: Zapier gives a poll 30 s. Stripe lists 100 PaymentIntents per page with their Charges (20 pages at
 * most); PayPal's Transaction Search pages are read in parallel, then one order read per payment (at most
 * AUDIT_PAYPAL_ORDERS), AUDIT_READ_CONCURRENCY at a time: 1,000 orders take about 10 s at 200 ms a call, 17 s all
 * on PayPal (bench/audit.ts).
 */
import type { Gateways } from '../../gateways';
import type { GatewayName } from '../../gateways/config';
import type { PayPalApi } from '../../gateways/paypal';
import type { Order } from '../../orders/order';
import { newestRowsFirst } from '../events/transactions';
import { addCounts, countOrders, exceptionsOf, ZERO_COUNTS, type AuditException, type AuditRules, type GatewayCounts } from './count';
import type { Period } from './period';
import { isPaymentRow, ordersOfRows, paypalPaymentOrder, stripePaidOrders, uniqueOrderRows, type AuditWindow } from './read';
import { summaryHtml, summaryText, type ReportView } from './summary';

export const AUDIT_READ_CONCURRENCY = 16;
export const AUDIT_STRIPE_PAGES = 20;
export const AUDIT_PAYPAL_SEARCH_PAGES = 6;
export const AUDIT_PAYPAL_ORDERS = 1000;
/** Exceptions carried as line items; the CSV has them all. */
const AUDIT_EXCEPTION_ITEMS = 50;

export interface AuditScope {
  /** The gateways to audit (chosen, or every configured one). */
  gateways: GatewayName[];
  /** The gateways the connection has, to tell "not connected" from "not chosen". */
  configured: GatewayName[];
  lookbackDays: number;
  minAgeHours: number;
  /** The report's moment: the window ends here, and ages are counted to it. */
  asOf: Date;
}

interface GatewayRead {
  orders: Order[];
  /** False when the window held more than one report reads. */
  complete: boolean;
}

type AuditRead = Record<GatewayName, GatewayRead | null>;

/** The keys of one `exceptions` line item, with their labels (the output fields are made from this). */
export const EXCEPTION_ITEM_LABELS = {
  order_id: 'Order ID',
  gateway: 'Gateway',
  amount: 'Amount',
  currency: 'Currency',
  customer_email: 'Customer Email',
  problem: 'Problem',
  dashboard_url: 'Dashboard URL',
} as const satisfies Partial<Record<keyof AuditException, string>>;

type AuditExceptionItem = Pick<AuditException, keyof typeof EXCEPTION_ITEM_LABELS>;

const ITEM_KEYS = Object.keys(EXCEPTION_ITEM_LABELS) as Array<keyof AuditExceptionItem>;
const itemOf = (exception: AuditException) =>
  Object.fromEntries(ITEM_KEYS.map((key) => [key, exception[key]])) as unknown as AuditExceptionItem;

export interface AuditReportBody {
  id: string;
  period_start: string;
  period_end: string;
  stripe: GatewayCounts;
  paypal: GatewayCounts;
  total: GatewayCounts;
  exceptions: AuditExceptionItem[];
  exceptions_total: number;
  summary_text: string;
  summary_html: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

async function paypalRead(paypal: PayPalApi, window: AuditWindow): Promise<GatewayRead> {
  const search = await paypal.searchTransactionWindow({
    ...window,
    status: 'S',
    maxPages: AUDIT_PAYPAL_SEARCH_PAGES,
    concurrency: AUDIT_READ_CONCURRENCY,
  });
  const rows = uniqueOrderRows(newestRowsFirst(search.rows.filter(isPaymentRow)));
  const orders = await ordersOfRows(rows.slice(0, AUDIT_PAYPAL_ORDERS), (row) => paypalPaymentOrder(paypal, row), AUDIT_READ_CONCURRENCY);
  return { orders, complete: search.complete && rows.length <= AUDIT_PAYPAL_ORDERS };
}

/** Both gateways at once; any gateway error fails the whole read (a report is never half made). */
export async function readAudit(apis: Gateways, scope: AuditScope): Promise<AuditRead> {
  const window = { start: new Date(scope.asOf.getTime() - scope.lookbackDays * DAY_MS), end: scope.asOf };
  const [stripe, paypal] = await Promise.all([
    scope.gateways.includes('stripe') && apis.stripe ? stripePaidOrders(apis.stripe, window, AUDIT_STRIPE_PAGES) : null,
    scope.gateways.includes('paypal') && apis.paypal ? paypalRead(apis.paypal, window) : null,
  ]);
  return { stripe, paypal };
}

const rulesOf = (scope: AuditScope): AuditRules => ({ asOf: scope.asOf, minAgeHours: scope.minAgeHours });

export function auditExceptions(read: AuditRead, scope: AuditScope): AuditException[] {
  return exceptionsOf([...(read.stripe?.orders ?? []), ...(read.paypal?.orders ?? [])], rulesOf(scope));
}

/** Why a gateway's counts are not the whole picture, said in the summaries. */
function noteOf(gateway: GatewayName, read: GatewayRead | null, scope: AuditScope): string | undefined {
  if (!scope.configured.includes(gateway)) return 'not connected: counted as zero';
  if (!read) return 'not chosen in Gateways: counted as zero';
  if (!read.complete) return `only the newest ${read.orders.length} orders were read; shorten Lookback (Days) to cover the whole window`;
  return undefined;
}

export function auditReport(read: AuditRead, scope: AuditScope, period: Period): AuditReportBody {
  const rules = rulesOf(scope);
  const stripe = read.stripe ? countOrders(read.stripe.orders, rules) : ZERO_COUNTS;
  const paypal = read.paypal ? countOrders(read.paypal.orders, rules) : ZERO_COUNTS;
  const all = auditExceptions(read, scope);
  const view: ReportView = {
    period,
    counts: { stripe, paypal, total: addCounts(stripe, paypal) },
    notes: { stripe: noteOf('stripe', read.stripe, scope), paypal: noteOf('paypal', read.paypal, scope) },
    exceptions: all.slice(0, AUDIT_EXCEPTION_ITEMS),
    exceptionsTotal: all.length,
  };
  return {
    id: period.id,
    period_start: period.start,
    period_end: period.end,
    ...view.counts,
    exceptions: view.exceptions.map(itemOf),
    exceptions_total: all.length,
    summary_text: summaryText(view),
    summary_html: summaryHtml(view),
  };
}
