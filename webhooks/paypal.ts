/**
 * PayPal webhook verification, offline (the way PayPal's docs prefer: no API call per
 * delivery, only a certificate download that the caller caches).
 *
 *   verifyPayPalDelivery({ rawBody, headers, webhookId, fetchCertificate, trustedCertOrigin?, now? })
 *     → Promise<{ ok: true, event: PayPalWebhookEvent } | { ok: false, reason: { code, message } }>
 *   isAllowedCertUrl(url, trustedCertOrigin?) → boolean
 *   certificateCacheKey(url)                  → short stable key for z.cache
 *
 * PayPal signs `${transmissionId}|${transmissionTime}|${webhookId}|${crc32(rawBody)}` with
 * SHA256withRSA; the certificate comes from the `Paypal-Cert-Url` header
 * (docs/gateways.md#paypal-signature-verification). Because that URL is chosen by whoever sends
 * the request, it is the trust anchor and is checked before anything is fetched: `https:`, default
 * port, no userinfo, host `paypal.com` or a subdomain of it (docs/architecture.md#webhook-delivery).
 * `fetchCertificate` is handed the normalised URL that
 * passed the check and must fetch it with TLS verification on (z.request does).
 *
 * `trustedCertOrigin` is the one exception: the caller passes the local sandbox's origin only
 * while `PAYPAL_API_BASE` overrides the API base. Production never passes it, and nothing a
 * merchant sets on a connection (e.g. `paypal_environment`) may lead to it being passed.
 *
 * The certificate's chain is not checked against a CA and its subject is not checked: PayPal
 * documents neither, and the HTTPS download from a PayPal host is what vouches for it. The
 * certificate must parse as X.509, carry an RSA key and be valid at `now`.
 */
import { createHash, verify as verifySignature, X509Certificate } from 'node:crypto';
import { crc32 } from './crc32';
import type { HeaderMap } from './headers';
import { getHeader, PAYPAL_HEADERS } from './headers';
import { reject, type Verification } from './result';

/** A webhook event notification: `components.schemas.event` of specs/paypal/notifications_webhooks_v1.json. */
export interface PayPalWebhookEvent {
  id: string;
  event_type: string;
  create_time?: string;
  resource_type?: string;
  event_version?: string;
  resource_version?: string;
  summary?: string;
  resource?: Record<string, unknown>;
  links?: Array<{ href: string; rel: string; method?: string }>;
}

type PayPalRejectionCode =
  | 'missing_header'
  | 'missing_webhook_id'
  | 'unsupported_algorithm'
  | 'malformed_header'
  | 'stale_timestamp'
  | 'untrusted_cert_url'
  | 'certificate_unavailable'
  | 'bad_certificate'
  | 'expired_certificate'
  | 'bad_signature'
  | 'malformed_body';

export type PayPalVerification = Verification<PayPalWebhookEvent, PayPalRejectionCode>;

export interface PayPalDelivery {
  rawBody: string;
  headers: HeaderMap | null | undefined;
  /** The id PayPal returned when this subscription's webhook was created. */
  webhookId: string;
  /** Downloads a PEM certificate (and caches it; see certificateCacheKey). */
  fetchCertificate: (url: string) => Promise<string>;
  /** Local sandbox origin, passed only while PAYPAL_API_BASE is overridden. Never in production. */
  trustedCertOrigin?: string;
  /** The time to judge the transmission time and the certificate against; defaults to the clock. */
  now?: Date;
}

/**
 * How old a transmission may be. PayPal retries an unacknowledged delivery 25 times over
 * 3 days (docs/gateways.md#paypal-webhooks), and whether a retry is re-signed with a fresh transmission
 * time is not documented; so a genuine retry may be up to 3 days old. One extra hour covers
 * the last retry's own lateness and clock skew. Older than that can only be a replay.
 */
export const PAYPAL_MAX_AGE_SECONDS = 3 * 24 * 60 * 60 + 60 * 60;
/** How far in the future a transmission time may be (clock skew between PayPal and us). */
export const PAYPAL_MAX_CLOCK_SKEW_SECONDS = 5 * 60;

const SUPPORTED_AUTH_ALGO = 'SHA256withRSA';
const PAYPAL_DOMAIN = 'paypal.com';

