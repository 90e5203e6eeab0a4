/**
 * Exactly once under retries (docs/architecture.md#exactly-once), against the in-process sandbox through Zapier's app tester,
 * for each gateway:
 *
 * - add_tracking: the same step 20 times in a row, 10 times at once on one connection, the order named by two
 *   references at once, a write whose answer is lost after the gateway stored it (sandbox `drop_after_apply`)
 *   followed by Zapier's replay of the whole step, and update_tracking replayed;
 * - sync_tracking, with a set of one and of two numbers: the same step 20 times in a row, 10 times at once, by two
 *   references at once, a write stored but its answer lost followed by Zapier's replay, and `remove_others`
 *   cancelling an extra tracker with the step run 5 times at once and then again.
 *
 * The concurrent cases run twice: under Zapier's operation lock as the schema describes it and with it ignored,
 * as createAppTester runs (what still holds without it; test/support/exactly-once.ts). Each time the order ends
 * holding exactly the numbers it should, each once (read from the sandbox's own state, not from the answers), and
 * the gateway saw one set of writes, not one per attempt.
 *
 * Idempotency as the gateways define it: Stripe replays a POST with a known Idempotency-Key (checked on the
 * sandbox directly below); PayPal declares no PayPal-Request-Id on /track (docs/gateways.md#paypal-request-id), so the
 * app does not rely on it there: after a lost answer it reads the order before sending the number again.
 */
import { LOCK_MODES, heldAgainst, resultsOf, sandboxGateway, useSteps, type GatewayState, type RunCreate } from '../support/exactly-once';
import { failureOf } from '../support/tester';
import { useSandbox } from '../integration/support';
import { recordFigure } from './figures';

// Core exits the process once it has served 250 invocations with an RSS over 450 MB (tools/memory-checker.js, a
// guard for Zapier's long-lived workers). This file runs ~370 steps in a jest worker that also holds jest, ts-jest,
// the sandbox and the test files run before it, so beside other files the guard fires on the test process itself.
// Only the guard is switched off here, as in faults.test.ts; the app's code is unchanged.
jest.mock('zapier-platform-core/src/tools/memory-checker', () => () => undefined);

const h = useSandbox();

type Gateway = 'stripe' | 'paypal';
const LABEL: Record<Gateway, string> = { stripe: 'Stripe', paypal: 'PayPal' };

// Seeded orders (sandbox/seed.ts) and numbers in each carrier's format; `extra` is a number the shop no longer lists.
const ORDERS: Record<Gateway, { order: string; other: string; number: string; carrier: string; next: string; extra: string }> = {
  stripe: {
    order: 'pi_3SbxShip0000000001',
    other: 'ch_3SbxShip0000000001',
    number: '9400111202555842332669',
    carrier: 'usps',
    next: '9400111202555842332676',
    extra: '1Z999AA10123456784',
  },
  paypal: {
    order: '5O190127TN364715T',
    other: '8MC585209K746392H',
    number: 'RR473124829GB',
    carrier: 'Royal Mail',
    next: 'RR473124830GB',
    extra: '1Z999AA10123456784',
  },
};
const WRITE: Record<Gateway, { method: string; pathPrefix: string; operation: string }> = {
  stripe: { method: 'POST', pathPrefix: '/v1/payment_intents/', operation: 'stripe POST /v1/payment_intents/{intent}' },
  paypal: { method: 'POST', pathPrefix: '/v2/checkout/orders/', operation: 'paypal POST /v2/checkout/orders/{id}/track' },
};

const gatewayState = (gateway: Gateway): GatewayState => sandboxGateway(h.sandbox, gateway, ORDERS[gateway].order);
const writesSent = (gateway: Gateway): number => h.sandbox.stats().byOperation[WRITE[gateway].operation] ?? 0;

