/**
 * The built app in this process, called the way Zapier calls it (core's createAppHandler, one event
 * per call), with one in-memory z.cache per runner: one runner = one connection (its PayPal token,
 * certificate cache and locks persist across calls, as they do in Zapier's cache).
 *
 *   appRunner(appPath?, rpc?): AppRunner
 *     run(method, bundle) → the method's results    newConnection() → forgets the cache
 *
 * Core's in-memory z.cache ignores `ttl` and `nx`; pass `rpc` (zapier-rpc.ts: `{ rpc_base, token }`, and set
 * LOGGING_ENDPOINT to its logging_endpoint) when concurrent calls must see real locks. newConnection() then
 * does nothing: the connection's cache is the RPC stand-in's.
 */
import { APP_PATH } from './lib';

type Handler = (event: unknown) => Promise<{ results: unknown }>;

export interface AppRunner {
  run<T = unknown>(method: string, bundle: Record<string, unknown>): Promise<T>;
  newConnection(): void;
}

export function appRunner(appPath = APP_PATH, rpc?: { rpc_base: string; token: string }): AppRunner {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const zapier = require('zapier-platform-core') as { createAppHandler(path: string): Handler };
  const handler = zapier.createAppHandler(appPath);
  let cache: Record<string, unknown> = {};
  return {
    async run<T>(method: string, bundle: Record<string, unknown>): Promise<T> {
      const connection = rpc ? { rpc_base: rpc.rpc_base, token: rpc.token } : { zcacheTestObj: cache };
      const output = await handler({ command: 'execute', method, bundle, ...connection });
      return output.results as T;
    },
    newConnection() {
      cache = {};
    },
  };
}
