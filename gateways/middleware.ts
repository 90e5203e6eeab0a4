/**
 * HTTP middleware. `beforeRequest` adds Stripe's credentials and pinned API version to every request
 * bound for the Stripe base URL. PayPal's bearer token is set by the PayPal client, which mints and
 * caches it (minting needs `z.request` and `z.cache`, which middleware does not get).
 *
 * Gateway answers are mapped to Zapier errors in one place, `errors.ts`, by the gateway transport
 * (`http.ts`): it sees which call failed and why, which middleware cannot.
 */
import type { BeforeRequestMiddleware } from 'zapier-platform-core';
import { authDataOf, stripeBaseUrl } from './config';
import { STRIPE_API_VERSION } from './stripe';

const addStripeCredentials: BeforeRequestMiddleware = (request, _z, bundle) => {
  const key = authDataOf(bundle).stripe_secret_key?.trim();
  const base = stripeBaseUrl();
  if (key && (request.url === base || request.url.startsWith(`${base}/`))) {
    request.headers = { ...request.headers, Authorization: `Bearer ${key}`, 'Stripe-Version': STRIPE_API_VERSION };
  }
  return request;
};

export const befores = [addStripeCredentials];
export const afters = [];
