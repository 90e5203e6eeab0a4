/**
 * The integration suite's harness: the app (through test/support/tester.ts's runApp, i.e. Zapier's
 * createAppTester) against the sandbox started in-process. The gateways read STRIPE_API_BASE and
 * PAYPAL_API_BASE per call (gateways/config.ts), so setting them once the sandbox has its port is enough.
 *
 *   useSandbox({ resetBeforeEach = true }): a live handle filled in beforeAll (sandbox, authData per gateway,
 *                 admin calls, state), reset to the seed before each test unless told not to, closed and the
 *                 environment restored after the file
 *   operation(kind, key): an operation of the app by its permanent key (docs/fields.md), as Zapier finds it
 *   startRecordingProxy(target): a pass-through HTTP proxy that records each request's method, path and headers
 *                 and passes a dropped upstream connection on as a dropped connection
 */
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import { App } from '../support/tester';

export const operation = (kind: 'triggers' | 'creates' | 'searches', key: string): any => (App as any)[kind]?.[key]?.operation;

export interface SandboxHandle {
  sandbox: Sandbox;
  /** Both gateways; `stripe` / `paypal`: one gateway only. */
  authData: { both: Record<string, string>; stripe: Record<string, string>; paypal: Record<string, string> };
  admin(path: string, body?: unknown): Promise<any>;
  state(): Promise<any>;
}

export function useSandbox(options: { resetBeforeEach?: boolean } = {}): SandboxHandle {
  const saved = { STRIPE_API_BASE: process.env.STRIPE_API_BASE, PAYPAL_API_BASE: process.env.PAYPAL_API_BASE };
  const handle = {} as SandboxHandle;
  beforeAll(async () => {
    const sandbox = await startSandbox({ port: 0 });
    Object.assign(process.env, sandbox.env);
    const { credentials: c } = sandbox;
    const stripe = { stripe_secret_key: c.stripeSecretKey };
    const paypal = { paypal_client_id: c.paypalClientId, paypal_client_secret: c.paypalClientSecret, paypal_environment: 'sandbox' };
    Object.assign(handle, {
      sandbox,
      authData: { both: { ...stripe, ...paypal }, stripe, paypal },
      admin: async (path: string, body?: unknown) => {
        const response = await fetch(`${sandbox.url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body ?? {}),
        });
        const json = await response.json();
        if (!response.ok) throw new Error(`sandbox admin ${path}: HTTP ${response.status} ${JSON.stringify(json)}`);
        return json;
      },
      state: async () => (await fetch(`${sandbox.url}/_sandbox/state`)).json(),
    });
  });
  if (options.resetBeforeEach ?? true) beforeEach(() => handle.sandbox.reset());
  afterAll(async () => {
    await handle.sandbox?.close();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
  return handle;
}

interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface RecordingProxy {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Forwards everything to `target` (an origin, e.g. the sandbox URL) and records what the app sent. */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const requests: RecordedRequest[] = [];
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: { ...req.headers } });
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    // The sandbox's `drop` fault closes the socket without an answer: do the same to the app.
    forward.on('error', () => req.socket.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
