/**
 * The exactly-once harness (docs/architecture.md#exactly-once) that test/creates/exactly-once.test.ts,
 * test/creates/sync-exactly-once.test.ts and test/reliability/exactly-once.test.ts share: steps run as Zapier
 * runs them, gateways that keep what was written, and what a gateway holds against the set it should hold.
 *
 *   LOCK_MODES                            describe.each rows: under Zapier's lock (zapier-lock.ts, as the schema
 *                                         describes it) and with the lock ignored, as createAppTester runs (what must
 *                                         still hold without it; two references to one order get two lock keys anyway)
 *   useSteps(honoured): RunCreate         in a describe: runs a create as a step; a fresh set of locks before each test
 *   runCreate(key, inputData, authData?)  one create's perform through Zapier's app tester, no lock
 *   statefulPayPalOrder(options?)         nock PayPal order: GET the order, its Tracking v1 list, POST /track, PATCH, PUT
 *   statefulStripePayment(options?)       nock Stripe payment: GET the PaymentIntent or its Charge, POST the PaymentIntent
 *   sandboxGateway(sandbox, gateway, id)  the same view (GatewayState) of the in-process sandbox's own state
 *   heldAgainst(state, set)               numbers held twice, and numbers of the set missing or held beyond it
 *   resultsOf(answers)                    the answers' `result`, sorted: one `added` among nine `already_present` in any order
 *
 * The nock gateways answer every read with the order as the writes so far left it, in the gateways' real JSON shapes
 * (test/creates/fixtures.ts, reconcile-fixtures.ts); their requests are recorded as gateway-nock.ts does.
 */
import type { AuthData } from '../../gateways/config';
import type { Sandbox } from '../../sandbox/server';
import { CHARGE_ID, CHARGE_WITH_PI, PI_ID, paymentIntent, paypalOrder, tracker, updatedPaymentIntent } from '../creates/fixtures';
import { ORDER_PATH, V1_LIST, v1Trackers } from '../creates/reconcile-fixtures';
import { PAYPAL_AUTH } from './fixtures';
import { paypalApi, stripeApi } from './gateway-nock';
import { App, runApp } from './tester';
import { zapierLocks } from './zapier-lock';

export const LOCK_MODES = [
  ["under Zapier's lock", true],
  ['with the lock ignored', false],
] as const;

export type CreateKey =
  'add_tracking' | 'add_paypal_tracking' | 'add_stripe_tracking' | 'update_tracking' | 'cancel_tracking' | 'sync_tracking';
export type RunCreate = (key: CreateKey, inputData: Record<string, unknown>, authData?: AuthData) => Promise<any>;

const definition = (key: CreateKey) => (App as any).creates[key].operation;

export const runCreate: RunCreate = (key, inputData, authData = PAYPAL_AUTH) => runApp(definition(key).perform, { authData, inputData });

/** Runs creates as steps: under Zapier's lock when `honoured` (one set of locks, made before each test), else at once. */
export function useSteps(honoured: boolean): RunCreate {
  let locks = zapierLocks();
  beforeEach(() => {
    locks = zapierLocks();
  });
  if (!honoured) return runCreate;
  return (key, inputData, authData = PAYPAL_AUTH) =>
    locks.run(definition(key).lock, { authData, inputData }, () => runCreate(key, inputData, authData));
}

export const resultsOf = (answers: ReadonlyArray<{ result: string }>): string[] => answers.map((a) => a.result).sort();

// ---------------------------------------------------------------- what a gateway holds

export interface GatewayState {
  /** Active numbers, in the order written (a number held twice appears twice). */
  numbers(): string[];
  /** Tracking writes that reached the gateway (PayPal: /track, PATCH and Tracking v1 PUT; Stripe: PaymentIntent updates). */
  writes(): number;
}

/** Against the set the gateway should hold: copies beyond the first (duplicated), and numbers of the set missing or held beyond it (lost). */
export function heldAgainst(state: GatewayState, set: readonly string[]): { duplicated: number; lost: number } {
  const held = state.numbers();
  const distinct = new Set(held);
  return {
    duplicated: held.length - distinct.size,
    lost: set.filter((n) => !distinct.has(n)).length + [...distinct].filter((n) => !set.includes(n)).length,
  };
}

export interface PayPalOrderState extends GatewayState {
  /** Trackers cancelled (Orders v2 PATCH, or Tracking v1 PUT with status CANCELLED). */
  cancels(): number;
}

/**
 * PayPal holds one tracker per number; a write for a number it already holds answers 200 and adds none. The
 * numbers it starts with are FedEx's (PP_NUMBER).
 */
