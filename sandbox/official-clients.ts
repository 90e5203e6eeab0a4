/**
 * Pointing the official clients at the sandbox, or at any base URL the app honours (STRIPE_API_BASE,
 * PAYPAL_API_BASE). docs/sandbox.md shows this code; test/sandbox/official-clients.test.ts runs it.
 *
 *   stripeClientOptions(base?): the `stripe` constructor's `{ host, port, protocol }` for a base URL ({} = api.stripe.com)
 *   paypalSdkAdapter(base): an axios adapter for @paypal/paypal-server-sdk's `unstable_httpClientOptions`
 */

export function stripeClientOptions(base?: string): { host?: string; port?: number; protocol?: 'http' | 'https' } {
  if (!base) return {};
  const url = new URL(base);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: Number(url.port) || (protocol === 'http' ? 80 : 443), protocol };
}

/** The parts of an axios request config the PayPal SDK's HTTP client fills in (@apimatic/axios-client-adapter). */
interface SdkRequest {
  url?: string;
  method?: string;
  headers?: Record<string, unknown> & { toJSON?: () => Record<string, unknown> };
  data?: unknown;
  auth?: { username: string; password: string };
  timeout?: number;
}

/**
 * The PayPal SDK has no base-URL option: it always calls api-m(.sandbox).paypal.com. This adapter (axios's
 * `adapter` option, which `unstable_httpClientOptions` passes to the SDK's axios instance) sends each request
 * to `base` + the same path and query instead, with the same method, headers and body.
 */
export function paypalSdkAdapter(base: string) {
  return async (config: SdkRequest) => {
    const target = new URL(config.url ?? '/');
    const headers = new Headers();
    for (const [name, value] of Object.entries(config.headers?.toJSON?.() ?? config.headers ?? {}))
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') headers.set(name, String(value));
    if (config.auth)
      headers.set('authorization', `Basic ${Buffer.from(`${config.auth.username}:${config.auth.password}`).toString('base64')}`);
    const response = await fetch(`${base.replace(/\/+$/, '')}${target.pathname}${target.search}`, {
      method: (config.method ?? 'get').toUpperCase(),
      headers,
      body: typeof config.data === 'string' ? config.data : undefined,
      signal: config.timeout ? AbortSignal.timeout(config.timeout) : undefined,
    });
    return {
      data: await response.text(),
      status: response.status,
      statusText: response.statusText,
      headers: Object.fromEntries(response.headers),
      config,
      request: {},
    };
  };
}
