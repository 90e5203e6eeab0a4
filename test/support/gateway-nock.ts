/**
 * nock scopes for the gateways that record every request the app sends, so the setup file can check
 * each one against the official OpenAPI specs (sandbox/conformance.ts) after every test.
 * Use these instead of bare `nock(host)` for gateway hosts.
 */
import nock from 'nock';
import { checkRequest } from '../../sandbox/conformance';
import { PAYPAL_LIVE_API, PAYPAL_SANDBOX_API, PAYPAL_TOKEN_RESPONSE, STRIPE_API } from './fixtures';

export interface CapturedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const captured: CapturedRequest[] = [];

function recording(scope: nock.Scope, base: string): nock.Scope {
  scope.on('request', (req: { method: string; path: string; headers: Record<string, string> }, _interceptor: unknown, body: string) => {
    captured.push({ method: req.method, url: base + req.path, headers: req.headers, body: body ?? '' });
  });
  return scope;
}

export const stripeApi = (options?: nock.Options) => recording(nock(STRIPE_API, options), STRIPE_API);
export const paypalApi = (environment: 'sandbox' | 'live' = 'sandbox', options?: nock.Options) => {
  const base = environment === 'sandbox' ? PAYPAL_SANDBOX_API : PAYPAL_LIVE_API;
  return recording(nock(base, options), base);
};

/** A PayPal token endpoint that mints one token (or `times` tokens). */
export const paypalToken = (environment: 'sandbox' | 'live' = 'sandbox', times = 1) =>
  paypalApi(environment).post('/v1/oauth2/token', 'grant_type=client_credentials').times(times).reply(200, PAYPAL_TOKEN_RESPONSE);

/** Requests captured since the last `takeCapturedRequests()`, decoded for assertions. */
export function takeCapturedRequests(): CapturedRequest[] {
  return captured.splice(0, captured.length);
}

/** Problems with the requests captured so far, against the gateways' specs (empty when all conform). */
export function nonConformingRequests(): string[] {
  return captured.flatMap((request) => {
    const contentType = String(request.headers['content-type'] ?? '');
    const result = checkRequest({
      method: request.method,
      path: request.url,
      headers: request.headers,
      body: request.body || undefined,
      contentType,
    });
    return result.ok ? [] : [`${request.method} ${request.url}: ${result.errors.join('; ')}`];
  });
}

/** Form body of a captured Stripe request as a flat key → value map. */
export function formOf(request: CapturedRequest): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(request.body));
}
