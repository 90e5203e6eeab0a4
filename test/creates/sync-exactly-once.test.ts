/**
 * sync_tracking's refusals and exactly-once behaviour: bad input (and an empty set) refused before any
 * request; a replay answers in_sync with no write; a partial failure says what is done and a re-run completes
 * it; the Zapier lock it declares. Runs at once (the same step, two references to one order, remove_others
 * cancelling another number) write once, under Zapier's lock and with it ignored (test/support/exactly-once.ts).
 */
import { paypalApi, paypalToken } from '../support/gateway-nock';
import { LOCK_MODES, resultsOf, statefulPayPalOrder, statefulStripePayment, useSteps } from '../support/exactly-once';
import { BOTH_AUTH, STRIPE_AUTH } from '../support/fixtures';
import { App, failureOf } from '../support/tester';
import type { AuthData } from '../../gateways/config';
import { CHARGE_ID, PI_ID, PP_CAPTURE_ID, PP_NUMBER, PP_ORDER_ID, UPS_NUMBER, paypalOrder, tracker } from './fixtures';
import { callLines, gatewayCalls } from './helpers';
import { ORDER_PATH, V1_LIST, line, runSync, v1Trackers } from './reconcile-fixtures';

const SECOND_UPS = '1Z12345E0205271688';

describe('sync_tracking refuses bad input before any request, naming the field', () => {
  it.each([
    ['an empty set', { order: PP_ORDER_ID, tracking: [] }, /^Tracking: enter the tracking numbers.*Nothing was written.*Cancel Tracking/],
    ['no set at all', { order: PP_ORDER_ID }, /^Tracking: enter the tracking numbers/],
    ['only blank lines', { order: PP_ORDER_ID, tracking: [{ tracking_number: '' }, {}] }, /^Tracking: enter the tracking numbers/],
    [
      'a line with a carrier but no number',
      { order: PP_ORDER_ID, tracking: [{ carrier: 'UPS' }] },
      /^Tracking \(line 1\): Tracking Number: enter/,
    ],
    [
      'an unknown status',
      { order: PP_ORDER_ID, tracking: [line(UPS_NUMBER, 'UPS', 'lost')] },
      /^Tracking \(line 1\): Status: must be shipped, in_transit/,
    ],
    [
      'an http tracking link',
      { order: PP_ORDER_ID, tracking: [{ tracking_number: UPS_NUMBER, tracking_url: 'http://x.example/1' }] },
      /^Tracking \(line 1\): Tracking URL: must be an https/,
    ],
    ['a number of 65 characters', { order: PP_ORDER_ID, tracking: [line(UPS_NUMBER), line('A'.repeat(65))] }, /^Tracking \(line 2\): .*64/],
    [
      'a carrier that cannot be detected',
      { order: PP_ORDER_ID, tracking: [line('ZZ1')] },
      /^Tracking \(line 1\): Carrier: the carrier of tracking number ZZ1/,
    ],
    [
      'one number with two carriers',
      { order: PP_ORDER_ID, tracking: [line(UPS_NUMBER, 'UPS'), line(UPS_NUMBER.toLowerCase(), 'FedEx')] },
      /^Tracking \(line 2\): .* is listed twice with a different carrier or status/,
    ],
    [
      '51 numbers',
      { order: PP_ORDER_ID, tracking: Array.from({ length: 51 }, (_, i) => line(`N${i}`, 'Royal Mail')) },
      /^Tracking: 51 tracking numbers entered; one step takes at most 50/,
    ],
    ['lines given as text', { order: PP_ORDER_ID, tracking: UPS_NUMBER }, /^Tracking: must be line items/],
    [
      'remove others not yes/no',
      { order: PP_ORDER_ID, tracking: [line(UPS_NUMBER)], remove_others: 'maybe' },
      /^Remove Others: must be yes or no/,
    ],
    [
      'an unknown dispute evidence choice',
      { order: PI_ID, tracking: [line(UPS_NUMBER)], dispute_evidence: 'later' },
      /^Dispute Evidence: must be none/,
    ],
    ['a path-like order', { order: '../../v1/oauth2/token', tracking: [line(UPS_NUMBER)] }, /^Order: .*URL or path characters/],
    ['no order', { tracking: [line(UPS_NUMBER)] }, /^Order: is required/],
  ])('%s', async (_case, inputData, message) => {
    const error = await failureOf(runSync(inputData, BOTH_AUTH));
    expect(error).toMatchObject({ name: 'AppError', code: 'InvalidInput', status: 400 });
    expect(error.message).toMatch(message);
    expect(gatewayCalls()).toEqual([]);
  });
});

