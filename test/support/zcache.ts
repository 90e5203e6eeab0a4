/**
 * A `z.cache` that behaves like Zapier's: values expire after `ttl` seconds, `nx` sets only when
 * the key is free, and `scope: ['auth']` keeps one connection's keys apart from another's.
 * createAppTester's own mock ignores all three (docs/gateways.md#testing-with-createapptester), which would hide token
 * expiry and lock bugs. jest.config.js maps core's `tools/create-cache` module to this one.
 */
import { createHash } from 'node:crypto';

interface Entry {
  value: string;
  expiresAt: number | null;
}

const store = new Map<string, Entry>();
let offsetMs = 0;
/** Calls made, per method: on Zapier each one is a round trip. */
const calls = { get: 0, set: 0, delete: 0 };
const now = () => Date.now() + offsetMs;

const scopedKey = (input: unknown, key: string, scope: string[] | null): string => {
  if (!scope || scope.length === 0) return `global:${key}`;
  const bundle = (input as { bundle?: { authData?: unknown; meta?: { zap?: { user?: { id?: unknown } } } } }).bundle ?? {};
  const parts = scope.map((s) =>
    s === 'auth' ? JSON.stringify(bundle.authData ?? {}) : JSON.stringify(bundle.meta?.zap?.user?.id ?? null),
  );
  return `${createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 16)}:${key}`;
};

function validate(key: unknown, ttl: unknown, scope: unknown, nx: unknown): void {
  if (typeof key !== 'string') throw new TypeError('key must be a string');
  if (ttl != null && !Number.isInteger(ttl)) throw new TypeError('ttl must be an integer');
  if (scope != null && (!Array.isArray(scope) || !scope.every((v) => v === 'user' || v === 'auth'))) {
    throw new TypeError('scope must be an array of strings with values "user" or "auth"');
  }
  if (nx != null && typeof nx !== 'boolean') throw new TypeError('nx must be a boolean');
}

function createCache(input: unknown) {
  return {
    get: async (key: string, scope: string[] | null = null) => {
      calls.get += 1;
      validate(key, null, scope, null);
      const k = scopedKey(input, key, scope);
      const entry = store.get(k);
      if (!entry) return null;
      if (entry.expiresAt !== null && entry.expiresAt <= now()) {
        store.delete(k);
        return null;
      }
      return JSON.parse(entry.value);
    },
    set: async (key: string, value: unknown, ttl: number | null = null, scope: string[] | null = null, nx: boolean | null = null) => {
      calls.set += 1;
      validate(key, ttl, scope, nx);
      const k = scopedKey(input, key, scope);
      const existing = store.get(k);
      const live = existing && (existing.expiresAt === null || existing.expiresAt > now());
      if (nx && live) return false;
      store.set(k, { value: JSON.stringify(value), expiresAt: ttl == null ? null : now() + ttl * 1000 });
      return true;
    },
    delete: async (key: string, scope: string[] | null = null) => {
      calls.delete += 1;
      validate(key, null, scope, null);
      return store.delete(scopedKey(input, key, scope));
    },
  };
}

function resetCalls(): void {
  calls.get = calls.set = calls.delete = 0;
}

export = Object.assign(createCache, {
  /** Empties the cache (the setup file does it before each test). */
  clear(): void {
    store.clear();
    offsetMs = 0;
    resetCalls();
  },
  /** The calls made since the last clear() or resetCalls(), per method. */
  callCounts(): { get: number; set: number; delete: number } {
    return { ...calls };
  },
  resetCalls,
  /** Moves the cache's clock forward, to expire entries without waiting. */
  advanceSeconds(seconds: number): void {
    offsetMs += seconds * 1000;
  },
  size(): number {
    return store.size;
  },
});
