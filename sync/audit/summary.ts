/**
 * The report in words (pure): `summary_text`, two lines for SMS or Slack, and `summary_html`, a fragment for
 * an email body. Email clients drop <style> blocks and scripts, so every style is inline; every value
 * interpolated into the HTML is escaped, and only https links are made.
 *
 *   summaryText(view), summaryHtml(view)
 */
import { GATEWAY_LABELS, type GatewayName } from '../../gateways/config';
import { AUDIT_COUNT_LABELS, type AuditException, type GatewayCounts } from './count';
import type { Period } from './period';

export interface ReportView {
  period: Period;
  counts: Record<GatewayName | 'total', GatewayCounts>;
  /** Why a gateway's counts are not the whole picture (not connected, not chosen, partly read); absent when they are. */
  notes: Partial<Record<GatewayName, string>>;
  /** The oldest exceptions (at most 50). */
  exceptions: readonly AuditException[];
  exceptionsTotal: number;
}

/** Exceptions the HTML lists; the rest are in the CSV. */
const HTML_EXCEPTIONS = 10;
const GATEWAYS: GatewayName[] = ['stripe', 'paypal'];

const shownPercent = (value: number | null) => (value === null ? 'n/a' : `${value.toFixed(1)}%`);

export function summaryText(view: ReportView): string {
  const { total } = view.counts;
  const first =
    `Tracking audit ${view.period.id} (${view.period.kind}): ${shownPercent(total.tracked_percent)} tracked. ` +
    `${total.paid} paid, ${total.tracked} tracked, ${total.untracked} untracked, ` +
    `${total.refunded_with_live_tracking} refunded with live tracking, ${total.disputed_without_tracking} disputed without tracking.`;
  const gateways = GATEWAYS.map((gateway) => {
    const counts = view.counts[gateway];
    const note = view.notes[gateway];
    const figures = `${shownPercent(counts.tracked_percent)} tracked, ${counts.untracked} untracked`;
    return `${GATEWAY_LABELS[gateway]} ${note && counts.paid === 0 ? note : note ? `${figures} (${note})` : figures}`;
  });
  const oldest = view.exceptions[0];
  const exceptions = oldest
    ? `${view.exceptionsTotal} to check, oldest ${oldest.order_id ?? ''} (${GATEWAY_LABELS[oldest.gateway]}, ${(oldest.created_at ?? '').slice(0, 10)}).`
    : 'Nothing to check.';
  return `${first}\n${gateways.join(' · ')} · ${exceptions}`;
}

function escapeHtml(text: string | number | null | undefined): string {
  return String(text ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const CELL = 'padding:4px 8px;border-bottom:1px solid #ddd;text-align:left';
const NUMBER = 'padding:4px 8px;border-bottom:1px solid #ddd;text-align:right';
const HEAD = 'padding:4px 8px;border-bottom:2px solid #999;text-align:left;font-weight:bold';
const TABLE = 'border-collapse:collapse;margin:8px 0 16px;width:100%;font-size:13px';

const row = (cells: string[]) => `<tr>${cells.join('')}</tr>`;
const td = (html: string, style = CELL) => `<td style="${style}">${html}</td>`;
const th = (text: string) => `<th style="${HEAD}">${escapeHtml(text)}</th>`;

function percentBar(value: number | null): string {
  if (value === null) return '<p style="margin:4px 0 12px">No paid order is due for tracking in this window.</p>';
  const colour = value >= 95 ? '#2e7d32' : value >= 80 ? '#f9a825' : '#c62828';
  const width = Math.max(0, Math.min(100, value));
  return (
    `<p style="margin:4px 0">${escapeHtml(shownPercent(value))} of the orders due for tracking have it</p>` +
    `<div style="background:#e0e0e0;border-radius:4px;height:12px;width:100%;margin:0 0 12px">` +
    `<div style="background:${colour};border-radius:4px;height:12px;width:${width}%"></div></div>`
  );
}

function countsTable(view: ReportView): string {
  const keys = Object.keys(AUDIT_COUNT_LABELS) as Array<keyof GatewayCounts>;
  const cells = (counts: GatewayCounts) =>
    keys.map((key) => td(escapeHtml(key === 'tracked_percent' ? shownPercent(counts[key]) : counts[key]), NUMBER));
  const rows = [...GATEWAYS, 'total' as const].map((name) => {
    const label = name === 'total' ? 'Total' : GATEWAY_LABELS[name];
    const note = name === 'total' ? undefined : view.notes[name];
    const first = td(`${escapeHtml(label)}${note ? `<br><span style="color:#777;font-size:12px">${escapeHtml(note)}</span>` : ''}`);
    return row([first, ...cells(view.counts[name])]);
  });
  return `<table style="${TABLE}">${row([th('Gateway'), ...keys.map((key) => th(AUDIT_COUNT_LABELS[key]))])}${rows.join('')}</table>`;
}

function exceptionsTable(view: ReportView): string {
  const shown = view.exceptions.slice(0, HTML_EXCEPTIONS);
  if (shown.length === 0) return '<p style="margin:4px 0">Nothing to check.</p>';
  const link = (e: AuditException) => {
    const id = escapeHtml(e.order_id);
    return e.dashboard_url?.startsWith('https://') ? `<a href="${escapeHtml(e.dashboard_url)}" style="color:#1565c0">${id}</a>` : id;
  };
  const rows = shown.map((e) =>
    row([
      td(escapeHtml((e.created_at ?? '').slice(0, 10))),
      td(escapeHtml(GATEWAY_LABELS[e.gateway])),
      td(link(e)),
      td(escapeHtml(`${e.amount ?? ''} ${e.currency ?? ''}`.trim()), NUMBER),
      td(escapeHtml(e.customer_email)),
      td(escapeHtml(e.problem)),
    ]),
  );
  const caption = `Oldest ${shown.length} of ${view.exceptionsTotal} to check${view.exceptionsTotal > shown.length ? ' (all of them are in the CSV)' : ''}`;
  const head = row(['Paid', 'Gateway', 'Order', 'Amount', 'Customer', 'Problem'].map(th));
  return `<p style="margin:8px 0 0;font-weight:bold">${escapeHtml(caption)}</p><table style="${TABLE}">${head}${rows.join('')}</table>`;
}

export function summaryHtml(view: ReportView): string {
  const title = `Tracking audit ${view.period.id} (${view.period.kind})`;
  return (
    '<div style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222;max-width:720px">' +
    `<h2 style="font-size:18px;margin:0 0 8px">${escapeHtml(title)}</h2>` +
    percentBar(view.counts.total.tracked_percent) +
    countsTable(view) +
    exceptionsTable(view) +
    '</div>'
  );
}