describe('sync_tracking exactly once', () => {
  const input = { order: PP_ORDER_ID, tracking: [line(UPS_NUMBER)] };

  it('declares the tracking actions’ Zapier lock on the order, per connection', () => {
    expect((App as any).creates.sync_tracking.operation.lock).toEqual({
      key: 'tracking:{{bundle.inputData.order}}',
      scope: ['auth'],
      timeout: 60,
    });
    expect((App as any).creates.sync_tracking.operation.lock).toEqual((App as any).creates.add_tracking.operation.lock);
  });

  it('a replay finds the set there: in_sync, no second write', async () => {
    paypalToken();
    paypalApi().get(ORDER_PATH).reply(200, paypalOrder());
    paypalApi()
      .post(`${ORDER_PATH}/track`)
      .reply(201, paypalOrder([tracker(UPS_NUMBER)]));
    paypalApi()
      .get(ORDER_PATH)
      .reply(200, paypalOrder([tracker(UPS_NUMBER)]));
    paypalApi()
      .get(V1_LIST)
      .query(true)
      .reply(200, v1Trackers([{ number: UPS_NUMBER, carrier: 'UPS' }]));
    expect((await runSync(input)).result).toBe('changed');
    expect(await runSync(input)).toMatchObject({ result: 'in_sync', agreed_before: true, kept: [UPS_NUMBER], added: [] });
    expect(gatewayCalls().map((c) => c.method)).toEqual(['GET', 'POST', 'GET', 'GET']);
  });

  it('a cancel that succeeds and an add that fails says so; running again adds the number and cancels nothing twice', async () => {
    const replace = { order: PP_ORDER_ID, tracking: [line(UPS_NUMBER)], remove_others: true };
    paypalToken();
    paypalApi()
      .get(ORDER_PATH)
      .reply(200, paypalOrder([tracker(PP_NUMBER)]));
    paypalApi()
      .get(V1_LIST)
      .query(true)
      .reply(200, v1Trackers([{ number: PP_NUMBER, carrier: 'FEDEX' }]));
    paypalApi().patch(`${ORDER_PATH}/trackers/${PP_CAPTURE_ID}${PP_NUMBER}`).reply(204);
    paypalApi()
      .post(`${ORDER_PATH}/track`)
      .reply(500, { name: 'INTERNAL_SERVER_ERROR', message: 'An internal server error occurred.', debug_id: '90957fca61718' });

    const error = await failureOf(runSync(replace));
    expect(error.name).toBe('ThrottledError');
    expect(error.message).toMatch(
      new RegExp(
        `^Partly done on PayPal order ${PP_ORDER_ID}: ${PP_NUMBER} cancelled, but ${UPS_NUMBER} not added yet\\. Running this step again completes it`,
      ),
    );
    expect(callLines(gatewayCalls()).slice(2)).toEqual([
      `PATCH ${ORDER_PATH}/trackers/${PP_CAPTURE_ID}${PP_NUMBER}`,
      `POST ${ORDER_PATH}/track`,
    ]);

    // The re-run reads the order as the failed run left it and plans only what is missing.
    paypalApi()
      .get(ORDER_PATH)
      .reply(200, paypalOrder([tracker(PP_NUMBER, 'CANCELLED')]));
    paypalApi()
      .get(V1_LIST)
      .query(true)
      .reply(200, v1Trackers([{ number: PP_NUMBER, carrier: 'FEDEX', status: 'CANCELLED' }]));
    paypalApi()
      .post(`${ORDER_PATH}/track`)
      .reply(201, paypalOrder([tracker(PP_NUMBER, 'CANCELLED'), tracker(UPS_NUMBER)]));
    const rerun = await runSync(replace);
    expect(rerun).toMatchObject({ result: 'changed', added: [UPS_NUMBER], cancelled: [], kept: [] });
    expect(callLines(gatewayCalls())).toEqual([`GET ${ORDER_PATH}`, `GET ${V1_LIST}`, `POST ${ORDER_PATH}/track`]);
  });
});

