/**
 * Counts the app's z.cache calls (every get, set and delete goes through gateways/cache.ts): on Zapier each
 * one is a remote call.
 *
 *   const calls = countCacheCalls();   in a describe (or at file level)
 *   calls.list                          ['set hook-seen:…', 'get paypal-cert:…', …] since the test began
 */
import * as cacheModule from '../../gateways/cache';

export function countCacheCalls(): { list: string[] } {
  const state = { list: [] as string[] };
  let spy: jest.SpyInstance | undefined;
  beforeEach(() => {
    state.list.length = 0;
    const real = cacheModule.connectionCache;
    spy = jest.spyOn(cacheModule, 'connectionCache').mockImplementation((z) => {
      const cache = real(z);
      return {
        get: (key) => (state.list.push(`get ${key}`), cache.get(key)),
        set: (key, value, ttl, options) => (state.list.push(`set ${key}`), cache.set(key, value, ttl, options)),
        delete: (key) => (state.list.push(`delete ${key}`), cache.delete(key)),
      };
    });
  });
  afterEach(() => spy?.mockRestore());
  return state;
}
