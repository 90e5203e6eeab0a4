/** Shared by the sandbox tests: a started sandbox with authenticated fetch helpers for both gateways. */
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/server';

export interface Client {
  sandbox: Sandbox;
  stripe(
    path: string,
    init?: { method?: string; form?: string | Record<string, string | string[]>; headers?: Record<string, string> },
  ): Promise<Response>;
  paypalToken(): Promise<string>;
  paypal(path: string, init?: { method?: string; json?: unknown; headers?: Record<string, string>; token?: string }): Promise<Response>;
  admin(path: string, body?: unknown, method?: string): Promise<Response>;
}

const form = (pairs: Record<string, string | string[]>): string => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(pairs)) for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
  return params.toString();
};

export async function startClient(options: SandboxOptions = {}): Promise<Client> {
  const sandbox = await startSandbox(options);
  const { credentials } = sandbox;
  let cachedToken: string | undefined;
  const client: Client = {
    sandbox,
    stripe: (path, init = {}) =>
      fetch(`${sandbox.stripeBase}${path}`, {
        method: init.method ?? (init.form !== undefined ? 'POST' : 'GET'),
        headers: {
          authorization: `Bearer ${credentials.stripeSecretKey}`,
          ...(init.form !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
          ...init.headers,
        },
        body: init.form === undefined ? undefined : typeof init.form === 'string' ? init.form : form(init.form),
      }),
    paypalToken: async () => {
      const response = await fetch(`${sandbox.paypalBase}/v1/oauth2/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${credentials.paypalClientId}:${credentials.paypalClientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
      });
      return ((await response.json()) as { access_token: string }).access_token;
    },
    paypal: async (path, init = {}) => {
      const token = init.token ?? (cachedToken ??= await client.paypalToken());
      return fetch(`${sandbox.paypalBase}${path}`, {
        method: init.method ?? (init.json !== undefined ? 'POST' : 'GET'),
        headers: {
          authorization: `Bearer ${token}`,
          ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
          ...init.headers,
        },
        body: init.json === undefined ? undefined : JSON.stringify(init.json),
      });
    },
    admin: (path, body, method = 'POST') =>
      fetch(`${sandbox.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
  };
  const reset = sandbox.reset;
  sandbox.reset = () => {
    cachedToken = undefined;
    reset();
  };
  return client;
}
