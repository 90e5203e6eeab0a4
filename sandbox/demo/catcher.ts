/**
 * A stand-in for Zapier's hook URL (`https://hooks.zapier.com/hooks/standard/…`): an HTTP server on loopback that
 * records every delivery byte for byte and answers 200, so the demo and the tests can hand each one to the
 * hook's perform the way Zapier would.
 *
 *   startCatcher({ host? }): Promise<Catcher>
 *   catcher.hookUrl(zapId)     a per-Zap target URL (Zapier gives every Zap its own)
 *   catcher.deliveries         every delivery so far, oldest first
 *   catcher.take(path?)        removes and returns the deliveries (to one hook URL's path)
 *   catcher.close()
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CaughtDelivery {
  method: string;
  /** Path without the query string, e.g. `/hooks/standard/demo-zap/`. */
  path: string;
  /** The raw query string without `?` (Zapier's `rawRequest.querystring`). */
  querystring: string;
  /** Header names exactly as the sender wrote them (Node's `rawHeaders`), in order. */
  rawHeaders: Array<[string, string]>;
  /** The body exactly as received: what the sender signed. */
  body: string;
}

export interface Catcher {
  url: string;
  hookUrl(zapId: string): string;
  readonly deliveries: readonly CaughtDelivery[];
  take(path?: string): CaughtDelivery[];
  close(): Promise<void>;
}

export async function startCatcher(options: { host?: string } = {}): Promise<Catcher> {
  let deliveries: CaughtDelivery[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const [path = '/', querystring = ''] = (req.url ?? '/').split(/\?(.*)/s);
      const rawHeaders: Array<[string, string]> = [];
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) rawHeaders.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
      deliveries.push({ method: req.method ?? 'POST', path, querystring, rawHeaders, body: Buffer.concat(chunks).toString('utf8') });
      // What hooks.zapier.com answers to a catch hook.
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success' }));
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    url,
    hookUrl: (zapId) => `${url}/hooks/standard/${encodeURIComponent(zapId)}/`,
    get deliveries() {
      return deliveries;
    },
    take(path) {
      const taken = deliveries.filter((d) => path === undefined || d.path === path);
      deliveries = deliveries.filter((d) => !taken.includes(d));
      return taken;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
