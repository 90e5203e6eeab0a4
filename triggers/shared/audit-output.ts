/**
 * The Tracking Audit Report's output fields and sample, both from the report's own definition
 * (sync/audit/count.ts counts, sync/audit/report.ts line items): the sample is a report built by the same
 * code from sample Orders, so sample, output fields and live items cannot drift apart.
 */
import type { GatewayName } from '../../gateways/config';
import { AUDIT_COUNT_LABELS } from '../../sync/audit/count';
import { periodOf } from '../../sync/audit/period';
import { auditReport, EXCEPTION_ITEM_LABELS, type AuditReportBody } from '../../sync/audit/report';
import { completeOrder, SAMPLE_ORDER } from '../../orders/order';

export interface AuditReport extends AuditReportBody {
  /** A dehydrated file: Zapier builds the CSV (the hydrator) when a later step uses it. */
  report_csv: string;
}

interface OutputField {
  key: string;
  label: string;
  type: 'string' | 'integer' | 'number' | 'datetime' | 'file';
}

const COUNT_OWNERS = [
  ['stripe', 'Stripe'],
  ['paypal', 'PayPal'],
  ['total', 'Total'],
] as const;

export function auditOutputFields(): OutputField[] {
  const counts = COUNT_OWNERS.flatMap(([owner, ownerLabel]) =>
    (Object.keys(AUDIT_COUNT_LABELS) as Array<keyof typeof AUDIT_COUNT_LABELS>).map((key): OutputField => ({
      key: `${owner}__${key}`,
      label: `${ownerLabel}: ${AUDIT_COUNT_LABELS[key]}`,
      type: key === 'tracked_percent' ? 'number' : 'integer',
    })),
  );
  const items = (Object.keys(EXCEPTION_ITEM_LABELS) as Array<keyof typeof EXCEPTION_ITEM_LABELS>).map((key): OutputField => ({
    key: `exceptions[]${key}`,
    label: `Exceptions: ${EXCEPTION_ITEM_LABELS[key]}`,
    type: 'string',
  }));
  return [
    { key: 'id', label: 'Period ID', type: 'string' },
    { key: 'period_start', label: 'Period Start', type: 'datetime' },
    { key: 'period_end', label: 'Period End', type: 'datetime' },
    ...counts,
    ...items,
    { key: 'exceptions_total', label: 'Exceptions Total', type: 'integer' },
    { key: 'summary_text', label: 'Summary Text', type: 'string' },
    { key: 'summary_html', label: 'Summary HTML', type: 'string' },
    { key: 'report_csv', label: 'Report CSV', type: 'file' },
  ];
}

/** A day's report over three sample orders: one tracked (Stripe), one late without tracking on each gateway. */
export function auditSample(): AuditReport {
  const asOf = new Date('2026-11-03T00:07:00Z');
  const untracked = { has_tracking: false, tracking_number: null, carrier: null, carrier_name: null, tracking_url: null, trackings: [] };
  const stripeLate = completeOrder({
    ...SAMPLE_ORDER,
    ...untracked,
    id: undefined,
    order_id: 'pi_3MtwBwLkdIwHu7ix1Ha2Yc9Q',
    payment_id: 'ch_3MtwBwLkdIwHu7ix1fX0Ak8T',
    customer_email: 'bo@example.com',
    created_at: '2026-10-30T09:12:40Z',
    dashboard_url: 'https://dashboard.stripe.com/payments/pi_3MtwBwLkdIwHu7ix1Ha2Yc9Q',
  });
  const paypalLate = completeOrder({
    ...stripeLate,
    id: undefined,
    gateway: 'paypal',
    order_id: '5O190127TN364715T',
    payment_id: '3C679366HH908993F',
    amount: '100.00',
    customer_email: 'hana@example.com',
    created_at: '2026-10-28T16:40:02Z',
    dashboard_url: 'https://www.paypal.com/activity/payment/3C679366HH908993F',
  });
  const both: GatewayName[] = ['stripe', 'paypal'];
  const scope = { gateways: both, configured: both, lookbackDays: 14, minAgeHours: 24, asOf };
  const read = { stripe: { orders: [SAMPLE_ORDER, stripeLate], complete: true }, paypal: { orders: [paypalLate], complete: true } };
  const body = auditReport(read, scope, periodOf('daily', asOf));
  return { ...body, report_csv: 'https://zapier-dev-files.s3.amazonaws.com/cli-platform/tracking-audit-2026-11-03.csv' };
}
