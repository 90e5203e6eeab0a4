/**
 * Exactly once for the tracking actions, with as few z.cache round trips as the guarantee allows:
 * on Zapier every z.cache call is a remote call.
 *
 * The gateway read is the check: the read that resolves the order shows its tracking, and a number already
 * there answers `already_present` without a write. Zapier's operation lock (creates/tracking-action.ts
 * TRACKING_LOCK: key from the Order input, scope auth) runs the steps of one connection that name the same
 * order one at a time, so a replay, a retry or a second zap reads after the run before it has finished. The
 * replay path therefore touches no cache at all.
 *
 * What the lock cannot serialise: two different references to one order written at the same instant (the
 * `pi_…` and the `ch_…` of one payment, or the order ID and a capture ID), since Zapier renders a different
 * key for each; and any run where the lock is not in force (the tests run without it too). For those, the write
 * path makes ONE cache call: before its first write, a run claims a key naming the order and the tracking
 * state its plan was made from (`set nx`, WRITE_KEY_SECONDS). A second run that read the same state is then
 * refused the key and, rather than write from that state, waits and reads the order again: it answers from
 * the gateway's own state (already_present, or a write planned from what the first run left). A run whose
 * read was overtaken by another run's whole write reads a state that is no longer current: its key is still
 * held (the winner's key outlives its write by design), so it too reads again. No release on success — the
 * key expiring is the release — and none of the keys holds a secret (an order ID and a hash).
 *
 * A failed write gives its key back (one more call, on the failure path only): its step reports the failure
 * and Zapier's retry reads the order again; so does anyone else. A write that left the state it started from
 * does too, so that no one waits on a state nothing moved from.
 *
 * Limits: an order whose tracking comes back to the very state a write started from less than
 * WRITE_KEY_SECONDS later (add, cancel, add the same number again) makes the third run wait out the rest of
 * those seconds (WAIT_MS is longer). A write that takes longer than WRITE_KEY_SECONDS no longer excludes
 * others: PayPal's writes change the state one tracker at a time (a new reader sees a new state, and PayPal
 * keeps one tracker per number), and Stripe's one update takes well under a second.
 *
 *   writeOnce(cache, gateways, resolved, write): the write's result    OrderBusyError after WAIT_MS refused
 *   trackingState(order), writeKey(resolved)
 */
import { createHash } from 'node:crypto';
import { trackingNumberKey } from '../../carriers/numbers';
import type { ConnectionCache } from '../../gateways/cache';
import type { Gateways, PayPalApi, StripeApi } from '../../gateways';
import type { Order } from '../../orders/order';
import { isActive } from '../../orders/trackings';
import type { ResolvedOrder } from '../orders/resolve';
import { readOrderAgain } from './write';

/** How long a claimed key holds: longer than one write, and than a run can sit between its read and its claim. */
export const WRITE_KEY_SECONDS = 10;
/** How long a run refused a key keeps reading the order again before it asks Zapier to retry the step. */
export const WAIT_MS = 12_000;

/** An order's active tracking (numbers with their carriers), as one comparable string. */
export function trackingState(order: Order): string {
  return order.trackings
    .filter((t) => t.tracking_number && isActive(t))
    .map((t) => `${trackingNumberKey(t.tracking_number)}/${t.carrier_name ?? t.carrier ?? ''}/${t.tracking_url ?? ''}`)
    .sort()
    .join(',');
}

/** The key a write to this order, planned from this read, claims. */
export function writeKey(resolved: ResolvedOrder): string {
  const orderId =
    resolved.gateway === 'stripe' ? `stripe:${resolved.paymentIntent.id}` : `paypal:${resolved.paypalOrder.id ?? resolved.reference.id}`;
  const state = createHash('sha256').update(trackingState(resolved.order)).digest('hex').slice(0, 24);
  return `tracking-write:${orderId}:${state}`;
}

/** Thrown by the first write of a run whose key another run holds: nothing was sent. */
class WriteKeyTaken extends Error {
  constructor() {
    super('Another step holds this write key.');
    this.name = 'WriteKeyTaken';
  }
}