// What the figures count, per row: steps run, steps answered with a result, steps answered with a retryable
// error, and after each scenario the numbers held twice (duplicated) or missing or left over (lost).
interface Tally {
  tried: number;
  processed: number;
  failedCorrectly: number;
  duplicated: number;
  lost: number;
}
const ROWS = {
  add: (gateway: Gateway) => `Exactly once · ${LABEL[gateway]}`,
  sync: (gateway: Gateway) => `Exactly once · sync_tracking · ${LABEL[gateway]}`,
};
type Row = keyof typeof ROWS;
const DETAIL: Record<Row, string> = {
  add: 'add ×20 in a row, ×10 at once and by two references at once (each under Zapier’s lock and with it ignored), write stored then answer lost (+ Zapier replay), update replayed',
  sync:
    'sets of 1 and 2 numbers ×20 in a row, ×10 at once and by two references at once (each under Zapier’s lock and with it ignored), ' +
    'write stored then answer lost (+ Zapier replay), remove_others cancelling an extra tracker ×5 at once then replayed; the sandbox’s trackers checked after each',
};
const tallies = new Map<string, Tally>();
const tally = (row: Row, gateway: Gateway): Tally => {
  const name = ROWS[row](gateway);
  if (!tallies.has(name)) tallies.set(name, { tried: 0, processed: 0, failedCorrectly: 0, duplicated: 0, lost: 0 });
  return tallies.get(name)!;
};

async function step(t: Tally, work: Promise<any>): Promise<any> {
  t.tried += 1;
  const result = await work;
  t.processed += 1;
  return result;
}

async function failingStep(t: Tally, work: Promise<any>) {
  t.tried += 1;
  const error = await failureOf(work);
  if (error.name === 'ThrottledError') t.failedCorrectly += 1;
  return error;
}

/** Asserts the order holds exactly `set`, each number once, and counts what is off for the figures. */
function expectHolds(t: Tally, gateway: Gateway, set: readonly string[]): void {
  const state = gatewayState(gateway);
  const off = heldAgainst(state, set);
  t.duplicated += off.duplicated;
  t.lost += off.lost;
  expect([...state.numbers()].sort()).toEqual([...set].sort());
}

afterAll(() => {
  for (const row of Object.keys(ROWS) as Row[])
    for (const gateway of ['stripe', 'paypal'] as const) {
      const t = tallies.get(ROWS[row](gateway));
      if (t) recordFigure({ name: ROWS[row](gateway), ...t, detail: DETAIL[row] });
    }
});

