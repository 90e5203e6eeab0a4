/**
 * The built app in this process, called the way Zapier calls it (core's createAppHandler, one event
 * per call), with one in-memory z.cache per runner: one runner = one connection (its PayPal token,
 * certificate cache and locks persist across calls, as they do in Zapier's cache).
 *
 *   appRunner(appPath?): AppRunner
 *     run(method, bundle) → the method's results    newConnection() → forgets the cache
 */
import { APP_PATH } from './lib';

type Handler = (event: unknown) => Promise<{ results: unknown }>;

export interface AppRunner {
  run<T = any>(method: string, bundle: Record<string, unknown>): Promise<T>;
  newConnection(): void;
}

export function appRunner(appPath = APP_PATH): AppRunner {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const zapier = require('zapier-platform-core') as { createAppHandler(path: string): Handler };
  const handler = zapier.createAppHandler(appPath);
  let cache: Record<string, unknown> = {};
  return {
    async run<T>(method: string, bundle: Record<string, unknown>): Promise<T> {
      const output = await handler({ command: 'execute', method, bundle, zcacheTestObj: cache });
      return output.results as T;
    },
    newConnection() {
      cache = {};
    },
  };
}
