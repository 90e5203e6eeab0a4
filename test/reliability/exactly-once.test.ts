/**
 * Exactly once under retries (docs/architecture.md#exactly-once), against the in-process sandbox through Zapier's app tester:
 * for each gateway, the same add_tracking 20 times in a row, 10 times at once on one connection, the order
 * named by two references at once, a write whose answer is lost after the gateway stored it (sandbox
 * `drop_after_apply`) followed by Zapier's replay of the whole step, and update_tracking replayed. The
 * concurrent cases run twice: under Zapier's operation lock as the schema describes it
 * (test/support/zapier-lock.ts) and with it ignored, as createAppTester runs (what still holds without it).
 * Each time the order ends with exactly one active tracker for the number (read from the sandbox's own
 * state) and the gateway saw one write, not one per attempt.
 *
 * Idempotency as the gateways define it: Stripe replays a POST with a known Idempotency-Key (checked on the
 * sandbox directly below); PayPal declares no PayPal-Request-Id on /track (docs/gateways.md#paypal-request-id), so the
 * app does not rely on it there: after a lost answer it reads the order before sending the number again.
 */
import { failureOf, runApp } from '../support/tester';
import { zapierLocks, type ZapierLocks } from '../support/zapier-lock';
import { operation, useSandbox } from '../integration/support';
import { recordFigure } from './figures';

const h = useSandbox();

type Gateway = 'stripe' | 'paypal';

// Seeded orders (sandbox/seed.ts) and numbers in each carrier's format.
const ORDERS: Record<Gateway, { order: string; other: string; number: string; carrier: string; next: string }> = {
  stripe: {
    order: 'pi_3SbxShip0000000001',
    other: 'ch_3SbxShip0000000001',
    number: '9400111202555842332669',
    carrier: 'usps',
    next: '9400111202555842332676',
  },
  paypal: { order: '5O190127TN364715T', other: '8MC585209K746392H', number: 'RR473124829GB', carrier: 'Royal Mail', next: 'RR473124830GB' },
};
const WRITE: Record<Gateway, { method: string; pathPrefix: string; operation: string }> = {
  stripe: { method: 'POST', pathPrefix: '/v1/payment_intents/', operation: 'stripe POST /v1/payment_intents/{intent}' },
  paypal: { method: 'POST', pathPrefix: '/v2/checkout/orders/', operation: 'paypal POST /v2/checkout/orders/{id}/track' },
};

/** Zapier's lock, honoured (a fresh set of locks per test) or, when null, ignored. */
let locks: ZapierLocks | null = null;

const run = (gateway: Gateway, key: string, inputData: Record<string, unknown>) => {
  const { perform, lock } = operation('creates', key);
  const bundle = { authData: h.authData[gateway], inputData };
  return locks ? locks.run(lock, bundle, () => runApp(perform, bundle)) : runApp(perform, bundle);
};
const add = (gateway: Gateway, order = ORDERS[gateway].order, number = ORDERS[gateway].number) =>
  run(gateway, 'add_tracking', { order, tracking_number: number, carrier: ORDERS[gateway].carrier });

const MODES = [
  ["under Zapier's lock", true],
  ['with the lock ignored', false],
] as const;

/** The order's active tracking numbers, from the sandbox's state (not from the app's answer). */
function activeNumbers(gateway: Gateway): string[] {
  const { order } = ORDERS[gateway];
  if (gateway === 'stripe') {
    const pi = h.sandbox.state.stripe.dump().payment_intents.find((p: any) => p.id === order);
    return String(pi?.shipping?.tracking_number ?? '')
      .split(',')
      .filter(Boolean);
  }
  return h.sandbox.state.paypal
    .dump()
    .trackers.filter((t: any) => t.order_id === order && t.status === 'SHIPPED')
    .map((t: any) => t.tracking_number);
}

const writesSent = (gateway: Gateway): number => h.sandbox.stats().byOperation[WRITE[gateway].operation] ?? 0;

// What the figures count, per gateway: steps run, steps answered with a result, steps answered with a
// retryable error, and after each scenario the trackers too many (duplicated) or missing (lost).
const tally = {
  stripe: { tried: 0, processed: 0, failedCorrectly: 0, duplicated: 0, lost: 0 },
  paypal: { tried: 0, processed: 0, failedCorrectly: 0, duplicated: 0, lost: 0 },
};

