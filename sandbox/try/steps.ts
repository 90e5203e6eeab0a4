/**
 * The steps of `npm run try`, in order: sandbox/try.ts runs each and prints it like the demo.
 *
 *   TRY_STEPS: TryStep[]      connect → the Stripe test payment → the PayPal order → add_tracking → find_order →
 *                             check_tracking → sync_tracking (the corrected carrier) → check_tracking again
 *   cleanUp(ctx): the tracking it added removed (cancel_tracking), its Stripe payment cancelled where Stripe allows;
 *                 {lines, clean}
 */
import type Stripe from 'stripe';
import type { Gateway, Order } from '../../orders/order';
import type { CheckRow, SyncResult } from '../../sync/reconcile/result';
import type { TrackingResult } from '../../sync/tracking/result';
import { keyValues, show, table } from '../demo/format';
import { cancelTestPayment, createTestPayment, SHOP_CARRIER, SLIP_CARRIER, testTrackingNumber } from './test-data';

export class TryFailure extends Error {}

export function check(condition: unknown, reason: string): asserts condition {
  if (!condition) throw new TryFailure(reason);
}

interface TriedOrder {
  gateway: Gateway;
  /** The reference the steps pass as `order`. */
  order: string;
  trackingNumber: string;
  /** Whether `npm run try` made this payment (so cleaning up may cancel it). */
  created: boolean;
  /** Set once add_tracking has added the number (so cleaning up removes it). */
  tracked?: boolean;
}

export interface TryContext {
  authData: Record<string, string>;
  /** Runs `path` of the app definition (e.g. `creates.add_tracking.operation.perform`) as Zapier would; T: its output. */
  run<T>(path: string, bundle: { authData: Record<string, string>; inputData: Record<string, unknown> }): Promise<T>;
  /** The official client, present when a Stripe key was given. */
  stripe?: Stripe;
  paypalOrder?: string;
  orders: TriedOrder[];
  /** Per gateway: does it hold what the shop shipped (the last check_tracking says)? */
  agrees: Partial<Record<Gateway, boolean>>;
}

interface TryStep {
  title: string;
  /** What the step runs: an app operation (Zapier runs it), or `stripe.…` (the official stripe package). */
  operation: string;
  when?: (ctx: TryContext) => boolean;
  run(ctx: TryContext): Promise<{ lines: string[]; outcome: string }>;
}

const ADD = 'creates.add_tracking.operation.perform';
const FIND = 'searches.find_order.operation.perform';
const CHECK = 'searches.check_tracking.operation.perform';
const SYNC = 'creates.sync_tracking.operation.perform';
const CANCEL = 'creates.cancel_tracking.operation.perform';

const sameNumber = (a: string | null, b: string) => (a ?? '').replace(/\s+/g, '').toUpperCase() === b.toUpperCase();

/** What find_order shows of a gateway's tracking: one row per tracking number it holds. */
function trackingRows(order: Order): string[][] {
  return order.trackings.map((t) => [order.gateway, show(t.tracking_number), show(t.carrier), show(t.status)]);
}

const checkStep = (title: string): TryStep => ({
  title,
  operation: `${CHECK} ×2`,
  run: async (ctx) => {
    const lines: string[] = [];
    for (const tried of ctx.orders) {
      const inputData = { order: tried.order, expected_tracking: [tried.trackingNumber], expected_carrier: SHOP_CARRIER };
      const rows = await ctx.run<CheckRow[]>(CHECK, { authData: ctx.authData, inputData });
      const row = rows.find((r) => r.gateway === tried.gateway);
      check(row, `check_tracking found no ${tried.gateway} order for ${tried.order}`);
      ctx.agrees[tried.gateway] = row.agrees === true;
      lines.push(`  ${tried.gateway.padEnd(6)}  agrees=${row.agrees}  ${row.verdict}`);
    }
    return { lines, outcome: ctx.orders.map((o) => `${o.gateway} ${ctx.agrees[o.gateway] ? 'agrees' : 'disagrees'}`).join(', ') };
  },
});

