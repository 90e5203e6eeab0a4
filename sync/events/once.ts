/**
 * Each verified event yields its Order once per Zap (docs/architecture.md#webhook-delivery).
 *
 *   emitOncePerEvent(z, delivery, emit) → emit()'s result the first time this Zap's webhook sees the
 *                                         event, [] for a repeat (logged)
 *   DELIVERY_MEMORY_SECONDS              how long an accepted delivery is remembered
 *
 * z.cache calls per delivery: Stripe 1 (the event's mark), PayPal 2 (transmission, then event); one more
 * only when the cache refuses a mark, and a delete per mark when emitting fails.
 */
import { createHash } from 'node:crypto';
import type { ZObject } from 'zapier-platform-core';
import { connectionCache, type ConnectionCache } from '../../gateways/cache';
import { GATEWAY_LABELS } from '../../gateways/config';
import { PAYPAL_MAX_AGE_SECONDS, PAYPAL_MAX_CLOCK_SKEW_SECONDS } from '../../webhooks';
import type { VerifiedDelivery } from './verify';

/**
 * How long an accepted delivery is remembered: at least every window in which the same event can come
 * back with a valid signature.
 * - A replay of a captured PayPal delivery verifies from PAYPAL_MAX_CLOCK_SKEW_SECONDS before its
 *   transmission time until PAYPAL_MAX_AGE_SECONDS after it (3 days + 1 h, for PayPal's retries), so
 *   its memory must span both.
 * - A replay of a captured Stripe delivery verifies for 300 s (the signature tolerance).
 * - The gateways' own redeliveries of an event that got no 2xx: PayPal 25 times over 3 days, Stripe
 *   for up to 3 days (live mode), each freshly signed.
 */
export const DELIVERY_MEMORY_SECONDS = PAYPAL_MAX_AGE_SECONDS + PAYPAL_MAX_CLOCK_SKEW_SECONDS;

interface SeenKey {
  key: string;
  /** For the log line: what repeated. */
  what: string;
}

/** A per-Zap-webhook cache key about one delivery; ids are hashed, so a key stays short whatever the body says. */
function deliveryCacheKey(delivery: VerifiedDelivery, what: string): string {
  return `hook-seen:${createHash('sha256').update(`${delivery.gateway}|${delivery.webhookId}|${what}`).digest('hex').slice(0, 32)}`;
}

/**
 * What marks a delivery as seen, scoped to the Zap's own webhook (two Zaps on one connection each get
 * every event, and each must emit it once):
 * - the event id (Stripe `evt_…`, PayPal `WH-…`): the same for a replay and for a gateway redelivery;
 * - for PayPal also the transmission id. PayPal signs only a CRC32 of the body, which anyone holding one
 *   genuine delivery can match with another body (e.g. another event id); the transmission id is under
 *   the RSA signature itself, so remembering it means one signature yields at most one Order.
 */
function seenKeys(delivery: VerifiedDelivery): SeenKey[] {
  const key = (kind: string, id: string) => deliveryCacheKey(delivery, `${kind}|${id}`);
  const keys = [{ key: key('event', delivery.event.id), what: `event ${delivery.event.id}` }];
  if (delivery.gateway === 'paypal') keys.unshift({ key: key('transmission', delivery.transmissionId), what: 'this PayPal transmission' });
  return keys;
}

/**
 * Runs `emit` for a verified delivery only the first time this Zap's webhook sees it; a repeat yields []
 * and a log line. Why a repeat must not produce an Order again, even a genuine redelivery (same event,
 * new transmission and signature): Zapier answers the gateway's POST itself and started the Zap from the
 * first delivery already, and it does not dedupe hook results (core skips the id check for hooks), so a
 * second Order would run the Zap's actions twice for one status change — a second email, a second
 * fulfilment. The gateway redelivers only because its POST got no 2xx, not because anything changed.
 *
 * The marks are taken with `nx` before emitting (so two copies racing are told apart too) and given back
 * when emitting fails, so that a retry of the failed run can still produce the Order. A mark the cache
 * refuses to store while nothing is stored under it (z.cache answers false past the app's write rate), or a
 * cache call that fails, is no repeat: the delivery is emitted, at worst twice, rather than lost.
 */
export async function emitOncePerEvent<T>(z: ZObject, delivery: VerifiedDelivery, emit: () => Promise<T[]>): Promise<T[]> {
  const cache = connectionCache(z);
  const taken: string[] = [];
  // One after the other: a repeated PayPal transmission must not take the mark of the (maybe forged) event id it names.
  for (const { key, what } of seenKeys(delivery)) {
    const mark = await takeMark(cache, key);
    if (mark === 'taken') {
      taken.push(key);
    } else if (mark === 'seen') {
      z.console.log(
        `Order Status Changed: ${what} was already delivered to this Zap (a replay, or ${GATEWAY_LABELS[delivery.gateway]} delivering it again); no Order emitted.`,
      );
      return [];
    } else {
      z.console.log(`Order Status Changed: could not note ${what} as seen (the cache refused or failed); emitting it anyway.`);
    }
  }
  try {
    return await emit();
  } catch (error) {
    await Promise.all(taken.map((key) => cache.delete(key).catch(() => false)));
    throw error;
  }
}

/** `taken` now, `seen` before, or `unknown` when the cache refused (its write rate) or failed: never a reason to lose the event. */
async function takeMark(cache: ConnectionCache, key: string): Promise<'taken' | 'seen' | 'unknown'> {
  try {
    if (await cache.set(key, 1, DELIVERY_MEMORY_SECONDS, { onlyIfAbsent: true })) return 'taken';
    return (await cache.get(key)) !== null ? 'seen' : 'unknown';
  } catch {
    return 'unknown';
  }
}
