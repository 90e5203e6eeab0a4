/**
 * Orders already built for an event or transaction, kept per connection for a day, so a polling
 * trigger that sees the same recent events on every poll reads their orders once, not every poll.
 */
import type { ZObject } from 'zapier-platform-core';
import { connectionCache } from '../../gateways/cache';
import type { Order } from '../../orders/order';

const ORDER_MEMO_TTL_SECONDS = 24 * 60 * 60;

export async function memoOrder(z: ZObject, key: string, build: () => Promise<Order | null>): Promise<Order | null> {
  const cache = connectionCache(z);
  const cacheKey = `order-memo:${key}`;
  const known = await cache.get<Order>(cacheKey);
  if (known) return known;
  const order = await build();
  if (order) await cache.set(cacheKey, order, ORDER_MEMO_TTL_SECONDS);
  return order;
}