describe.each(['stripe', 'paypal'] as const)('%s', (gateway) => {
  const { number, next, order, other, carrier } = ORDERS[gateway];
  const t = tally('add', gateway);
  const inRow = useSteps(false);
  const add = (run: RunCreate, ref = order, n = number) =>
    run('add_tracking', { order: ref, tracking_number: n, carrier }, h.authData[gateway]);
  const update = (run: RunCreate, old?: string) =>
    run('update_tracking', { order, tracking_number: next, carrier, ...(old ? { old_tracking_number: old } : {}) }, h.authData[gateway]);
  const expectExactlyOne = (n: string) => expectHolds(t, gateway, [n]);

  it('the same add_tracking 20 times in a row: one write, then already_present', async () => {
    const results: string[] = [];
    for (let i = 0; i < 20; i++) results.push((await step(t, add(inRow))).result);
    expect(results).toEqual(['added', ...Array(19).fill('already_present')]);
    expect(writesSent(gateway)).toBe(1);
    expectExactlyOne(number);
  });

  describe.each(LOCK_MODES)('%s', (_mode, honoured) => {
    const run = useSteps(honoured);

    it('the same add_tracking 10 times at once on one connection: one write, nine already_present', async () => {
      const results = await Promise.all(Array.from({ length: 10 }, () => step(t, add(run))));
      expect(resultsOf(results)).toEqual(['added', ...Array(9).fill('already_present')]);
      expect(writesSent(gateway)).toBe(1);
      expectExactlyOne(number);
    });

    it('the order by two references at once (two lock keys for Zapier), the same number: one write', async () => {
      const results = await Promise.all([step(t, add(run, order)), step(t, add(run, other))]);
      expect(resultsOf(results)).toEqual(['added', 'already_present']);
      expect(writesSent(gateway)).toBe(1);
      expectExactlyOne(number);
    });

    it('the order by two references at once, two numbers: both kept', async () => {
      const results = await Promise.all([step(t, add(run, order)), step(t, add(run, other, next))]);
      expect(results.map((r) => r.result)).toEqual(['added', 'added']);
      expectHolds(t, gateway, [number, next]);
    });

    it('update_tracking 5 times at once after an add: the old number replaced once, one active tracker', async () => {
      await step(t, add(run));
      const atOnce = await Promise.all(Array.from({ length: 5 }, () => step(t, update(run, number))));
      expect(resultsOf(atOnce)).toEqual(['already_present', 'already_present', 'already_present', 'already_present', 'replaced']);
      expectExactlyOne(next);
    });
  });

  it("the write is stored but its answer lost: the step still answers added, and Zapier's replay answers already_present", async () => {
    h.sandbox.addFault({
      match: { gateway, method: WRITE[gateway].method, pathPrefix: WRITE[gateway].pathPrefix },
      fault: 'drop_after_apply',
    });
    const first = await step(t, add(inRow));
    expect(first).toMatchObject({ result: 'added', tracking_number: number });
    if (gateway === 'stripe') {
      // Re-sent with the same Idempotency-Key: the sandbox replays the stored answer (checked below).
      expect(writesSent(gateway)).toBe(2);
    } else {
      // No blind re-send: the order was read, the tracker was there, nothing sent again.
      expect(writesSent(gateway)).toBe(1);
      expect(first.trackings[0].tracker_id).toBe(`8MC585209K746392H${number}`);
    }
    expectExactlyOne(number);
    await expect(step(t, add(inRow))).resolves.toMatchObject({ result: 'already_present' });
    expectExactlyOne(number);
  });

  it("stored, and every way of learning so fails too: a retryable error, and Zapier's replay finds the tracker there", async () => {
    loseEveryAnswerOfTheWrite(gateway);
    const error = await failingStep(t, add(inRow));
    expect(error.name).toBe('ThrottledError');
    expect(error.message).toMatch(new RegExp(`^${LABEL[gateway]} could not be reached`));
    h.sandbox.clearFaults();
    await expect(step(t, add(inRow))).resolves.toMatchObject({ result: 'already_present' });
    expectExactlyOne(number);
  });

  it('update_tracking replayed 5 times in a row and 5 at once: the old number replaced once, one active tracker', async () => {
    await step(t, add(inRow));
    const inRowResults: string[] = [];
    for (let i = 0; i < 5; i++) inRowResults.push((await step(t, update(inRow, number))).result);
    expect(inRowResults).toEqual(['replaced', ...Array(4).fill('already_present')]);
    const atOnce = await Promise.all(Array.from({ length: 5 }, () => step(t, update(inRow, number))));
    expect(atOnce.map((r) => r.result)).toEqual(Array(5).fill('already_present'));
    expectExactlyOne(next);
    if (gateway === 'paypal') {
      const old = h.sandbox.state.paypal.dump().trackers.filter((tr) => tr.tracking_number === number);
      expect(old.map((tr) => tr.status)).toEqual(['CANCELLED']);
      expect(h.sandbox.stats().byOperation['paypal PATCH /v2/checkout/orders/{id}/trackers/{tracker_id}']).toBe(1);
    }
  });

  it('update_tracking whose write is stored but its answer lost, then replayed: replaced once', async () => {
    await step(t, add(inRow));
    h.sandbox.addFault({
      match: { gateway, method: WRITE[gateway].method, pathPrefix: WRITE[gateway].pathPrefix },
      fault: 'drop_after_apply',
    });
    if (gateway === 'paypal')
      h.sandbox.addFault({ match: { gateway, method: 'PATCH', pathPrefix: '/v2/checkout/orders/' }, fault: 'drop_after_apply' });
    await expect(step(t, update(inRow))).resolves.toMatchObject({ result: 'replaced' });
    await expect(step(t, update(inRow))).resolves.toMatchObject({ result: 'already_present' });
    expectExactlyOne(next);
  });
});

