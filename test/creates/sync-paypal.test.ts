/**
 * sync_tracking against PayPal: every case of the reconcile table, with the requests sent (method, path,
 * body), and tracking numbers of every length the carrier module takes (Orders v2 tracker ids hold 36
 * characters: capture ID 17 + number ≤ 19; longer numbers are changed through Tracking v1).
 */
import { paypalApi, paypalToken } from '../support/gateway-nock';
import { failureOf } from '../support/tester';
import { PP_AUTHORIZED_ORDER, PP_CAPTURE_ID, PP_NUMBER, UPS_NUMBER, paypalOrder, tracker } from './fixtures';
import { callLines, gatewayCalls, jsonOf } from './helpers';
import { ORDER_PATH, ROYAL_MAIL, USPS_22, V1_LIST, line, runSync, v1Path, v1Trackers, type V1Tracker } from './reconcile-fixtures';
import { ORDER_KEYS } from '../../orders/order';

/** The order holding these trackers (Orders v2 view: id and status only) and, when any, their Tracking v1 list. */
function holds(trackers: V1Tracker[]) {
  paypalToken();
  paypalApi()
    .get(ORDER_PATH)
    .reply(200, paypalOrder(trackers.map((t) => tracker(t.number, t.status?.toUpperCase() === 'CANCELLED' ? 'CANCELLED' : 'SHIPPED'))));
  if (trackers.length) paypalApi().get(V1_LIST).query({ transaction_id: PP_CAPTURE_ID }).reply(200, v1Trackers(trackers));
}

const READS = [`GET ${ORDER_PATH}`, `GET ${V1_LIST}`];
const tracked = (...numbers: string[]) => paypalOrder(numbers.map((n) => tracker(n)));

