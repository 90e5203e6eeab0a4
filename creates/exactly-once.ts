/**
 * A short per-connection lock (z.cache `nx`, DESIGN §7) that serialises concurrent identical tracking
 * writes: a zap replay, Zapier's retry and a second zap racing on one order.
 *
 * Decision: the caller that finds a key taken WAITS for it (polling, up to LOCK_WAIT_MS) and then
 * re-reads the order — so it answers `already_present` from the gateway's own state, never from a
 * guess — rather than failing. Keys are all-or-nothing: a caller that gets only some of its keys
 * gives them back before waiting, so two calls with overlapping number sets cannot deadlock. A key
 * outlives a crashed holder by LOCK_TTL_SECONDS at most. If the lock stays taken past the wait,
 * the step is throttled (Zapier retries it later), never written twice.
 */
import type { ConnectionCache } from '../gateways/cache';

export const LOCK_TTL_SECONDS = 30;
export const LOCK_WAIT_MS = 10_000;
const POLL_MS = 150;

export interface HeldLocks {
  /** True when another call held a key first: the order must be read again before deciding. */
  waited: boolean;
  release(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function tryAll(cache: ConnectionCache, keys: readonly string[]): Promise<boolean> {
  const got = await Promise.all(keys.map((key) => cache.set(key, 1, LOCK_TTL_SECONDS, { onlyIfAbsent: true })));
  if (got.every(Boolean)) return true;
  await Promise.all(keys.filter((_, i) => got[i]).map((key) => cache.delete(key)));
  return false;
}

/** Takes every key, or throws `busy()` after waiting LOCK_WAIT_MS. */
export async function acquireLocks(cache: ConnectionCache, keys: readonly string[], busy: () => Error, waitMs = LOCK_WAIT_MS): Promise<HeldLocks> {
  const unique = [...new Set(keys)];
  const deadline = Date.now() + waitMs;
  let waited = false;
  while (!(await tryAll(cache, unique))) {
    waited = true;
    if (Date.now() >= deadline) throw busy();
    await sleep(POLL_MS + Math.floor(Math.random() * POLL_MS));
  }
  return {
    waited,
    release: async () => {
      await Promise.all(unique.map((key) => cache.delete(key)));
    },
  };
}