async function step(gateway: Gateway, work: Promise<any>): Promise<any> {
  tally[gateway].tried += 1;
  const result = await work;
  tally[gateway].processed += 1;
  return result;
}

async function failingStep(gateway: Gateway, work: Promise<any>) {
  tally[gateway].tried += 1;
  const error = await failureOf(work);
  if (error.name === 'ThrottledError') tally[gateway].failedCorrectly += 1;
  return error;
}

/** Asserts one active tracker with `number`, and counts what is off for the figures. */
function expectExactlyOne(gateway: Gateway, number: string): void {
  const numbers = activeNumbers(gateway);
  const copies = numbers.filter((n) => n === number).length;
  tally[gateway].duplicated += Math.max(0, numbers.length - 1);
  if (copies === 0) tally[gateway].lost += 1;
  expect(numbers).toEqual([number]);
}

afterAll(() => {
  for (const gateway of ['stripe', 'paypal'] as const) {
    recordFigure({
      name: `Exactly once · ${gateway === 'stripe' ? 'Stripe' : 'PayPal'}`,
      ...tally[gateway],
      detail:
        'add ×20 in a row, ×10 at once and by two references at once (each under Zapier’s lock and with it ignored), write stored then answer lost (+ Zapier replay), update replayed',
    });
  }
});

