/**
 * Webhook deliveries under every fault the sandbox injects (docs/architecture.md#webhook-delivery). Zapier has
 * answered the gateway 200 before perform runs, so the gateway never sends the event again; a delivery must
 * therefore yield its Order whatever its reads meet:
 * - the fault holds for the whole run (the gateway's API is down): the Order is built from the signed event,
 *   `details_complete: false`, and `details_missing` names the gateway and the reason, without a secret;
 * - the fault hits the first read only: the Order is complete, from the reads, in the same run.
 * Real signed deliveries from the sandbox (a refund: Stripe reads the PaymentIntent; PayPal reads its event back,
 * the capture and the order), handed to the hook's perform through Zapier's createAppTester. The read retries
 * run on a virtual clock (test/support/retry-clock.ts), so nothing here waits out the 20 s budget.
 */
import type { FaultRule } from '../../sandbox/server';
import { startCatcher, type Catcher } from '../../sandbox/demo/catcher';
import { hookBundle } from '../../sandbox/demo/zapier-request';
import { useVirtualRetryClock } from '../support/retry-clock';
import { runApp } from '../support/tester';
import { operation, useSandbox } from '../integration/support';
import { recordFigure } from './figures';

const h = useSandbox();
const clock = useVirtualRetryClock();
const TIMEOUT_MS = 400;
const saved = process.env.GATEWAY_REQUEST_TIMEOUT_MS;
let catcher: Catcher;
beforeAll(async () => {
  process.env.GATEWAY_REQUEST_TIMEOUT_MS = String(TIMEOUT_MS);
  catcher = await startCatcher();
});
afterAll(async () => {
  if (saved === undefined) delete process.env.GATEWAY_REQUEST_TIMEOUT_MS;
  else process.env.GATEWAY_REQUEST_TIMEOUT_MS = saved;
  await catcher.close();
});

type Gateway = 'stripe' | 'paypal';
const LABEL: Record<Gateway, string> = { stripe: 'Stripe', paypal: 'PayPal' };
/** A refund of each gateway's seeded order: the event whose Order needs the most reads. */
const REFUNDED: Record<Gateway, { order: string; expected: RegExp }> = {
  stripe: { order: 'pi_3SbxShip0000000001', expected: /^stripe:pi_3SbxShip0000000001:refunded$/ },
  paypal: { order: '5O190127TN364715T', expected: /^paypal:(5O190127TN364715T|8MC585209K746392H):(partially_)?refunded$/ },
};

const FAULTS: Array<[string, Omit<FaultRule, 'match' | 'count'>]> = [
  ['429 with Retry-After', { fault: '429', retryAfter: 3 }],
  ['429 without Retry-After', { fault: '429' }],
  ...(['500', '502', '503'] as const).map((status): [string, Omit<FaultRule, 'match' | 'count'>] => [status, { fault: status }]),
  ['dropped connection', { fault: 'drop' }],
  ['slower than the timeout', { fault: 'latency', latencyMs: TIMEOUT_MS * 2 }],
  ['HTML error page', { fault: 'html_error' }],
  ['truncated JSON', { fault: 'malformed_json' }],
];

const tally: Record<Gateway, { tried: number; processed: number; incomplete: number; lost: number }> = {
  stripe: { tried: 0, processed: 0, incomplete: 0, lost: 0 },
  paypal: { tried: 0, processed: 0, incomplete: 0, lost: 0 },
};
afterAll(() => {
  for (const gateway of ['stripe', 'paypal'] as const) {
    const t = tally[gateway];
    recordFigure({
      name: `Webhook faults · ${LABEL[gateway]}`,
      tried: t.tried,
      processed: t.processed,
      duplicated: 0,
      lost: t.lost,
      detail: `${FAULTS.length} fault kinds on every read of a refund delivery, held for the whole run (${t.incomplete} Orders built from the event, details_complete false) or on the first read only (complete Orders)`,
    });
  }
});

/** Subscribes a Zap to refunds in `gateway`, refunds its order in the sandbox, and returns the hook's bundle for that delivery. */
async function refundDelivery(gateway: Gateway): Promise<Record<string, unknown>> {
  const hook = operation('triggers', 'order_status_changed');
  const zap = {
    authData: h.authData[gateway],
    inputData: { gateways: [gateway], statuses: ['refunded', 'partially_refunded'] },
    targetUrl: catcher.hookUrl(`faults-${gateway}`),
  };
  const subscribeData = await runApp(hook.performSubscribe, zap);
  catcher.take();
  await h.admin(`/_sandbox/orders/${REFUNDED[gateway].order}/events`, { type: 'refund' });
  const [delivery] = catcher.take(new URL(zap.targetUrl).pathname);
  return hookBundle(delivery!, { ...zap, subscribeData });
}

describe.each((['stripe', 'paypal'] as const).map((g) => [LABEL[g], g] as const))('%s refund delivery', (_label, gateway) => {
  const secrets = () => [h.sandbox.credentials.stripeSecretKey, h.sandbox.credentials.paypalClientSecret];
  const perform = (bundle: Record<string, unknown>) => runApp(operation('triggers', 'order_status_changed').perform, bundle);

  it.each(FAULTS)('%s on every read → the Order from the event, saying what is missing and why', async (_kind, rule) => {
    const t = tally[gateway];
    t.tried += 1;
    const bundle = await refundDelivery(gateway);
    h.sandbox.addFault({ ...rule, match: { gateway, method: 'GET' }, count: 100 });
    const orders = await perform(bundle).catch(() => []);
    if (orders.length !== 1) t.lost += 1;
    expect(orders).toHaveLength(1);
    expect(orders[0].id).toMatch(REFUNDED[gateway].expected);
    expect(orders[0]).toMatchObject({ details_complete: false, event_id: JSON.parse((bundle.rawRequest as any).content).id });
    expect(orders[0].details_missing).toMatch(
      new RegExp(`^${LABEL[gateway]} could not be read .*Built from the ${LABEL[gateway]} event alone`),
    );
    for (const secret of secrets()) expect(orders[0].details_missing).not.toContain(secret);
    expect(clock.elapsedMs()).toBeLessThanOrEqual(20_000);
    t.processed += 1;
    t.incomplete += 1;
    expect(await perform(bundle)).toEqual([]); // and one Order only: Zapier's retry, or a replay, yields nothing more
  });

  it.each(FAULTS)('%s on the first read only → the complete Order in the same run', async (_kind, rule) => {
    const t = tally[gateway];
    t.tried += 1;
    const bundle = await refundDelivery(gateway);
    h.sandbox.addFault({ ...rule, match: { gateway, method: 'GET' }, count: 1 });
    const orders = await perform(bundle).catch(() => []);
    if (orders.length !== 1) t.lost += 1;
    expect(orders).toHaveLength(1);
    expect(orders[0].id).toMatch(REFUNDED[gateway].expected);
    expect(orders[0]).toMatchObject({ details_complete: true, details_missing: '' });
    t.processed += 1;
  });
});
