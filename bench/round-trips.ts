/**
 * HTTP round trips per operation and reference kind, counted at the sandbox (stats().byOperation).
 * Each row: sandbox data reset (issued tokens kept), a fresh z.cache, its setup, stats reset, the operation once.
 * The connection has both gateways (a merchant reference is then searched in both).
 * The PayPal token mint is counted apart (`token`): one per connection and token lifetime (9 h), not per
 * action — the PayPal token figure measures that.
 *
 *   roundTrips(sandbox, runner): Promise<RoundTripRow[]>
 */
import type { Sandbox } from '../sandbox/server';
import { deliveryBundle, startCapture, type Capture } from './deliveries';
import type { AppRunner } from './in-process';
import { bothAuth, resetKeepingTokens } from './lib';

export interface RoundTripRow {
  operation: string;
  reference: string;
  /** Requests the operation made (PayPal token mint excluded), or null when it failed / is not built. */
  requests: number | null;
  /** The fewest the APIs allow, and why. */
  minimum: number;
  why: string;
  token: number;
  calls: Record<string, number>;
  result?: string;
  error?: string;
}

interface Context {
  sandbox: Sandbox;
  runner: AppRunner;
  capture: Capture;
  auth: Record<string, string>;
}

interface RowSpec {
  operation: string;
  reference: string;
  minimum: number;
  why: string;
  method: string;
  inputData?: Record<string, unknown>;
  /** Runs before the stats reset; returns bundle fields to add (subscribeData, rawRequest). */
  setup?: (ctx: Context) => Promise<Record<string, unknown>>;
}

const UPS_A = '1Z999AA10123456784';
const UPS_B = '1Z12345E0205271688';
const ADD = 'creates.add_tracking.operation.perform';
const UPDATE = 'creates.update_tracking.operation.perform';
const CANCEL = 'creates.cancel_tracking.operation.perform';
const FIND = 'searches.find_order.operation.perform';
const HOOK = 'triggers.order_status_changed.operation.perform';
const SUBSCRIBE = 'triggers.order_status_changed.operation.performSubscribe';

const STRIPE_PI = 'pi_3SbxShip0000000001';
const PAYPAL_ORDER = '5O190127TN364715T';

const addFirst = (order: string) => async (ctx: Context) => {
  await ctx.runner.run(ADD, { authData: ctx.auth, inputData: { order, tracking_number: UPS_A, carrier: 'UPS' } });
  return {};
};

/** The real signed delivery of paying an order in the sandbox, subscribed to `paid`. */
const delivery = (orderId: string) => (ctx: Context) => deliveryBundle(ctx.sandbox, ctx.runner, ctx.auth, orderId);

