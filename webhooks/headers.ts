/**
 * Header look-up for webhook deliveries, as they arrive either raw or through Zapier.
 *
 *   getHeader(headers, 'Stripe-Signature')  → the value or undefined
 *   detectGateway(headers)                  → 'stripe' | 'paypal' | null
 *
 * Zapier's `bundle.rawRequest.headers` renames every header except Content-Type and
 * Content-Length to `Http-` + Camel-Case (`Stripe-Signature` → `Http-Stripe-Signature`,
 * `PAYPAL-TRANSMISSION-SIG` → `Http-Paypal-Transmission-Sig`; docs/gateways.md#rest-hooks).
 * The renaming is documented but not observed on a real delivery, so both spellings are
 * accepted, in any letter case.
 */

/** Headers as Node, Zapier or a test hands them over; `string[]` covers repeated headers. */
export type HeaderMap = Readonly<Record<string, string | readonly string[] | undefined>>;

export type Gateway = 'stripe' | 'paypal';

const ZAPIER_PREFIX = 'http-';

/**
 * The value of header `name` (e.g. `Stripe-Signature`), matched case-insensitively under its
 * own name or Zapier's `Http-` form; the raw name wins when both are present. A repeated
 * header yields its first value. Empty or whitespace-only values count as absent.
 */
export function getHeader(headers: HeaderMap | null | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  let zapierSpelling: string | undefined;
  for (const [key, value] of Object.entries(headers)) {
    const lowerKey = key.toLowerCase();
    const first: unknown = Array.isArray(value) ? (value as unknown[])[0] : value;
    const text = typeof first === 'string' ? first.trim() : '';
    if (text === '') continue;
    if (lowerKey === wanted) return text;
    if (lowerKey === ZAPIER_PREFIX + wanted) zapierSpelling ??= text;
  }
  return zapierSpelling;
}

export const STRIPE_SIGNATURE_HEADER = 'Stripe-Signature';

/** The five headers PayPal signs a delivery with (docs/gateways.md#paypal-signature-verification). */
export const PAYPAL_HEADERS = {
  transmissionId: 'Paypal-Transmission-Id',
  transmissionTime: 'Paypal-Transmission-Time',
  transmissionSig: 'Paypal-Transmission-Sig',
  certUrl: 'Paypal-Cert-Url',
  authAlgo: 'Paypal-Auth-Algo',
} as const;

/**
 * Which gateway a delivery claims to come from, by its signature headers. A delivery that
 * carries both gateways' headers is ambiguous and yields null: it is no genuine delivery of
 * either, and guessing would only pick which check to fail.
 */
export function detectGateway(headers: HeaderMap | null | undefined): Gateway | null {
  const stripe = getHeader(headers, STRIPE_SIGNATURE_HEADER) !== undefined;
  const paypal =
    getHeader(headers, PAYPAL_HEADERS.transmissionId) !== undefined || getHeader(headers, PAYPAL_HEADERS.transmissionSig) !== undefined;
  if (stripe === paypal) return null;
  return stripe ? 'stripe' : 'paypal';
}