export const TRY_STEPS: TryStep[] = [
  {
    title: 'Connect your test accounts',
    operation: 'authentication.test',
    run: async (ctx) => {
      const result = await ctx.run<{ stripe_mode: string | null }>('authentication.test', { authData: ctx.authData, inputData: {} });
      const label = await ctx.run<string>('authentication.connectionLabel', { authData: ctx.authData, inputData: result });
      check(result.stripe_mode !== 'live', 'the Stripe key reached a live account; nothing was created');
      return { lines: [`  Connection label: ${label}`], outcome: label };
    },
  },
  {
    title: 'Stripe: a test payment with a shipping address, as your checkout makes it',
    operation: 'stripe.paymentIntents.create',
    when: (ctx) => Boolean(ctx.stripe),
    run: async (ctx) => {
      const intent = await createTestPayment(ctx.stripe!);
      ctx.orders.push({ gateway: 'stripe', order: intent.id, trackingNumber: testTrackingNumber(), created: true });
      check(intent.status === 'succeeded', `the test payment should succeed, it is ${intent.status}`);
      const shown = { ...intent, shipping: `${intent.shipping?.name}, ${intent.shipping?.address?.city}` };
      const keys = ['id', 'status', 'amount', 'currency', 'latest_charge', 'livemode', 'shipping'];
      return { lines: keyValues(shown, keys, '    '), outcome: `${intent.id} ${intent.status}` };
    },
  },
  {
    title: 'PayPal: the sandbox order you named',
    operation: FIND,
    when: (ctx) => Boolean(ctx.paypalOrder),
    run: async (ctx) => {
      const found = await ctx.run<Order[]>(FIND, { authData: ctx.authData, inputData: { order: ctx.paypalOrder } });
      const order = found.find((o) => o.gateway === 'paypal');
      check(order, `no PayPal sandbox order or capture ${ctx.paypalOrder}`);
      ctx.orders.push({ gateway: 'paypal', order: ctx.paypalOrder!, trackingNumber: testTrackingNumber(), created: false });
      const keys = ['order_id', 'payment_id', 'status', 'amount', 'currency', 'customer_email', 'tracking_number'];
      return { lines: keyValues({ ...order }, keys, '    '), outcome: `${order.order_id} ${order.status}` };
    },
  },
  {
    title: 'Add Tracking to Order, on each gateway',
    operation: `${ADD} ×2`,
    run: async (ctx) => {
      check(ctx.orders.length > 0, 'no order to track');
      // The shop first slips on the carrier, so that Check finds the disagreement and Sync corrects it.
      const carrier = SLIP_CARRIER;
      const lines: string[] = [];
      for (const tried of ctx.orders) {
        const inputData = { order: tried.order, tracking_number: tried.trackingNumber, carrier };
        const result = await ctx.run<TrackingResult>(ADD, { authData: ctx.authData, inputData });
        check(result.result === 'added', `add_tracking on ${tried.gateway} should add, it answered ${result.result}`);
        tried.tracked = true;
        lines.push(
          `  ${tried.gateway.padEnd(6)}  order=${tried.order} tracking_number=${tried.trackingNumber} carrier="${carrier}" → ${result.result} (${result.carrier})`,
        );
      }
      return { lines, outcome: `added (carrier "${carrier}")` };
    },
  },
  {
    title: 'Find Order: what each gateway now holds',
    operation: `${FIND} ×2`,
    run: async (ctx) => {
      const rows: string[][] = [];
      for (const tried of ctx.orders) {
        const found = await ctx.run<Order[]>(FIND, { authData: ctx.authData, inputData: { order: tried.order } });
        const order = found.find((o) => o.gateway === tried.gateway);
        check(order, `find_order did not find the ${tried.gateway} order ${tried.order}`);
        const holds = order.trackings.some((t) => sameNumber(t.tracking_number, tried.trackingNumber));
        check(holds, `${tried.gateway} does not hold ${tried.trackingNumber}`);
        rows.push(...trackingRows(order));
      }
      return { lines: table(['gateway', 'tracking_number', 'carrier', 'status'], rows, '    '), outcome: 'both hold the new number' };
    },
  },
  checkStep('Check Order Tracking: does each gateway hold what the shop shipped?'),
  {
    title: `Sync Order Tracking with the corrected carrier (${SHOP_CARRIER})`,
    operation: `${SYNC} ×2`,
    run: async (ctx) => {
      const lines: string[] = [];
      for (const tried of ctx.orders) {
        const tracking = [{ tracking_number: tried.trackingNumber, carrier: SHOP_CARRIER, status: 'shipped' }];
        const result = await ctx.run<SyncResult>(SYNC, { authData: ctx.authData, inputData: { order: tried.order, tracking } });
        lines.push(`  ${tried.gateway.padEnd(6)}  ${result.result}: corrected ${show(result.corrected)}, added ${show(result.added)}`);
      }
      return { lines, outcome: 'synced' };
    },
  },
  checkStep('Check Order Tracking again'),
];

/** Removes what the run added and cancels the payment it made where Stripe allows: one line per thing, and whether all went. */
export async function cleanUp(ctx: TryContext): Promise<{ lines: string[]; clean: boolean }> {
  const lines: string[] = [];
  let clean = true;
  for (const tried of ctx.orders) {
    try {
      if (tried.tracked) {
        const inputData = { order: tried.order, tracking_number: tried.trackingNumber };
        const result = await ctx.run<TrackingResult>(CANCEL, { authData: ctx.authData, inputData });
        lines.push(`  ${tried.gateway.padEnd(6)}  tracking ${tried.trackingNumber} → ${result.result}`);
      }
      if (tried.created && ctx.stripe) lines.push(`  ${tried.gateway.padEnd(6)}  ${await cancelTestPayment(ctx.stripe, tried.order)}`);
    } catch (error) {
      clean = false;
      lines.push(
        `  ${tried.gateway.padEnd(6)}  could not clean up ${tried.order} (remove ${tried.trackingNumber} by hand): ${(error as Error).message}`,
      );
    }
  }
  return { lines, clean };
}