const ROWS: RowSpec[] = [
  {
    operation: 'add_tracking',
    reference: 'Stripe PaymentIntent ID',
    minimum: 2,
    why: '1 read (the PaymentIntent with its Charge expanded: shipping, tracking, dispute flag) + 1 write',
    method: ADD,
    inputData: { order: STRIPE_PI, tracking_number: UPS_A, carrier: 'UPS' },
  },
  {
    operation: 'add_tracking',
    reference: 'Stripe Charge ID',
    minimum: 2,
    why: '1 read (the Charge with its PaymentIntent expanded) + 1 write',
    method: ADD,
    inputData: { order: 'ch_3SbxShip0000000001', tracking_number: UPS_A, carrier: 'UPS' },
  },
  {
    operation: 'add_tracking',
    reference: 'Stripe Checkout Session ID',
    minimum: 2,
    why: '1 read (the session with PaymentIntent and Charge expanded) + 1 write',
    method: ADD,
    inputData: { order: 'cs_test_3SbxCheckout00006', tracking_number: UPS_A, carrier: 'UPS' },
  },
  {
    operation: 'add_tracking',
    reference: 'PayPal order ID',
    minimum: 2,
    why: '1 read (the order: captures and trackers) + 1 write (track)',
    method: ADD,
    inputData: { order: PAYPAL_ORDER, tracking_number: UPS_A, carrier: 'UPS' },
  },
  {
    operation: 'add_tracking',
    reference: 'PayPal capture ID',
    minimum: 4,
    why: 'order and capture IDs share one shape: the order read 404s, the capture read names its order, the order read shows its trackers, 1 write',
    method: ADD,
    inputData: { order: '8MC585209K746392H', tracking_number: UPS_A, carrier: 'UPS' },
  },
  {
    operation: 'add_tracking',
    reference: 'merchant reference (Stripe match)',
    minimum: 3,
    why: 'both gateways searched once (a match in both must be refused, not guessed): Stripe Search + PayPal Transaction Search, then 1 write',
    method: ADD,
    inputData: { order: '1001', tracking_number: UPS_A, carrier: 'UPS' },
  },
  {
    operation: 'add_tracking',
    reference: 'merchant reference (PayPal match)',
    minimum: 5,
    why: 'Stripe Search + Transaction Search (names the capture, not the order) + capture read (names the order) + order read (trackers) + 1 write',
    method: ADD,
    inputData: { order: 'INV-2001', tracking_number: UPS_A, carrier: 'UPS' },
  },
  {
    operation: 'add_tracking',
    reference: 'already present (Stripe)',
    minimum: 1,
    why: 'the read that finds the order shows its tracking: no write',
    method: ADD,
    inputData: { order: STRIPE_PI, tracking_number: UPS_A, carrier: 'UPS' },
    setup: addFirst(STRIPE_PI),
  },
  {
    operation: 'add_tracking',
    reference: 'already present (PayPal)',
    minimum: 1,
    why: 'the order read shows its trackers: no write',
    method: ADD,
    inputData: { order: PAYPAL_ORDER, tracking_number: UPS_A, carrier: 'UPS' },
    setup: addFirst(PAYPAL_ORDER),
  },
  {
    operation: 'update_tracking',
    reference: 'Stripe PaymentIntent ID',
    minimum: 2,
    why: '1 read + 1 write (Stripe keeps one number: overwritten in place)',
    method: UPDATE,
    inputData: { order: STRIPE_PI, tracking_number: UPS_B, old_tracking_number: UPS_A, carrier: 'UPS' },
    setup: addFirst(STRIPE_PI),
  },
  {
    operation: 'update_tracking',
    reference: 'PayPal order ID',
    minimum: 3,
    why: "1 read + cancel the old tracker (PATCH) + add the new one (track): a tracker's number cannot be changed",
    method: UPDATE,
    inputData: { order: PAYPAL_ORDER, tracking_number: UPS_B, old_tracking_number: UPS_A, carrier: 'UPS' },
    setup: addFirst(PAYPAL_ORDER),
  },
  {
    operation: 'cancel_tracking',
    reference: 'Stripe PaymentIntent ID',
    minimum: 2,
    why: '1 read + 1 write (tracking cleared)',
    method: CANCEL,
    inputData: { order: STRIPE_PI, tracking_number: UPS_A },
    setup: addFirst(STRIPE_PI),
  },
  {
    operation: 'cancel_tracking',
    reference: 'PayPal order ID',
    minimum: 2,
    why: '1 read + 1 write (tracker status CANCELLED)',
    method: CANCEL,
    inputData: { order: PAYPAL_ORDER, tracking_number: UPS_A },
    setup: addFirst(PAYPAL_ORDER),
  },
  {
    operation: 'order_status_changed (subscribe)',
    reference: 'both gateways',
    minimum: 3,
    why: 'Stripe: list the endpoints (one left by an earlier subscribe whose answer was lost has a secret no one saw: deleted) + create; PayPal: create (its URL conflict names such a leftover)',
    method: SUBSCRIBE,
    inputData: { gateways: ['stripe', 'paypal'], statuses: ['paid'] },
    setup: (ctx) => Promise.resolve({ targetUrl: ctx.capture.url }),
  },
  {
    operation: 'order_status_changed (delivery)',
    reference: 'Stripe payment_intent.succeeded',
    minimum: 0,
    why: 'signature checked offline with the endpoint secret; the event carries the PaymentIntent',
    method: HOOK,
    setup: delivery('pi_3SbxProcess000007'),
  },
  {
    operation: 'order_status_changed (delivery)',
    reference: 'PayPal PAYMENT.CAPTURE.COMPLETED',
    minimum: 2,
    why: 'signature checked offline (certificate cached per connection, not counted); PayPal signs only a checksum of the body, so the event is read back by its id (a forged body cannot change the Order), and the capture lacks buyer, shipping and trackers: 1 order read',
    method: HOOK,
    setup: delivery('4HJ67890KL123456M'),
  },
  {
    operation: 'find_order',
    reference: 'Stripe PaymentIntent ID',
    minimum: 1,
    why: '1 read',
    method: FIND,
    inputData: { order: STRIPE_PI },
  },
  { operation: 'find_order', reference: 'PayPal order ID', minimum: 1, why: '1 read', method: FIND, inputData: { order: PAYPAL_ORDER } },
  {
    operation: 'find_order',
    reference: 'merchant reference (Stripe match)',
    minimum: 2,
    why: 'each gateway searched once (every match is returned)',
    method: FIND,
    inputData: { order: '1001' },
  },
];

const TOKEN = 'paypal POST /v1/oauth2/token';

function isBuilt(app: { creates?: object; searches?: object; triggers?: object }, method: string): boolean {
  const [kind, key] = method.split('.') as ['creates' | 'searches' | 'triggers', string];
  return Boolean((app[kind] as Record<string, unknown> | undefined)?.[key]);
}

export async function roundTrips(sandbox: Sandbox, runner: AppRunner, app: object): Promise<RoundTripRow[]> {
  const capture = await startCapture();
  const ctx: Context = { sandbox, runner, capture, auth: bothAuth(sandbox) };
  const rows: RoundTripRow[] = [];
  try {
    for (const spec of ROWS) {
      const row: RoundTripRow = {
        operation: spec.operation,
        reference: spec.reference,
        requests: null,
        minimum: spec.minimum,
        why: spec.why,
        token: 0,
        calls: {},
      };
      rows.push(row);
      if (!isBuilt(app, spec.method)) {
        row.error = 'not built';
        continue;
      }
      resetKeepingTokens(sandbox);
      runner.newConnection();
      try {
        const extra = spec.setup ? await spec.setup(ctx) : {};
        sandbox.resetStats();
        const result = await runner.run<unknown>(spec.method, { authData: ctx.auth, inputData: spec.inputData ?? {}, ...extra });
        row.result = Array.isArray(result) ? `${result.length} result(s)` : String((result as { result?: string })?.result ?? 'ok');
      } catch (error) {
        row.error = String((error as Error).message).slice(0, 300);
      }
      const calls = { ...sandbox.stats().byOperation };
      row.token = calls[TOKEN] ?? 0;
      delete calls[TOKEN];
      row.calls = calls;
      if (!row.error) row.requests = Object.values(calls).reduce((sum, n) => sum + n, 0);
    }
  } finally {
    await capture.close();
  }
  return rows;
}