export async function verifyPayPalDelivery(delivery: PayPalDelivery): Promise<PayPalVerification> {
  const h = readPayPalHeaders(delivery.headers);
  if ('missing' in h) {
    return reject('missing_header', `The delivery has no ${h.missing} header, so it cannot be verified as PayPal's.`);
  }
  if (!delivery.webhookId || delivery.webhookId.trim() === '') {
    return reject('missing_webhook_id', 'No PayPal webhook id is stored for this subscription; turn the Zap off and on again.');
  }
  if (h.authAlgo.toLowerCase() !== SUPPORTED_AUTH_ALGO.toLowerCase()) {
    return reject('unsupported_algorithm', `PayPal signed with an algorithm other than ${SUPPORTED_AUTH_ALGO}, the only one accepted.`);
  }

  const now = delivery.now ?? new Date();
  const sentAt = Date.parse(h.transmissionTime);
  if (Number.isNaN(sentAt)) {
    return reject('malformed_header', 'The Paypal-Transmission-Time header is not a date.');
  }
  const ageSeconds = Math.round((now.getTime() - sentAt) / 1000);
  if (ageSeconds > PAYPAL_MAX_AGE_SECONDS || ageSeconds < -PAYPAL_MAX_CLOCK_SKEW_SECONDS) {
    return reject(
      'stale_timestamp',
      `The PayPal transmission time is ${ageSeconds} s from now; accepted is up to ${PAYPAL_MAX_AGE_SECONDS} s old and ${PAYPAL_MAX_CLOCK_SKEW_SECONDS} s ahead.`,
    );
  }

  const certUrl = allowedCertUrl(h.certUrl, delivery.trustedCertOrigin);
  if (certUrl === undefined) {
    return reject('untrusted_cert_url', `The signing certificate is not served over https from ${PAYPAL_DOMAIN} or a subdomain of it.`);
  }

  let pem: string;
  try {
    pem = await delivery.fetchCertificate(certUrl);
  } catch {
    return reject('certificate_unavailable', 'PayPal’s signing certificate could not be downloaded; the delivery may be retried.');
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch {
    return reject('bad_certificate', 'The signing certificate is not a valid X.509 PEM certificate.');
  }
  if (certificate.publicKey.asymmetricKeyType !== 'rsa') {
    return reject('bad_certificate', 'The signing certificate does not carry an RSA key.');
  }
  // From the text fields (every Node): validFromDate/validToDate exist only from Node 22.10, and comparing
  // with a missing one let every date pass. Written so that a date that does not parse (NaN) also refuses.
  const validFrom = new Date(certificate.validFrom);
  const validTo = new Date(certificate.validTo);
  if (!(now >= validFrom && now <= validTo)) {
    return reject('expired_certificate', 'The signing certificate is expired or not yet valid.');
  }

  const message = `${h.transmissionId}|${h.transmissionTime}|${delivery.webhookId}|${crc32(delivery.rawBody)}`;
  let signatureMatches = false;
  try {
    signatureMatches = verifySignature(
      'sha256',
      Buffer.from(message, 'utf8'),
      certificate.publicKey,
      Buffer.from(h.transmissionSig, 'base64'),
    );
  } catch {
    signatureMatches = false;
  }
  if (!signatureMatches) {
    return reject(
      'bad_signature',
      'The PayPal signature does not match the body, the transmission headers and this subscription’s webhook id.',
    );
  }

  const event = parseEvent(delivery.rawBody);
  if (event === undefined) {
    return reject('malformed_body', 'The PayPal delivery is signed but its body is not a PayPal webhook event.');
  }
  return { ok: true, event };
}

/**
 * Whether PayPal's certificate may be fetched from `url`: https on the default port, no
 * userinfo, host `paypal.com` or `*.paypal.com`; or exactly `trustedCertOrigin` (sandbox only).
 */
export function isAllowedCertUrl(url: string, trustedCertOrigin?: string): boolean {
  return allowedCertUrl(url, trustedCertOrigin) !== undefined;
}

/** A short, stable z.cache key for the PEM downloaded from `url`. */
export function certificateCacheKey(url: string): string {
  return `paypal-cert:${createHash('sha256').update(url).digest('hex').slice(0, 16)}`;
}

/** The normalised URL to fetch when allowed, so the fetcher gets exactly what was checked. */
function allowedCertUrl(url: string, trustedCertOrigin: string | undefined): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.username !== '' || parsed.password !== '') return undefined;
  if (trustedCertOrigin !== undefined && parsed.origin === new URL(trustedCertOrigin).origin) return parsed.href;
  if (parsed.protocol !== 'https:' || parsed.port !== '') return undefined;
  const host = parsed.hostname;
  return host === PAYPAL_DOMAIN || host.endsWith(`.${PAYPAL_DOMAIN}`) ? parsed.href : undefined;
}

type PayPalHeaders = { -readonly [K in keyof typeof PAYPAL_HEADERS]: string };

function readPayPalHeaders(headers: HeaderMap | null | undefined): PayPalHeaders | { missing: string } {
  const found: Partial<PayPalHeaders> = {};
  for (const key of Object.keys(PAYPAL_HEADERS) as Array<keyof typeof PAYPAL_HEADERS>) {
    const value = getHeader(headers, PAYPAL_HEADERS[key]);
    if (value === undefined) return { missing: PAYPAL_HEADERS[key] };
    found[key] = value;
  }
  return found as PayPalHeaders;
}

function parseEvent(rawBody: string): PayPalWebhookEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(rawBody);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const candidate = value as { id?: unknown; event_type?: unknown };
  return typeof candidate.id === 'string' && typeof candidate.event_type === 'string' ? (value as PayPalWebhookEvent) : undefined;
}
