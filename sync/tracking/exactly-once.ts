/**
 * A short per-connection lock (z.cache `nx`, docs/architecture.md#exactly-once) that serialises concurrent identical tracking
 * writes: a zap replay, Zapier's retry and a second zap racing on one order.
 *
 * Decision: the caller that finds a key taken WAITS for it (polling, up to LOCK_WAIT_MS) and then
 * re-reads the order — so it answers `already_present` from the gateway's own state, never from a
 * guess — rather than failing. Keys are all-or-nothing: a caller that gets only some of its keys
 * gives them back before waiting, so two calls with overlapping number sets cannot deadlock. A key
 * outlives a crashed holder by LOCK_TTL_SECONDS at most. If the lock stays taken past the wait,
 * the step is throttled (Zapier retries it later), never written twice.
 *
 * The order is read before its keys are known (they name the order the reference resolves to), so a
 * call can read, then lose the race to one that writes and lets go before this one takes the keys:
 * the read is stale though nothing was waited for, and a Stripe write (the shipping hash is replaced
 * whole) would drop the other call's number. So a release after a write leaves on each key the order's
 * tracking as that write left it (`trackingState`, kept RECENT_WRITE_SECONDS; UNKNOWN after a failed
 * write, which may have landed), and a caller whose read shows a different state reads again. No
 * clocks are compared (Zapier's workers do not share one). Cost: one cache read per key; a gateway read
 * only when this call's read missed a write to the same order.
 */
import type { ConnectionCache } from '../../gateways/cache';
import type { Order } from '../../orders/order';

export const LOCK_TTL_SECONDS = 30;
export const LOCK_WAIT_MS = 10_000;
/** Longer than a step (Zapier: 30 s) can sit between its read and taking its keys. */
export const RECENT_WRITE_SECONDS = 60;
/** The mark of a write whose outcome is not known (its answer was an error). */
export const UNKNOWN_STATE = '?';
const POLL_MS = 150;

export interface HeldLocks {
  /** True when the order read before locking may be out of date (another call held a key first, or a write
   *  under one left a state the read does not show): it must be read again before deciding. */
  stale: boolean;
  /** Gives the keys back. `written`: the tracking state a write left (UNKNOWN_STATE when it failed), marked
   *  on the keys for callers that read before it; omitted when nothing was sent. */
  release(options?: { written?: string }): Promise<void>;
}

/** An order's active tracking numbers, as one comparable string. */
export function trackingState(order: Order): string {
  return order.trackings
    .filter((t) => t.tracking_number && t.status !== 'CANCELLED')
    .map((t) => t.tracking_number!.toUpperCase())
    .sort()
    .join(',');
}

const writtenMark = (key: string) => `${key}:written`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function tryAll(cache: ConnectionCache, keys: readonly string[]): Promise<boolean> {
  const got = await Promise.all(keys.map((key) => cache.set(key, 1, LOCK_TTL_SECONDS, { onlyIfAbsent: true })));
  if (got.every(Boolean)) return true;
  await Promise.all(keys.filter((_, i) => got[i]).map((key) => cache.delete(key)));
  return false;
}

/** Takes every key, or throws `busy()` after waiting LOCK_WAIT_MS. `readState`: trackingState of the order the caller read. */
export async function acquireLocks(
  cache: ConnectionCache,
  keys: readonly string[],
  busy: () => Error,
  readState: string,
  waitMs = LOCK_WAIT_MS,
): Promise<HeldLocks> {
  const unique = [...new Set(keys)];
  const deadline = Date.now() + waitMs;
  let waited = false;
  while (!(await tryAll(cache, unique))) {
    waited = true;
    if (Date.now() >= deadline) throw busy();
    await sleep(POLL_MS + Math.floor(Math.random() * POLL_MS));
  }
  const marks = await Promise.all(unique.map((key) => cache.get<string>(writtenMark(key))));
  const stale = waited || marks.some((mark) => mark !== null && mark !== readState);
  return {
    stale,
    release: async ({ written } = {}) => {
      if (written !== undefined) await Promise.all(unique.map((key) => cache.set(writtenMark(key), written, RECENT_WRITE_SECONDS)));
      await Promise.all(unique.map((key) => cache.delete(key)));
    },
  };
}

export interface LockedWrite<R, W extends { order: Order }> {
  cache: ConnectionCache;
  keys: readonly string[];
  busy: () => Error;
  /** The order as read before locking. */
  read: R;
  readAgain: (read: R) => Promise<R>;
  /** The write, planned from the order as read (again, when the first read may be stale). */
  write: (read: R) => Promise<W>;
  /** Whether a result says something was written (its order's state is then marked on the keys). */
  wrote: (result: W) => boolean;
  /** An error thrown before anything was sent (a refusal): nothing is marked. Any other failure may have landed. */
  isRefusal: (error: unknown) => boolean;
  orderOf: (read: R) => Order;
}

/** One write under the per-connection lock: take the keys, read again when stale, write, mark what the write left, let go. */
export async function writeUnderLock<R, W extends { order: Order }>(options: LockedWrite<R, W>): Promise<W> {
  const lock = await acquireLocks(options.cache, options.keys, options.busy, trackingState(options.orderOf(options.read)));
  let written: string | undefined;
  try {
    const current = lock.stale ? await options.readAgain(options.read) : options.read;
    const result = await options.write(current).catch((error: unknown) => {
      if (!options.isRefusal(error)) written = UNKNOWN_STATE;
      throw error;
    });
    if (options.wrote(result)) written = trackingState(result.order);
    return result;
  } finally {
    await lock.release({ written });
  }
}
