import type { ZObject } from 'zapier-platform-core';
import { connectGateways, gatewayApis } from '../../gateways';
import { PAYPAL_AUTH } from '../support/fixtures';
import { runApp, failureOf } from '../support/tester';
import { trackerEndpoint, type PayPalTrackerRef } from '../../gateways/paypal-trackers';
import { PayPalApi, type TransactionSearch } from '../../gateways/paypal';
import { detectCarrier } from '../../carriers/numbers';
import { PP_CAPTURE_ID, PP_ORDER_ID } from '../creates/fixtures';
import { paypalApi, paypalToken, takeCapturedRequests } from '../support/gateway-nock';
import { SAMPLE_NUMBERS, sampleName, type SampleNumber } from '../support/tracking-numbers';
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

describe('PayPal tracker cancel: Orders v2 PATCH where its tracker id fits, else Tracking v1 PUT', () => {
  const orderPath = `/v2/checkout/orders/${PP_ORDER_ID}`;
  const ordersV2Id = (number: string) => `${PP_CAPTURE_ID}${number}`;
  const isLong = (sample: SampleNumber) => ordersV2Id(sample.number).length > 36;
  const cancel = (ref: PayPalTrackerRef) =>
    runApp((z: ZObject) => new PayPalApi(connectGateways(z, PAYPAL_AUTH).paypal!).cancelTracker(PP_ORDER_ID, ref), {
      authData: PAYPAL_AUTH,
    });
  const refOf = (number: string): PayPalTrackerRef => ({ trackerId: ordersV2Id(number), captureId: PP_CAPTURE_ID, trackingNumber: number });
  const v1List = (trackers: object[]) => ({
    trackers: trackers.map((t) => ({
      transaction_id: PP_CAPTURE_ID,
      status: 'SHIPPED',
      notify_buyer: false,
      shipment_date: '2022-08-12',
      ...t,
    })),
    links: [],
  });
  const sent = () => takeCapturedRequests().filter((r) => !r.url.endsWith('/v1/oauth2/token'));

  it('every sample number is valid for its carrier: detected as it, and not once its check digit is changed', () => {
    for (const sample of SAMPLE_NUMBERS) {
      expect([sampleName(sample), detectCarrier(sample.number)]).toEqual([sampleName(sample), sample.carrier]);
      const at = sample.carrier === 'ROYAL_MAIL' ? 10 : sample.number.length - 1;
      const wrong = sample.number.slice(0, at) + ((Number(sample.number[at]) + 1) % 10) + sample.number.slice(at + 1);
      expect([wrong, detectCarrier(wrong)]).not.toEqual([wrong, sample.carrier]);
    }
  });

  it('Orders v2 ids of capture ID + number exceed 36 characters for USPS (all lengths) and FedEx 20, 22 and 34 only', () => {
    expect(SAMPLE_NUMBERS.filter(isLong).map(sampleName)).toEqual([
      'USPS 20',
      'USPS 22',
      'USPS 24',
      'USPS 26',
      'USPS 28',
      'USPS 30',
      'USPS 32',
      'USPS 34',
      'FEDEX 20',
      'FEDEX 22',
      'FEDEX 34',
    ]);
  });

  it("the rule: Orders v2 up to 36 characters of A–Z and 0–9 (the spec's tracker_id), Tracking v1 beyond or for other characters", () => {
    expect(trackerEndpoint('A'.repeat(36))).toBe('orders_v2_patch');
    expect(trackerEndpoint(`${PP_CAPTURE_ID}1Z999AA10123456784`)).toBe('orders_v2_patch');
    expect(trackerEndpoint('A'.repeat(37))).toBe('tracking_v1_put');
    expect(trackerEndpoint(`${PP_CAPTURE_ID}9400111202555842332669`)).toBe('tracking_v1_put');
    expect(trackerEndpoint(`${PP_CAPTURE_ID}ab12`)).toBe('tracking_v1_put');
    expect(trackerEndpoint(`${PP_CAPTURE_ID}AB-12`)).toBe('tracking_v1_put');
  });

  it.each(SAMPLE_NUMBERS.filter((s) => !isLong(s)).map((s) => [sampleName(s), s] as const))(
    'cancels a %s tracker with Orders v2 PATCH because capture ID + number fits 36 characters',
    async (_name, { number }) => {
      paypalToken();
      paypalApi()
        .patch(`${orderPath}/trackers/${ordersV2Id(number)}`)
        .reply(204);
      await cancel(refOf(number));
      const calls = sent();
      expect(calls.map((c) => `${c.method} ${new URL(c.url).pathname}`)).toEqual([`PATCH ${orderPath}/trackers/${ordersV2Id(number)}`]);
      expect(JSON.parse(calls[0]!.body)).toEqual([{ op: 'replace', path: '/status', value: 'CANCELLED' }]);
    },
  );

  it.each(SAMPLE_NUMBERS.filter(isLong).map((s) => [sampleName(s), s] as const))(
    'cancels a %s tracker through Tracking v1 PUT (the tracker as listed, status CANCELLED) because its Orders v2 id would exceed 36 characters',
    async (_name, { number, carrier }) => {
      paypalToken();
      paypalApi()
        .get('/v1/shipping/trackers')
        .query({ transaction_id: PP_CAPTURE_ID })
        .reply(
          200,
          v1List([
            { tracking_number: '1Z999AA10123456784', carrier: 'UPS' },
            { tracking_number: number, carrier },
          ]),
        );
      paypalApi().put(`/v1/shipping/trackers/${PP_CAPTURE_ID}-${number}`).reply(204);
      await cancel(refOf(number));
      const calls = sent();
      expect(calls.map((c) => `${c.method} ${new URL(c.url).pathname}${new URL(c.url).search}`)).toEqual([
        `GET /v1/shipping/trackers?transaction_id=${PP_CAPTURE_ID}`,
        `PUT /v1/shipping/trackers/${PP_CAPTURE_ID}-${number}`,
      ]);
      expect(JSON.parse(calls[1]!.body)).toEqual({ transaction_id: PP_CAPTURE_ID, tracking_number: number, status: 'CANCELLED', carrier });
    },
  );

  it('Tracking v1 PUT keeps an OTHER carrier with its name and addresses the number as the Tracking v1 list spells it', async () => {
    const listed = 'abcd-1234567890-123456';
    const fromOrdersV2 = 'ABCD1234567890123456';
    paypalToken();
    paypalApi()
      .get('/v1/shipping/trackers')
      .query({ transaction_id: PP_CAPTURE_ID })
      .reply(200, v1List([{ tracking_number: listed, carrier: 'OTHER', carrier_name_other: 'Local Courier' }]));
    paypalApi().put(`/v1/shipping/trackers/${PP_CAPTURE_ID}-${listed}`).reply(204);
    await cancel(refOf(fromOrdersV2));
    const put = sent().find((c) => c.method === 'PUT');
    expect(new URL(put!.url).pathname).toBe(`/v1/shipping/trackers/${PP_CAPTURE_ID}-${listed}`);
    expect(JSON.parse(put!.body)).toEqual({
      transaction_id: PP_CAPTURE_ID,
      tracking_number: listed,
      status: 'CANCELLED',
      carrier: 'OTHER',
      carrier_name_other: 'Local Courier',
    });
  });

  it("a tracker the Tracking v1 list does not show: the PUT goes out with the number as known and PayPal's 404 is reported", async () => {
    const number = '9400111202555842332669';
    paypalToken();
    paypalApi().get('/v1/shipping/trackers').query({ transaction_id: PP_CAPTURE_ID }).reply(200, v1List([]));
    paypalApi()
      .put(`/v1/shipping/trackers/${PP_CAPTURE_ID}-${number}`)
      .reply(404, {
        name: 'RESOURCE_NOT_FOUND',
        message: 'The specified resource does not exist.',
        details: [{ issue: 'INVALID_RESOURCE_ID', description: 'Specified resource ID does not exist.' }],
      });
    const error = await failureOf(cancel(refOf(number)));
    expect(error.message).toMatch(
      new RegExp(
        `HTTP 404\\) while cancelling tracking number ${number} on PayPal sandbox order ${PP_ORDER_ID} \\(Tracking v1, capture ${PP_CAPTURE_ID}\\).*INVALID_RESOURCE_ID`,
      ),
    );
    expect(JSON.parse(sent().find((c) => c.method === 'PUT')!.body)).toEqual({
      transaction_id: PP_CAPTURE_ID,
      tracking_number: number,
      status: 'CANCELLED',
    });
  });
});