describe.each(['stripe', 'paypal'] as const)('%s sync_tracking', (gateway) => {
  const { number, next, order, other, carrier, extra } = ORDERS[gateway];
  const t = tally('sync', gateway);
  const inRow = useSteps(false);
  const SETS = [
    ['a set of 1', [number]],
    ['a set of 2', [number, next]],
  ] as const;
  const sync = (run: RunCreate, set: readonly string[], more: Record<string, unknown> = {}, ref = order) =>
    run('sync_tracking', { order: ref, tracking: set.map((n) => ({ tracking_number: n, carrier })), ...more }, h.authData[gateway]);
  const add = (run: RunCreate, n: string) => run('add_tracking', { order, tracking_number: n, carrier: 'UPS' }, h.authData[gateway]);
  /** One Stripe update holds the whole set; PayPal takes one /track per number. */
  const writesFor = (set: readonly string[]) => (gateway === 'stripe' ? 1 : set.length);

  /**
   * One run wrote the set (one set of writes) and every other found it there: in_sync. Not promised where a PayPal
   * run can read between the two adds of a set of 2 (steps not serialised by the lock): it sends the number still
   * missing again, and PayPal answers with the order and keeps one tracker (expectHolds checks that either way).
   */
  function expectOneWriter(results: ReadonlyArray<{ result: string }>, set: readonly string[], serialised: boolean): void {
    if (gateway === 'stripe' || set.length === 1 || serialised) {
      expect(resultsOf(results)).toEqual(['changed', ...Array(results.length - 1).fill('in_sync')]);
      expect(gatewayState(gateway).writes()).toBe(writesFor(set));
    } else {
      expect(resultsOf(results)).toContain('changed');
      expect(results.every((r) => r.result === 'changed' || r.result === 'in_sync')).toBe(true);
    }
  }

  it.each(SETS)('the same sync_tracking (%s) 20 times in a row: one set of writes, then in_sync', async (_set, set) => {
    const results: string[] = [];
    for (let i = 0; i < 20; i++) results.push((await step(t, sync(inRow, set))).result);
    expect(results).toEqual(['changed', ...Array(19).fill('in_sync')]);
    expect(gatewayState(gateway).writes()).toBe(writesFor(set));
    expectHolds(t, gateway, set);
  });

  describe.each(LOCK_MODES)('%s', (_mode, honoured) => {
    const run = useSteps(honoured);

    it.each(SETS)('the same sync_tracking (%s) 10 times at once: the gateway holds exactly the set, no number twice', async (_set, set) => {
      const results = await Promise.all(Array.from({ length: 10 }, () => step(t, sync(run, set))));
      expectHolds(t, gateway, set);
      expectOneWriter(results, set, honoured);
    });

    it.each(SETS)('sync_tracking (%s) by two references to the same order at once: the set written once', async (_set, set) => {
      const results = await Promise.all([step(t, sync(run, set, {}, order)), step(t, sync(run, set, {}, other))]);
      expectHolds(t, gateway, set);
      // Two references render two lock keys: Zapier's lock does not serialise them.
      expectOneWriter(results, set, false);
    });

    it('remove_others 5 times at once, then again: the extra tracker cancelled exactly once, the set held once', async () => {
      await step(t, add(inRow, extra));
      h.sandbox.resetStats();
      const results = await Promise.all(Array.from({ length: 5 }, () => step(t, sync(run, [number], { remove_others: true }))));
      expect(results.filter((r) => r.result === 'changed').length).toBeGreaterThanOrEqual(1);
      expect(results.flatMap((r) => r.cancelled)).toEqual([extra]);
      await expect(step(t, sync(inRow, [number], { remove_others: true }))).resolves.toMatchObject({ result: 'in_sync', cancelled: [] });
      expectHolds(t, gateway, [number]);
      if (gateway === 'stripe') expect(gatewayState(gateway).writes()).toBe(1);
      else {
        const held = h.sandbox.state.paypal.dump().trackers.filter((tr) => tr.order_id === order && tr.tracking_number === extra);
        expect(held.map((tr) => tr.status)).toEqual(['CANCELLED']);
        expect(h.sandbox.stats().byOperation['paypal PATCH /v2/checkout/orders/{id}/trackers/{tracker_id}']).toBe(1);
      }
      if (honoured) expect(resultsOf(results)).toEqual(['changed', ...Array(4).fill('in_sync')]);
    });
  });

  it.each(SETS)(
    "a write of sync_tracking (%s) stored but its answer lost: changed, and Zapier's replay answers in_sync",
    async (_set, set) => {
      h.sandbox.addFault({
        match: { gateway, method: WRITE[gateway].method, pathPrefix: WRITE[gateway].pathPrefix },
        fault: 'drop_after_apply',
      });
      await expect(step(t, sync(inRow, set))).resolves.toMatchObject({ result: 'changed', added: [...set] });
      // Stripe: the update re-sent under its Idempotency-Key and replayed; PayPal: the order read, the /track not re-sent.
      expect(writesSent(gateway)).toBe(gateway === 'stripe' ? 2 : set.length);
      expectHolds(t, gateway, set);
      await expect(step(t, sync(inRow, set))).resolves.toMatchObject({ result: 'in_sync', kept: [...set] });
      expectHolds(t, gateway, set);
    },
  );

  it("stored, and every way of learning so fails too: a retryable error, and Zapier's replay answers in_sync", async () => {
    loseEveryAnswerOfTheWrite(gateway);
    const error = await failingStep(t, sync(inRow, [number]));
    expect(error.name).toBe('ThrottledError');
    expect(error.message).toMatch(new RegExp(`^${LABEL[gateway]} could not be reached`));
    h.sandbox.clearFaults();
    await expect(step(t, sync(inRow, [number]))).resolves.toMatchObject({ result: 'in_sync' });
    expectHolds(t, gateway, [number]);
  });
});

