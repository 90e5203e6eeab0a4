/**
 * Stripe webhook verification with the `stripe` package's own verifier.
 *
 *   verifyStripeDelivery({ rawBody, headers, secret, toleranceSeconds?, now? })
 *     → { ok: true, event: Stripe.Event } | { ok: false, reason: { code, message } }
 *
 * `rawBody` must be the body exactly as received (Zapier: `bundle.rawRequest.content`); the
 * signature covers `${t}.${rawBody}` (docs/gateways.md#stripe-signature-verification), so parsed-and-reserialised JSON
 * never verifies. `secret` is the endpoint's `whsec_…` kept in the subscribe data.
 *
 * The SDK is loaded on the first call that checks a signature, never on import: measured on
 * Node 22.23 here, that first call costs 92–141 ms (the cold `require('stripe')`), later calls
 * ~0.2 ms, while importing webhooks/ without it costs 10–17 ms. `require('stripe')` returns the
 * constructor, whose static `webhooks` verifies without a client or an API key (stripe@23.1.0).
 */
import type Stripe from 'stripe';
import type { HeaderMap } from './headers';
import { getHeader, STRIPE_SIGNATURE_HEADER } from './headers';
import { reject, type Verification } from './result';

type StripeRejectionCode = 'missing_header' | 'missing_secret' | 'bad_signature' | 'stale_timestamp' | 'malformed_body';

export type StripeVerification = Verification<Stripe.Event, StripeRejectionCode>;

export interface StripeDelivery {
  rawBody: string;
  headers: HeaderMap | null | undefined;
  secret: string;
  /** Maximum age of the signature, in seconds (Stripe's default 300). Must be positive. */
  toleranceSeconds?: number;
  /** The time to judge staleness against; defaults to the clock. */
  now?: Date;
}

const STRIPE_DEFAULT_TOLERANCE_SECONDS = 300;

// The SDK's message for a valid signature that is too old (stripe@23.1.0 cjs/Webhooks.js);
// the 301 s test pins it, so an SDK upgrade that rewords it fails loudly, not silently.
const SDK_STALE_MESSAGE = 'Timestamp outside the tolerance zone';

type StripeModule = typeof import('stripe');
let stripeModule: StripeModule | undefined;
function loadStripe(): StripeModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberate lazy load
  stripeModule ??= require('stripe') as StripeModule;
  return stripeModule;
}

export function verifyStripeDelivery(delivery: StripeDelivery): StripeVerification {
  const tolerance = delivery.toleranceSeconds ?? STRIPE_DEFAULT_TOLERANCE_SECONDS;
  // Stripe reads 0 as "never stale"; that switch is not offered here.
  if (!(tolerance > 0)) throw new RangeError('toleranceSeconds must be a positive number of seconds');

  const header = getHeader(delivery.headers, STRIPE_SIGNATURE_HEADER);
  if (header === undefined) {
    return reject('missing_header', 'The delivery has no Stripe-Signature header, so it cannot be from Stripe.');
  }
  if (!delivery.secret || delivery.secret.trim() === '') {
    return reject('missing_secret', 'No Stripe webhook signing secret is stored for this subscription; turn the Zap off and on again.');
  }
  if (!delivery.rawBody) {
    return reject('malformed_body', 'The Stripe delivery has an empty body.');
  }

  const nowMs = (delivery.now ?? new Date()).getTime();
  const stripe = loadStripe();
  let event: unknown;
  try {
    event = stripe.webhooks.constructEvent(delivery.rawBody, header, delivery.secret, tolerance, undefined, nowMs);
  } catch (error) {
    if (error instanceof stripe.errors.StripeSignatureVerificationError) {
      if (error.message === SDK_STALE_MESSAGE) {
        const age = signedAgeSeconds(header, nowMs);
        return reject(
          'stale_timestamp',
          `The Stripe signature is ${age === undefined ? 'too old' : `${age} s old`}; at most ${tolerance} s is accepted.`,
        );
      }
      return reject('bad_signature', 'The Stripe signature does not match the body and this subscription’s signing secret.');
    }
    // The signature matched (the SDK parses only after verifying), so the body itself is at fault.
    return reject('malformed_body', 'The Stripe delivery is signed but its body is not a Stripe event.');
  }
  if (!isStripeEvent(event)) {
    return reject('malformed_body', 'The Stripe delivery is signed but its body is not a Stripe event.');
  }
  return { ok: true, event };
}

/** Age of the header's `t=` timestamp, for the log line only (the SDK already judged it). */
function signedAgeSeconds(header: string, nowMs: number): number | undefined {
  const match = /(?:^|,)\s*t=(\d+)/.exec(header);
  return match?.[1] === undefined ? undefined : Math.floor(nowMs / 1000) - Number(match[1]);
}

function isStripeEvent(value: unknown): value is Stripe.Event {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { object?: unknown; id?: unknown; type?: unknown };
  return candidate.object === 'event' && typeof candidate.id === 'string' && typeof candidate.type === 'string';
}