describe.each(['stripe', 'paypal'] as const)('%s', (gateway) => {
  const { number, next, order, other } = ORDERS[gateway];

  afterEach(() => {
    locks = null;
  });

  it('the same add_tracking 20 times in a row: one write, then already_present', async () => {
    const results: string[] = [];
    for (let i = 0; i < 20; i++) results.push((await step(gateway, add(gateway))).result);
    expect(results).toEqual(['added', ...Array(19).fill('already_present')]);
    expect(writesSent(gateway)).toBe(1);
    expectExactlyOne(gateway, number);
  });

  describe.each(MODES)('%s', (_mode, honoured) => {
    beforeEach(() => {
      locks = honoured ? zapierLocks() : null;
    });

    it('the same add_tracking 10 times at once on one connection: one write, nine already_present', async () => {
      const results = await Promise.all(Array.from({ length: 10 }, () => step(gateway, add(gateway))));
      expect(results.map((r) => r.result).sort()).toEqual(['added', ...Array(9).fill('already_present')]);
      expect(writesSent(gateway)).toBe(1);
      expectExactlyOne(gateway, number);
    });

    it('the order by two references at once (two lock keys for Zapier), the same number: one write', async () => {
      const results = await Promise.all([step(gateway, add(gateway, order)), step(gateway, add(gateway, other))]);
      expect(results.map((r) => r.result).sort()).toEqual(['added', 'already_present']);
      expect(writesSent(gateway)).toBe(1);
      expectExactlyOne(gateway, number);
    });

    it('the order by two references at once, two numbers: both kept', async () => {
      const results = await Promise.all([step(gateway, add(gateway, order)), step(gateway, add(gateway, other, next))]);
      expect(results.map((r) => r.result)).toEqual(['added', 'added']);
      expect(activeNumbers(gateway).sort()).toEqual([number, next].sort());
      tally[gateway].duplicated += activeNumbers(gateway).length - new Set(activeNumbers(gateway)).size;
    });

    it('update_tracking 5 times at once after an add: the old number replaced once, one active tracker', async () => {
      await step(gateway, add(gateway));
      const update = () =>
        step(
          gateway,
          run(gateway, 'update_tracking', { order, tracking_number: next, old_tracking_number: number, carrier: ORDERS[gateway].carrier }),
        );
      const atOnce = await Promise.all(Array.from({ length: 5 }, update));
      expect(atOnce.map((r) => r.result).sort()).toEqual([
        'already_present',
        'already_present',
        'already_present',
        'already_present',
        'replaced',
      ]);
      expectExactlyOne(gateway, next);
    });
  });

  it("the write is stored but its answer lost: the step still answers added, and Zapier's replay answers already_present", async () => {
    h.sandbox.addFault({
      match: { gateway, method: WRITE[gateway].method, pathPrefix: WRITE[gateway].pathPrefix },
      fault: 'drop_after_apply',
    });
    const first = await step(gateway, add(gateway));
    expect(first).toMatchObject({ result: 'added', tracking_number: number });
    if (gateway === 'stripe') {
      // Re-sent with the same Idempotency-Key: the sandbox replays the stored answer (checked below).
      expect(writesSent(gateway)).toBe(2);
    } else {
      // No blind re-send: the order was read, the tracker was there, nothing sent again.
      expect(writesSent(gateway)).toBe(1);
      expect(first.trackings[0].tracker_id).toBe(`8MC585209K746392H${number}`);
    }
    expectExactlyOne(gateway, number);
    await expect(step(gateway, add(gateway))).resolves.toMatchObject({ result: 'already_present' });
    expectExactlyOne(gateway, number);
  });

  it("stored, and every way of learning so fails too: a retryable error, and Zapier's replay finds the tracker there", async () => {
    h.sandbox.addFault({
      match: { gateway, method: WRITE[gateway].method, pathPrefix: WRITE[gateway].pathPrefix },
      fault: 'drop_after_apply',
      count: 2,
    });
    if (gateway === 'paypal') {
      // PayPal: the app reads the order after a lost answer; that read (and its re-send) is lost too. The
      // fault is armed once the write is stored, so the read that resolved the order is not touched.
      const paypal = h.sandbox.state.paypal;
      const serve = paypal.serve.bind(paypal);
      jest.spyOn(paypal, 'serve').mockImplementation(async (req) => {
        const response = await serve(req);
        if (req.method === 'POST' && req.path.endsWith('/track'))
          h.sandbox.addFault({ match: { gateway, method: 'GET', pathPrefix: `/v2/checkout/orders/${order}` }, fault: 'drop', count: 2 });
        return response;
      });
    }
    const error = await failingStep(gateway, add(gateway));
    expect(error.name).toBe('ThrottledError');
    expect(error.message).toMatch(gateway === 'stripe' ? /^Stripe could not be reached/ : /^PayPal could not be reached/);
    h.sandbox.clearFaults();
    await expect(step(gateway, add(gateway))).resolves.toMatchObject({ result: 'already_present' });
    expectExactlyOne(gateway, number);
  });

  it('update_tracking replayed 5 times in a row and 5 at once: the old number replaced once, one active tracker', async () => {
    await step(gateway, add(gateway));
    const update = () =>
      step(
        gateway,
        run(gateway, 'update_tracking', { order, tracking_number: next, old_tracking_number: number, carrier: ORDERS[gateway].carrier }),
      );
    const inRow: string[] = [];
    for (let i = 0; i < 5; i++) inRow.push((await update()).result);
    expect(inRow).toEqual(['replaced', ...Array(4).fill('already_present')]);
    const atOnce = await Promise.all(Array.from({ length: 5 }, update));
    expect(atOnce.map((r) => r.result)).toEqual(Array(5).fill('already_present'));
    expectExactlyOne(gateway, next);
    if (gateway === 'paypal') {
      const old = h.sandbox.state.paypal.dump().trackers.filter((t: any) => t.tracking_number === number);
      expect(old.map((t: any) => t.status)).toEqual(['CANCELLED']);
      expect(h.sandbox.stats().byOperation['paypal PATCH /v2/checkout/orders/{id}/trackers/{tracker_id}']).toBe(1);
    }
  });

  it('update_tracking whose write is stored but its answer lost, then replayed: replaced once', async () => {
    await step(gateway, add(gateway));
    h.sandbox.addFault({
      match: { gateway, method: WRITE[gateway].method, pathPrefix: WRITE[gateway].pathPrefix },
      fault: 'drop_after_apply',
    });
    if (gateway === 'paypal')
      h.sandbox.addFault({ match: { gateway, method: 'PATCH', pathPrefix: '/v2/checkout/orders/' }, fault: 'drop_after_apply' });
    const input = { order, tracking_number: next, carrier: ORDERS[gateway].carrier };
    await expect(step(gateway, run(gateway, 'update_tracking', input))).resolves.toMatchObject({ result: 'replaced' });
    await expect(step(gateway, run(gateway, 'update_tracking', input))).resolves.toMatchObject({ result: 'already_present' });
    expectExactlyOne(gateway, next);
  });
});

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
    expect(activeNumbers('paypal')).toEqual([ORDERS.paypal.number]);
  });
});
