/**
 * A stand-in for Zapier's RPC endpoint, z.cache methods only, so that several fresh processes (cold
 * Lambdas) share one connection's cache as they do on Zapier. Honours `ttl` and `nx`, unlike core's
 * in-memory test mock. Core calls it when an event carries `rpc_base` and `token`
 * (create-rpc-client.js: POST {id, method, params} → {id, result}). With a token, core also streams its
 * logs to LOGGING_ENDPOINT: any other path here swallows them.
 *
 *   startZapierRpc(): Promise<ZapierRpc>   { rpc_base, token, logging_endpoint, calls, advanceSeconds, close }
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ZapierRpc {
  /** Put both on the event: `{ rpc_base, token }`. */
  rpc_base: string;
  token: string;
  /** Set as LOGGING_ENDPOINT in the app's process. */
  logging_endpoint: string;
  /** RPC method → calls. */
  calls: Record<string, number>;
  /**
   * Moves the cache's clock on, as if the next run came that much later: the sandbox, reset before each
   * bench run, shows the same order in the same state every time, which no real order does.
   */
  advanceSeconds(seconds: number): void;
  close(): Promise<void>;
}

const RPC_PATH = '/platform/rpc/cli';

export async function startZapierRpc(): Promise<ZapierRpc> {
  const entries = new Map<string, { value: string; expiresAt: number }>();
  const calls: Record<string, number> = {};
  let offsetMs = 0;
  const now = () => Date.now() + offsetMs;
  const live = (key: string) => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) entries.delete(key);
    return entries.get(key);
  };
  const answer = (method: string, params: unknown[]): unknown => {
    // One connection here, so the scope only has to keep differently scoped keys apart.
    const [key, second, ttl, scope, nx] = params as [string, unknown, number | null, string[] | null, boolean | null];
    switch (method) {
      case 'zcache_get': {
        return live(`${JSON.stringify(second ?? null)}:${key}`)?.value ?? null;
      }
      case 'zcache_set': {
        const scoped = `${JSON.stringify(scope ?? null)}:${key}`;
        if (nx && live(scoped)) return false;
        entries.set(scoped, { value: String(second), expiresAt: ttl ? now() + ttl * 1000 : Number.POSITIVE_INFINITY });
        return true;
      }
      case 'zcache_delete': {
        return entries.delete(`${JSON.stringify(second ?? null)}:${key}`);
      }
      default:
        throw new Error(`this RPC stand-in only serves z.cache, not ${method}`);
    }
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (!req.url?.startsWith(RPC_PATH)) {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        return;
      }
      const { id, method, params } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        id: string;
        method: string;
        params: unknown[];
      };
      calls[method] = (calls[method] ?? 0) + 1;
      let body: object;
      try {
        body = { id, result: answer(method, params) };
      } catch (error) {
        body = { id, error: (error as Error).message };
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    rpc_base: `http://127.0.0.1:${port}${RPC_PATH}`,
    logging_endpoint: `http://127.0.0.1:${port}/input`,
    token: 'bench-rpc-token',
    calls,
    advanceSeconds: (seconds) => {
      offsetMs += seconds * 1000;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
