/**
 * `z.cache` scoped to the connection (`['auth']`), typed. Core's own typings omit the `scope`
 * argument of `get`/`delete` (docs/gateways.md#zcache), hence the one cast here.
 */
import type { ZObject } from 'zapier-platform-core';

const CONNECTION_SCOPE = ['auth'];

interface ScopedCache {
  get(key: string, scope?: string[]): Promise<unknown>;
  set(key: string, value: unknown, ttl?: number, scope?: string[], nx?: boolean): Promise<boolean | null>;
  delete(key: string, scope?: string[]): Promise<boolean>;
}

export interface ConnectionCache {
  get<T>(key: string): Promise<T | null>;
  /** Stores for `ttlSeconds`; with `onlyIfAbsent`, only when the key is free (returns false when it was taken). */
  set(key: string, value: unknown, ttlSeconds: number, options?: { onlyIfAbsent?: boolean }): Promise<boolean>;
  delete(key: string): Promise<boolean>;
}

export function connectionCache(z: ZObject): ConnectionCache {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- core types z.cache without the scope argument (header)
  const cache = z.cache as unknown as ScopedCache;
  return {
    async get<T>(key: string) {
      return ((await cache.get(key, CONNECTION_SCOPE)) ?? null) as T | null;
    },
    async set(key, value, ttlSeconds, options = {}) {
      const ttl = Math.max(1, Math.floor(ttlSeconds));
      return (await cache.set(key, value, ttl, CONNECTION_SCOPE, options.onlyIfAbsent ? true : undefined)) === true;
    },
    async delete(key) {
      return cache.delete(key, CONNECTION_SCOPE);
    },
  };
}