/** Another step kept writing tracking to this order for all of WAIT_MS: nothing was sent, the step can be run again. */
export class OrderBusyError extends Error {
  /** Seconds before Zapier's retry: by then the key another step holds has expired. */
  readonly retryAfter: number;

  constructor(orderLabel: string) {
    super(`Another step is writing tracking to ${orderLabel} right now; Zapier will retry this step shortly.`);
    this.name = 'OrderBusyError';
    this.retryAfter = WRITE_KEY_SECONDS + 5;
  }
}

/** The calls that write tracking; the claim comes before the first of them. */
const PAYPAL_WRITES = ['addTracker', 'cancelTracker', 'putTracker'] as const satisfies ReadonlyArray<keyof PayPalApi>;
const STRIPE_WRITES = ['updatePaymentIntent'] as const satisfies ReadonlyArray<keyof StripeApi>;

function claimingFirst<T extends object>(api: T, writes: ReadonlyArray<keyof T>, claim: () => Promise<void>): T {
  const wrapped = Object.create(api) as T;
  for (const name of writes) {
    const write = api[name] as unknown as (...args: unknown[]) => Promise<unknown>;
    Object.defineProperty(wrapped, name, {
      value: async (...args: unknown[]) => {
        await claim();
        return write.apply(api, args);
      },
    });
  }
  return wrapped;
}

/** The pause before reading the order again: short at first (a write takes well under a second), with jitter. */
function pauseBeforeReading(attempt: number): number {
  const base = Math.min(1_000, 200 * 2 ** attempt);
  return base / 2 + Math.floor(Math.random() * (base / 2));
}

const orderLabel = (resolved: ResolvedOrder) =>
  resolved.gateway === 'stripe'
    ? `Stripe payment ${resolved.paymentIntent.id}`
    : `PayPal order ${resolved.paypalOrder.id ?? resolved.reference.id}`;

/**
 * Runs `write` (which decides from the order it is given whether anything needs writing) with gateways whose
 * tracking writes first claim writeKey(order). Refused the key, it reads the order again and runs `write`
 * on that (`readAgain`: by default the order as the tracking actions read it), until `waitMs` has passed
 * (then OrderBusyError: nothing was sent).
 */
export async function writeOnce<R extends { order: Order }>(
  cache: ConnectionCache,
  gateways: Gateways,
  resolved: ResolvedOrder,
  write: (claiming: Gateways, order: ResolvedOrder) => Promise<R>,
  waitMs = WAIT_MS,
  readAgain: (order: ResolvedOrder) => Promise<ResolvedOrder> = (order) => readOrderAgain(gateways, order),
): Promise<R> {
  const deadline = Date.now() + waitMs;
  let current = resolved;
  for (let attempt = 0; ; attempt += 1) {
    const key = writeKey(current);
    const before = trackingState(current.order);
    let claiming: Promise<void> | undefined;
    let held = false;
    const claim = () =>
      (claiming ??= cache.set(key, 1, WRITE_KEY_SECONDS, { onlyIfAbsent: true }).then((got) => {
        if (!got) throw new WriteKeyTaken();
        held = true;
      }));
    const claimed: Gateways = {
      stripe: gateways.stripe && claimingFirst(gateways.stripe, STRIPE_WRITES, claim),
      paypal: gateways.paypal && claimingFirst(gateways.paypal, PAYPAL_WRITES, claim),
    };
    let result: R;
    try {
      result = await write(claimed, current);
    } catch (error) {
      if (!(error instanceof WriteKeyTaken)) {
        // Its step reports the failure; the key goes back so that the retry (and anyone) reads and plans afresh.
        if (held) await cache.delete(key);
        throw error;
      }
      if (Date.now() >= deadline) throw new OrderBusyError(orderLabel(current));
      await new Promise((resolve) => setTimeout(resolve, pauseBeforeReading(attempt)));
      current = await readAgain(current);
      continue;
    }
    if (held && trackingState(result.order) === before) await cache.delete(key);
    return result;
  }
}