export function statefulPayPalOrder(options: { numbers?: string[]; writeDelayMs?: number } = {}): PayPalOrderState {
  const trackers = new Map<string, { status: string; carrier: string }>(
    (options.numbers ?? []).map((n) => [n, { status: 'SHIPPED', carrier: 'FEDEX' }]),
  );
  let writes = 0;
  let cancels = 0;
  const order = () => paypalOrder([...trackers].map(([number, t]) => tracker(number, t.status === 'CANCELLED' ? 'CANCELLED' : 'SHIPPED')));
  paypalApi()
    .persist()
    .get(ORDER_PATH)
    .reply(() => [200, order()]);
  paypalApi()
    .persist()
    .get(V1_LIST)
    .query(true)
    .reply(() => [200, v1Trackers([...trackers].map(([number, t]) => ({ number, ...t })))]);
  paypalApi()
    .persist()
    .post(`${ORDER_PATH}/track`)
    .delay(options.writeDelayMs ?? 0)
    .reply((_uri, body) => {
      writes += 1;
      const { tracking_number: number, carrier } = body as { tracking_number: string; carrier: string };
      const known = trackers.get(number)?.status === 'SHIPPED';
      if (!known) trackers.set(number, { status: 'SHIPPED', carrier });
      return [known ? 200 : 201, order()];
    });
  paypalApi()
    .persist()
    .patch(new RegExp(`^${ORDER_PATH}/trackers/`))
    .delay(options.writeDelayMs ?? 0)
    .reply((uri) => {
      writes += 1;
      cancels += 1;
      const id = decodeURIComponent(uri.split('/trackers/')[1] ?? '');
      for (const [number, t] of trackers) if (tracker(number).id === id) t.status = 'CANCELLED';
      return [204, ''];
    });
  paypalApi()
    .persist()
    .put(new RegExp(`^${V1_LIST}/`))
    .delay(options.writeDelayMs ?? 0)
    .reply((_uri, body) => {
      writes += 1;
      // A full replace of the one tracker: its carrier and its status as sent.
      const { tracking_number: number, carrier, status } = body as { tracking_number: string; carrier: string; status: string };
      if (!trackers.has(number)) return [404, { name: 'RESOURCE_NOT_FOUND', message: 'The specified resource does not exist.' }];
      if (status === 'CANCELLED') cancels += 1;
      trackers.set(number, { status, carrier });
      return [204, ''];
    });
  return {
    numbers: () => [...trackers].filter(([, t]) => t.status !== 'CANCELLED').map(([number]) => number),
    writes: () => writes,
    cancels: () => cancels,
  };
}

/** Stripe replaces the shipping hash whole on each update and merges metadata (an empty value removes a key). */
export function statefulStripePayment(options: { numbers?: string[]; writeDelayMs?: number } = {}): GatewayState {
  let numbers = [...(options.numbers ?? [])];
  let carrier: string | null = numbers.length ? 'UPS' : null;
  let metadata: Record<string, string> = {};
  let writes = 0;
  const current = () => paymentIntent({ tracking: numbers.join(',') || null, carrier, metadata });
  stripeApi()
    .persist()
    .get(`/v1/payment_intents/${PI_ID}`)
    .query(true)
    .reply(() => [200, current()]);
  stripeApi()
    .persist()
    .get(`/v1/charges/${CHARGE_ID}`)
    .query(true)
    .reply(() => {
      const pi = current();
      return [200, { ...CHARGE_WITH_PI, shipping: pi.shipping, payment_intent: { ...pi, latest_charge: CHARGE_ID } }];
    });
  stripeApi()
    .persist()
    .post(`/v1/payment_intents/${PI_ID}`)
    .delay(options.writeDelayMs ?? 0)
    .reply((_uri, body) => {
      writes += 1;
      const form = new URLSearchParams(String(body));
      const sent = form.get('shipping[tracking_number]') ?? '';
      numbers = sent.split(',').filter(Boolean);
      carrier = form.get('shipping[carrier]');
      for (const [key, value] of form) {
        const name = /^metadata\[(.+)\]$/.exec(key)?.[1];
        if (name)
          metadata =
            value === '' ? Object.fromEntries(Object.entries(metadata).filter(([k]) => k !== name)) : { ...metadata, [name]: value };
      }
      return [200, { ...updatedPaymentIntent(sent, carrier ?? ''), metadata }];
    });
  return { numbers: () => [...numbers], writes: () => writes };
}

const SANDBOX_WRITES = {
  stripe: ['stripe POST /v1/payment_intents/{intent}'],
  paypal: [
    'paypal POST /v2/checkout/orders/{id}/track',
    'paypal PATCH /v2/checkout/orders/{id}/trackers/{tracker_id}',
    'paypal PUT /v1/shipping/trackers/{id}',
  ],
};

/** The sandbox's own state of one order (a Stripe PaymentIntent or a PayPal order), not what the app answered. */
export function sandboxGateway(sandbox: Sandbox, gateway: 'stripe' | 'paypal', id: string): GatewayState {
  const numbers = () => {
    if (gateway === 'stripe') {
      const pi = sandbox.state.stripe.dump().payment_intents.find((p: any) => p.id === id);
      return String(pi?.shipping?.tracking_number ?? '')
        .split(',')
        .filter(Boolean);
    }
    return sandbox.state.paypal
      .dump()
      .trackers.filter((t) => t.order_id === id && t.status === 'SHIPPED')
      .map((t) => String(t.tracking_number));
  };
  const writes = () => SANDBOX_WRITES[gateway].reduce((sum, operation) => sum + (sandbox.stats().byOperation[operation] ?? 0), 0);
  return { numbers, writes };
}
