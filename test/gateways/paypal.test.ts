import { gatewayApis } from '../../gateways';
import type { TransactionSearch } from '../../gateways/paypal';
import { paypalApi, paypalToken } from '../support/gateway-nock';
import { PAYPAL_AUTH } from '../support/fixtures';
import { failureOf, runApp } from '../support/tester';
import { searchPage, transactionRow } from '../triggers/fixtures';

const END = new Date('2026-11-30T12:00:00Z');
const START = new Date('2026-11-01T12:00:00Z');

/** A Transaction Search of `totalPages` pages of `perPage` rows each, answering any page; returns the query of each read. */
function searchPages(totalPages: number, perPage = 2): Array<Record<string, string>> {
  const queries: Array<Record<string, string>> = [];
  paypalApi()
    .get('/v1/reporting/transactions')
    .query((query) => {
      queries.push(query as Record<string, string>);
      return true;
    })
    .times(totalPages + 1)
    .reply((uri) => {
      const page = Number(new URL(uri, 'https://x').searchParams.get('page'));
      const rows = Array.from({ length: perPage }, (_, i) => transactionRow({ id: `TX${page}R${i}`, at: END }));
      return [200, searchPage(rows, page, totalPages)];
    });
  return queries;
}

const search = (options: Partial<TransactionSearch> & Pick<TransactionSearch, 'maxPages' | 'pages'>) =>
  runApp((z) => gatewayApis(z, PAYPAL_AUTH).paypal!.searchTransactionPages({ start: START, end: END, ...options }), {
    authData: PAYPAL_AUTH,
  });

describe('PayPal Transaction Search, paged in one place', () => {
  it('reads the first pages in order, at most maxPages, with the window, all fields and pages of 500', async () => {
    paypalToken();
    const queries = searchPages(5);
    const rows = await search({ maxPages: 3, pages: 'oldest' });
    expect(queries.map((q) => q.page)).toEqual(['1', '2', '3']);
    expect(queries[0]).toEqual({
      start_date: '2026-11-01T12:00:00Z',
      end_date: '2026-11-30T12:00:00Z',
      fields: 'all',
      page_size: '500',
      page: '1',
    });
    expect(rows.map((r: { transaction_info: { transaction_id: string } }) => r.transaction_info.transaction_id)).toEqual([
      'TX1R0',
      'TX1R1',
      'TX2R0',
      'TX2R1',
      'TX3R0',
      'TX3R1',
    ]);
  });

  it('stops at the last page PayPal has', async () => {
    paypalToken();
    const queries = searchPages(2);
    await search({ maxPages: 3, pages: 'oldest', pageSize: 100 });
    expect(queries.map((q) => [q.page, q.page_size])).toEqual([
      ['1', '100'],
      ['2', '100'],
    ]);
  });

  it('for the newest rows reads page 1, then the last pages backwards, at most maxPages', async () => {
    paypalToken();
    const queries = searchPages(6);
    await search({ maxPages: 3, pages: 'newest', status: 'S' });
    expect(queries.map((q) => q.page)).toEqual(['1', '6', '5']);
    expect(queries.every((q) => q.transaction_status === 'S')).toBe(true);
  });

  it('for the newest rows stops once the later pages gave enough rows', async () => {
    paypalToken();
    const queries = searchPages(6);
    await search({ maxPages: 4, pages: 'newest', enoughRows: 2 });
    expect(queries.map((q) => q.page)).toEqual(['1', '6']);
  });

  it('refuses a window over 31 days before sending anything', async () => {
    const details = await failureOf(search({ start: new Date('2026-10-29T12:00:00Z'), maxPages: 1, pages: 'oldest' }));
    expect(details.message).toMatch(/at most 31 days per query/);
  });
});
