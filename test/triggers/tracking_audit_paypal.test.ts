/**
 * The report's PayPal reading: every Transaction Search page of the window, one order read per order (not
 * per capture), refunds left to their payment's row, reads bounded, and a window too large said so.
 */
import { AUDIT_PAYPAL_SEARCH_PAGES, AUDIT_READ_CONCURRENCY } from '../../sync/audit/report';
import { paypalApi, paypalToken } from '../support/gateway-nock';
import { PAYPAL_AUTH } from '../support/fixtures';
import { runApp } from '../support/tester';
import { auditPerform, auditCalls, paidPayPalOrder, queryOf, rowOf } from './audit-fixtures';
import { searchPage, transactionRow } from './fixtures';

const pad = (i: number) => String(i).padStart(9, '0');

describe('tracking_audit: PayPal', () => {
  it('reads every search page, each order once, at most AUDIT_READ_CONCURRENCY at a time', async () => {
    const orders = Array.from({ length: 40 }, (_, i) => paidPayPalOrder(`ORDERX${pad(i)}`, { hoursAgo: 30 + i }));
    const refunded = paidPayPalOrder('REFUNDEDORDER', { hoursAgo: 80, tracked: true });
    refunded.purchase_units[0]!.payments.captures[0]!.status = 'REFUNDED'; // state:
    const all = [...orders, refunded];
    const rows = all.map((order) => rowOf(order));
    // The order's second capture and a refund of its first: neither is another order to read.
    rows.push(transactionRow({ id: 'SECONDCAPTURE01', at: new Date(Date.now() - 31 * 3600_000), orderId: orders[1]!.id }));
    rows.push(transactionRow({ id: 'REFUND000000001', at: new Date(), code: 'T1107', value: '-100.00', captureId: 'CAPREFUNDEDORDER' }));
    paypalToken();
    paypalApi()
      .get('/v1/reporting/transactions')
      .query((q) => q.page === '1')
      .reply(200, searchPage(rows.slice(0, 20), 1, 2));
    paypalApi()
      .get('/v1/reporting/transactions')
      .query((q) => q.page === '2')
      .reply(200, searchPage(rows.slice(20), 2, 2));
    let inFlight = 0;
    let mostInFlight = 0;
    paypalApi()
      .get(/\/v2\/checkout\/orders\/[A-Z0-9]+$/)
      .times(all.length)
      .reply((uri, _body, answer) => {
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        // Each answer waits a little, so reads the app sent together overlap here.
        setTimeout(() => {
          inFlight -= 1;
          answer(null, [200, all.find((order) => uri.endsWith(`/${order.id}`))!]);
        }, 20);
      });

    const [report] = await runApp(auditPerform, { authData: PAYPAL_AUTH, inputData: { gateways: ['paypal'] } });
    expect(mostInFlight).toBe(AUDIT_READ_CONCURRENCY);
    expect(report.paypal).toEqual({
      paid: 41,
      tracked: 1,
      untracked: 40,
      refunded_with_live_tracking: 1,
      disputed_without_tracking: 0,
      tracked_percent: 2.4,
    });
    const calls = auditCalls();
    const reads = calls.filter((c) => c.url.includes('/v2/checkout/orders/')).map((c) => new URL(c.url).pathname);
    expect(reads).toHaveLength(41);
    expect(new Set(reads).size).toBe(41);
    expect(calls.filter((c) => c.url.includes('/reporting/')).map((c) => queryOf(c).page)).toEqual(['1', '2']);
  });

  it('reads at most AUDIT_PAYPAL_SEARCH_PAGES pages, the newest, and says the window was only partly read', async () => {
    const totalPages = AUDIT_PAYPAL_SEARCH_PAGES + 3;
    const orderOnPage = (page: number) => paidPayPalOrder(`PAGEORDER${pad(page)}`, { hoursAgo: 300 - page * 20 });
    paypalToken();
    paypalApi()
      .get('/v1/reporting/transactions')
      .query(true)
      .times(AUDIT_PAYPAL_SEARCH_PAGES)
      .reply((uri) => {
        const page = Number(new URL(uri, 'https://x').searchParams.get('page'));
        return [200, searchPage([rowOf(orderOnPage(page))], page, totalPages)];
      });
    paypalApi()
      .get(/\/v2\/checkout\/orders\/PAGEORDER\d+$/)
      .times(AUDIT_PAYPAL_SEARCH_PAGES - 1)
      .reply((uri) => [200, orderOnPage(Number(uri.slice(-9)))]);

    const [report] = await runApp(auditPerform, { authData: PAYPAL_AUTH, inputData: {} });
    const calls = auditCalls();
    const pages = calls
      .filter((c) => c.url.includes('/reporting/'))
      .map((c) => Number(queryOf(c).page))
      .sort((a, b) => a - b);
    expect(pages).toEqual([1, 5, 6, 7, 8, 9]);
    // Page 1 is the oldest: without the pages between, only the newest pages' orders are read and counted.
    const reads = calls.filter((c) => c.url.includes('/v2/checkout/orders/')).map((c) => new URL(c.url).pathname.slice(-9));
    expect(reads.sort()).toEqual(['000000005', '000000006', '000000007', '000000008', '000000009']);
    expect(report.paypal.paid).toBe(AUDIT_PAYPAL_SEARCH_PAGES - 1);
    expect(report.summary_text).toContain('only the newest 5 orders were read; shorten Lookback (Days)');
  });
});