/**
 * The tracking write is stored and its answer lost, and so is every way the step has of learning it: Stripe's
 * re-send under the same Idempotency-Key; PayPal's read of the order after the lost /track (and that read's
 * re-send). The PayPal read fault is armed once the write is stored, so the read that resolved the order is not touched.
 */
function loseEveryAnswerOfTheWrite(gateway: Gateway): void {
  h.sandbox.addFault({
    match: { gateway, method: WRITE[gateway].method, pathPrefix: WRITE[gateway].pathPrefix },
    fault: 'drop_after_apply',
    count: 2,
  });
  if (gateway !== 'paypal') return;
  const paypal = h.sandbox.state.paypal;
  const serve = paypal.serve.bind(paypal);
  jest.spyOn(paypal, 'serve').mockImplementation(async (req) => {
    const response = await serve(req);
    if (req.method === 'POST' && req.path.endsWith('/track'))
      h.sandbox.addFault({
        match: { gateway, method: 'GET', pathPrefix: `/v2/checkout/orders/${ORDERS.paypal.order}` },
        fault: 'drop',
        count: 2,
      });
    return response;
  });
}

describe("the sandbox keeps each gateway's idempotency rules", () => {
  const stripePost = (key: string, body: string) =>
    fetch(`${h.sandbox.stripeBase}/v1/payment_intents/${ORDERS.stripe.order}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${h.sandbox.credentials.stripeSecretKey}`,
        'content-type': 'application/x-www-form-urlencoded',
        'idempotency-key': key,
      },
      body,
    });

  it('Stripe: the same Idempotency-Key replays the first answer (Idempotent-Replayed); other parameters under it are refused', async () => {
    const first = await stripePost('key-reliability-1', 'metadata[packed]=yes');
    expect(first.status).toBe(200);
    const again = await stripePost('key-reliability-1', 'metadata[packed]=yes');
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toMatchObject({ id: ORDERS.stripe.order, metadata: { packed: 'yes' } });
    const other = await stripePost('key-reliability-1', 'metadata[packed]=no');
    expect(other.status).toBe(400);
    expect(await other.json()).toMatchObject({ error: { type: 'idempotency_error' } });
  });

  it('PayPal: /track declares no PayPal-Request-Id, and a repeated number answers 200 with the order, adding no second tracker', async () => {
    const token = (await (
      await fetch(`${h.sandbox.paypalBase}/v1/oauth2/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${h.sandbox.credentials.paypalClientId}:${h.sandbox.credentials.paypalClientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
      })
    ).json()) as { access_token: string };
    const track = () =>
      fetch(`${h.sandbox.paypalBase}/v2/checkout/orders/${ORDERS.paypal.order}/track`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ capture_id: '8MC585209K746392H', tracking_number: ORDERS.paypal.number, carrier: 'ROYAL_MAIL' }),
      });
    expect((await track()).status).toBe(201);
    expect((await track()).status).toBe(200);
    expect(gatewayState('paypal').numbers()).toEqual([ORDERS.paypal.number]);
  });
});