describe('sync_tracking on a PayPal order', () => {
  it('holds nothing: adds the set with POST /track (1 read + 1 write), says changed', async () => {
    holds([]);
    paypalApi().post(`${ORDER_PATH}/track`).reply(201, tracked(UPS_NUMBER));
    const result = await runSync({ order: '5O190127TN364715T', tracking: [line(UPS_NUMBER)], notify_buyer: 'true' });
    const calls = gatewayCalls();
    expect(callLines(calls)).toEqual([`GET ${ORDER_PATH}`, `POST ${ORDER_PATH}/track`]);
    expect(jsonOf(calls[1])).toEqual({ capture_id: PP_CAPTURE_ID, tracking_number: UPS_NUMBER, carrier: 'UPS', notify_payer: true });
    expect(result).toMatchObject({
      result: 'changed',
      agreed_before: false,
      added: [UPS_NUMBER],
      corrected: [],
      cancelled: [],
      kept: [],
      tracking_number: UPS_NUMBER,
      notify_buyer: true,
      trackings: [{ tracking_number: UPS_NUMBER, carrier: 'UPS', result: 'added', tracker_id: `${PP_CAPTURE_ID}${UPS_NUMBER}` }],
    });
    expect(Object.keys(result.order)).toEqual(ORDER_KEYS);
  });

  it('holds nothing, shop says delivered: POST /track, then the Tracking v1 PUT sets the status', async () => {
    holds([]);
    paypalApi().post(`${ORDER_PATH}/track`).reply(201, tracked(UPS_NUMBER));
    paypalApi().put(v1Path(UPS_NUMBER)).reply(204);
    const result = await runSync({ order: '5O190127TN364715T', tracking: [line(UPS_NUMBER, 'UPS', 'delivered')] });
    const calls = gatewayCalls();
    expect(callLines(calls)).toEqual([`GET ${ORDER_PATH}`, `POST ${ORDER_PATH}/track`, `PUT ${v1Path(UPS_NUMBER)}`]);
    expect(jsonOf(calls[2])).toEqual({ transaction_id: PP_CAPTURE_ID, tracking_number: UPS_NUMBER, status: 'DELIVERED', carrier: 'UPS' });
    expect(result).toMatchObject({ result: 'changed', added: [UPS_NUMBER] });
  });

  it('holds the same number, carrier and status: reads the order and its trackers, writes nothing, in_sync', async () => {
    holds([{ number: UPS_NUMBER, carrier: 'UPS' }]);
    const result = await runSync({ order: '5O190127TN364715T', tracking: [line(UPS_NUMBER.toLowerCase(), 'ups')] });
    expect(callLines(gatewayCalls())).toEqual(READS);
    expect(result).toMatchObject({
      result: 'in_sync',
      agreed_before: true,
      added: [],
      corrected: [],
      cancelled: [],
      kept: [UPS_NUMBER.toLowerCase()],
    });
    expect(result.trackings).toEqual([expect.objectContaining({ result: 'kept', tracker_id: `${PP_CAPTURE_ID}${UPS_NUMBER}` })]);
  });

  it('holds the number under another carrier: corrects it in place with the Tracking v1 PUT', async () => {
    holds([{ number: UPS_NUMBER, carrier: 'FEDEX' }]);
    paypalApi().put(v1Path(UPS_NUMBER)).reply(204);
    const result = await runSync({ order: '5O190127TN364715T', tracking: [line(UPS_NUMBER, 'UPS')] });
    const calls = gatewayCalls();
    expect(callLines(calls)).toEqual([...READS, `PUT ${v1Path(UPS_NUMBER)}`]);
    expect(jsonOf(calls[2])).toEqual({ transaction_id: PP_CAPTURE_ID, tracking_number: UPS_NUMBER, status: 'SHIPPED', carrier: 'UPS' });
    expect(result).toMatchObject({
      result: 'changed',
      agreed_before: false,
      corrected: [UPS_NUMBER],
      trackings: [{ result: 'corrected', carrier: 'UPS' }],
    });
    expect(result.order.trackings[0]).toMatchObject({ tracking_number: UPS_NUMBER, carrier: 'UPS' });
  });

  it('holds the number with another status: the PUT changes the status; a carrier PayPal does not list goes as OTHER + its name', async () => {
    holds([{ number: PP_NUMBER, carrier: 'OTHER', other: 'Our Courier' }]);
    paypalApi().put(v1Path(PP_NUMBER)).reply(204);
    const result = await runSync({ order: '5O190127TN364715T', tracking: [line(PP_NUMBER, 'Our Courier', 'In Transit')] });
    const calls = gatewayCalls();
    expect(jsonOf(calls[2])).toEqual({
      transaction_id: PP_CAPTURE_ID,
      tracking_number: PP_NUMBER,
      status: 'IN_TRANSIT',
      carrier: 'OTHER',
      carrier_name_other: 'Our Courier',
    });
    expect(result.corrected).toEqual([PP_NUMBER]);
  });

  it('holds M, shop says N with remove_others: cancels M (Orders v2 PATCH, its id fits) first, then adds N', async () => {
    holds([{ number: PP_NUMBER, carrier: 'FEDEX' }]);
    paypalApi().patch(`${ORDER_PATH}/trackers/${PP_CAPTURE_ID}${PP_NUMBER}`).reply(204);
    paypalApi()
      .post(`${ORDER_PATH}/track`)
      .reply(201, paypalOrder([tracker(PP_NUMBER, 'CANCELLED'), tracker(UPS_NUMBER)]));
    const result = await runSync({ order: '5O190127TN364715T', tracking: [line(UPS_NUMBER)], remove_others: true });
    const calls = gatewayCalls();
    expect(callLines(calls)).toEqual([...READS, `PATCH ${ORDER_PATH}/trackers/${PP_CAPTURE_ID}${PP_NUMBER}`, `POST ${ORDER_PATH}/track`]);
    expect(jsonOf(calls[2])).toEqual([{ op: 'replace', path: '/status', value: 'CANCELLED' }]);
    expect(result).toMatchObject({ result: 'changed', added: [UPS_NUMBER], cancelled: [PP_NUMBER], kept: [] });
    expect(result.trackings.map((t: any) => [t.tracking_number, t.result])).toEqual([
      [UPS_NUMBER, 'added'],
      [PP_NUMBER, 'cancelled'],
    ]);
    expect(result.order).toMatchObject({ has_tracking: true, tracking_number: UPS_NUMBER });
  });

  it('holds M, shop says N and keeps others: adds N, keeps M', async () => {
    holds([{ number: PP_NUMBER, carrier: 'FEDEX' }]);
    paypalApi().post(`${ORDER_PATH}/track`).reply(201, tracked(PP_NUMBER, UPS_NUMBER));
    const result = await runSync({ order: '5O190127TN364715T', tracking: [line(UPS_NUMBER)] });
    expect(callLines(gatewayCalls())).toEqual([...READS, `POST ${ORDER_PATH}/track`]);
    expect(result).toMatchObject({ added: [UPS_NUMBER], kept: [PP_NUMBER], cancelled: [], tracking_number: `${UPS_NUMBER},${PP_NUMBER}` });
  });

  it('holds N only as cancelled: adds it again with POST /track (Orders v2 cannot undo a cancel)', async () => {
    holds([{ number: UPS_NUMBER, carrier: 'UPS', status: 'CANCELLED' }]);
    paypalApi().post(`${ORDER_PATH}/track`).reply(201, tracked(UPS_NUMBER));
    const result = await runSync({ order: '5O190127TN364715T', tracking: [line(UPS_NUMBER)] });
    expect(callLines(gatewayCalls())).toEqual([...READS, `POST ${ORDER_PATH}/track`]);
    expect(result).toMatchObject({ result: 'changed', added: [UPS_NUMBER], trackings: [{ result: 'added' }] });
    expect(result.order.has_tracking).toBe(true);
  });

  const digits = (length: number) => '9400111202555842332669000000000000'.slice(0, length);
  it.each([
    ['FedEx 12', PP_NUMBER, 'FEDEX'],
    ['Royal Mail 13', ROYAL_MAIL, 'ROYAL_MAIL'],
    ['DHL 10', '1234567890', 'DHL'],
    ['UPS 18', UPS_NUMBER, 'UPS'],
    ['USPS 20', digits(20), 'USPS'],
    ['USPS 22', USPS_22, 'USPS'],
    ['FedEx 22', '9612019123456789012345', 'FEDEX'],
    ['USPS 26', digits(26), 'USPS'],
    ['USPS 30', digits(30), 'USPS'],
    ['USPS 34', digits(34), 'USPS'],
  ])(
    '%s: corrected by the v1 PUT, cancelled by the Orders v2 PATCH only when capture ID + number fits 36 characters',
    async (_name, number, carrier) => {
      holds([{ number, carrier, status: 'SHIPPED' }]);
      paypalApi().put(v1Path(number)).reply(204);
      const corrected = await runSync({ order: '5O190127TN364715T', tracking: [line(number, carrier, 'delivered')] });
      expect(corrected).toMatchObject({ result: 'changed', corrected: [number] });
      const correction = gatewayCalls()[2]!;
      expect(`${correction.method} ${new URL(correction.url).pathname}`).toBe(`PUT ${v1Path(number)}`);
      expect(jsonOf(correction)).toMatchObject({ tracking_number: number, status: 'DELIVERED', carrier });

      holds([{ number, carrier, status: 'DELIVERED' }]);
      const fits = PP_CAPTURE_ID.length + number.length <= 36;
      if (fits) paypalApi().patch(`${ORDER_PATH}/trackers/${PP_CAPTURE_ID}${number}`).reply(204);
      else paypalApi().put(v1Path(number)).reply(204);
      paypalApi()
        .post(`${ORDER_PATH}/track`)
        .reply(201, tracked(number, ROYAL_MAIL === number ? UPS_NUMBER : ROYAL_MAIL));
      const other = number === ROYAL_MAIL ? UPS_NUMBER : ROYAL_MAIL;
      const replaced = await runSync({ order: '5O190127TN364715T', tracking: [line(other)], remove_others: 'yes' });
      expect(replaced).toMatchObject({ cancelled: [number], added: [other] });
      const cancel = gatewayCalls()[2]!;
      if (fits) expect(callLines([cancel])).toEqual([`PATCH ${ORDER_PATH}/trackers/${PP_CAPTURE_ID}${number}`]);
      else
        expect([callLines([cancel])[0], jsonOf(cancel)]).toEqual([
          `PUT ${v1Path(number)}`,
          { transaction_id: PP_CAPTURE_ID, tracking_number: number, status: 'CANCELLED', carrier },
        ]);
    },
  );

  it('an order only authorized: refused with what PayPal needs, nothing written', async () => {
    paypalToken();
    paypalApi().get(`/v2/checkout/orders/${PP_AUTHORIZED_ORDER.id}`).reply(200, PP_AUTHORIZED_ORDER);
    const error = await failureOf(runSync({ order: PP_AUTHORIZED_ORDER.id, tracking: [line(UPS_NUMBER)] }));
    expect(error).toMatchObject({ name: 'AppError', code: 'NotTrackable', status: 422 });
    expect(error.message).toMatch(/has no captured payment.*Capture the payment/);
    expect(gatewayCalls().map((c) => c.method)).toEqual(['GET']);
  });

  it('several lines: each number with its own carrier and status, in one step', async () => {
    holds([{ number: UPS_NUMBER, carrier: 'UPS' }]);
    paypalApi().put(v1Path(UPS_NUMBER)).reply(204);
    paypalApi().post(`${ORDER_PATH}/track`).reply(201, tracked(UPS_NUMBER, USPS_22));
    const result = await runSync({
      order: '5O190127TN364715T',
      tracking: [line(UPS_NUMBER, '', 'delivered'), line(USPS_22, 'U.S.P.S.')],
    });
    const writes = gatewayCalls().slice(2);
    expect(callLines(writes).sort()).toEqual([`POST ${ORDER_PATH}/track`, `PUT ${v1Path(UPS_NUMBER)}`]);
    expect(result).toMatchObject({ corrected: [UPS_NUMBER], added: [USPS_22], trackings: [{ carrier: 'UPS' }, { carrier: 'USPS' }] });
  });
});