describe.each(LOCK_MODES)('sync_tracking exactly once, %s', (_mode, honoured) => {
  const run = useSteps(honoured);
  const sync = (inputData: Record<string, unknown>, authData?: AuthData) => run('sync_tracking', inputData, authData);

  it('two identical PayPal runs at once: one write; the other reads again and answers in_sync', async () => {
    paypalToken('sandbox', 2);
    const paypal = statefulPayPalOrder({ writeDelayMs: 200 });
    const input = { order: PP_ORDER_ID, tracking: [line(UPS_NUMBER)] };
    expect(resultsOf(await Promise.all([sync(input), sync(input)]))).toEqual(['changed', 'in_sync']);
    expect(paypal.writes()).toBe(1);
    expect(paypal.numbers()).toEqual([UPS_NUMBER]);
  });

  it('five identical Stripe runs at once, a set of two numbers: one update, holding both', async () => {
    const stripe = statefulStripePayment({ writeDelayMs: 100 });
    const input = { order: PI_ID, tracking: [line(UPS_NUMBER), line(SECOND_UPS, 'UPS')] };
    const results = await Promise.all(Array.from({ length: 5 }, () => sync(input, STRIPE_AUTH)));
    expect(resultsOf(results)).toEqual(['changed', ...Array(4).fill('in_sync')]);
    expect(stripe.writes()).toBe(1);
    expect(stripe.numbers()).toEqual([UPS_NUMBER, SECOND_UPS]);
  });

  it('the PaymentIntent and its Charge named at once, the same set: one update', async () => {
    const stripe = statefulStripePayment({ writeDelayMs: 100 });
    const tracking = [line(UPS_NUMBER)];
    const results = await Promise.all([sync({ order: PI_ID, tracking }, STRIPE_AUTH), sync({ order: CHARGE_ID, tracking }, STRIPE_AUTH)]);
    expect(resultsOf(results)).toEqual(['changed', 'in_sync']);
    expect(stripe.writes()).toBe(1);
    expect(stripe.numbers()).toEqual([UPS_NUMBER]);
  });

  it('remove_others three times at once on PayPal: the other number cancelled once, the set added, nothing held twice', async () => {
    paypalToken('sandbox', 3);
    const paypal = statefulPayPalOrder({ numbers: [PP_NUMBER], writeDelayMs: 50 });
    const input = { order: PP_ORDER_ID, tracking: [line(UPS_NUMBER)], remove_others: true };
    const results = await Promise.all(Array.from({ length: 3 }, () => sync(input)));
    expect(results[0]).toMatchObject({ result: 'changed', cancelled: [PP_NUMBER], added: [UPS_NUMBER] });
    expect(paypal.cancels()).toBe(1);
    expect(paypal.numbers()).toEqual([UPS_NUMBER]);
    // Under the lock the others read after it: in_sync. Without it, one that read between the cancel and the add
    // adds the same number again, which PayPal answers without a second tracker.
    if (honoured) expect(resultsOf(results)).toEqual(['changed', 'in_sync', 'in_sync']);
  });
});
