/**
 * Zapier's operation `lock` as zapier-platform-schema's LockObjectSchema describes it — which createAppTester
 * and core's createAppHandler both ignore, so tests and the load run put it back here:
 *
 * - the key is rendered from the bundle (`{{bundle.inputData.order}}`; a missing value renders empty);
 * - the scope is always 'app', plus each of 'user', 'auth', 'account' named: runs share a lock when their
 *   rendered key and the identities their scope names are equal ('auth': the connection's auth data);
 * - runs sharing a lock run one at a time, first come first served; a run holds it until it ends or until
 *   `timeout` seconds have passed, whichever comes first (then the next one starts beside it).
 *
 * Plain TypeScript, no jest: reliability/tracking-load.ts uses it too.
 *
 *   const locks = zapierLocks();
 *   await locks.run(operation.lock, bundle, () => perform(bundle))
 *   locks.renderKey(lock, bundle)   the lock's identity, for tests of the rendering itself
 */
import { createHash } from 'node:crypto';

export interface LockDefinition {
  key: string;
  scope?: ReadonlyArray<'user' | 'auth' | 'account'>;
  timeout?: number;
}

interface LockBundle {
  inputData?: object;
  authData?: object;
  meta?: { zap?: { user?: { id?: unknown; account_id?: unknown } } };
}

/** When the definition sets no timeout, Zapier uses "the default set by the app"; the schema's maximum here. */
const DEFAULT_TIMEOUT_SECONDS = 180;

function pathIn(bundle: LockBundle, path: string): unknown {
  let value: unknown = { bundle };
  for (const part of path.split('.')) value = value == null ? undefined : (value as Record<string, unknown>)[part];
  return value;
}

/** `{{bundle.inputData.order}}` → the value in the bundle, as text. */
function renderLockKey(template: string, bundle: LockBundle): string {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, path: string) => {
    const value = pathIn(bundle, path);
    if (value == null) return '';
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
}

function scopeIdentity(scope: LockDefinition['scope'], bundle: LockBundle): string {
  const parts = ['app', ...(scope ?? [])].map((s) => {
    if (s === 'auth') return `auth=${JSON.stringify(bundle.authData ?? {})}`;
    if (s === 'user') return `user=${JSON.stringify(bundle.meta?.zap?.user?.id ?? null)}`;
    if (s === 'account') return `account=${JSON.stringify(bundle.meta?.zap?.user?.account_id ?? null)}`;
    return s;
  });
  return createHash('sha256').update(parts.sort().join('|')).digest('hex').slice(0, 16);
}

export interface ZapierLocks {
  /** Runs `work` under the lock (no lock: at once). */
  run<T>(lock: LockDefinition | undefined, bundle: LockBundle, work: () => Promise<T>): Promise<T>;
  renderKey(lock: LockDefinition, bundle: LockBundle): string;
  /** Runs that waited for a lock so far. */
  readonly waited: number;
}

export function zapierLocks(): ZapierLocks {
  /** Lock identity → the promise the next run waits for. */
  const tails = new Map<string, Promise<void>>();
  let waited = 0;
  const renderKey = (lock: LockDefinition, bundle: LockBundle) => `${scopeIdentity(lock.scope, bundle)}:${renderLockKey(lock.key, bundle)}`;
  return {
    renderKey,
    get waited() {
      return waited;
    },
    async run(lock, bundle, work) {
      if (!lock) return work();
      const id = renderKey(lock, bundle);
      const before = tails.get(id);
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const tail = (before ?? Promise.resolve()).then(() => released);
      tails.set(id, tail);
      if (before) {
        waited += 1;
        await before;
      }
      const timer = setTimeout(release, (lock.timeout ?? DEFAULT_TIMEOUT_SECONDS) * 1000);
      try {
        return await work();
      } finally {
        clearTimeout(timer);
        release();
        if (tails.get(id) === tail) tails.delete(id);
      }
    },
  };
}
