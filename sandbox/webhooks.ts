/**
 * Webhook signing and delivery, the real way for each gateway:
 *   Stripe: `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, `${t}.${body}`)>` (docs/gateways.md#stripe-signature-verification).
 *   PayPal: PAYPAL-TRANSMISSION-ID/-TIME/-SIG/-CERT-URL/-AUTH-ALGO; SIG = base64 RSA-SHA256 over
 *           `${transmissionId}|${transmissionTime}|${webhookId}|${crc32(rawBody) unsigned}` with the sandbox key
 *           (docs/gateways.md#paypal-signature-verification), verifiable with the certificate served by the sandbox.
 *
 *   stripeSignatureHeader(body, secret, timestamp): string
 *   paypalSignatureHeaders(body, webhookId, certUrl, now): Record<string, string>
 *   verifyPaypalSignature({transmissionId, transmissionTime, webhookId, body, signature}): boolean
 *   deliver(target: SignedEvent, clock): Promise<Delivery>   one POST, the result recorded
 */
import { createHmac, createSign, createVerify, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { repoRoot } from './conformance';

const CERT_DIR = join(repoRoot(), 'sandbox', 'paypal-cert');
export const PAYPAL_CERT_PEM = readFileSync(join(CERT_DIR, 'cert.pem'), 'utf8');
const PAYPAL_KEY_PEM = readFileSync(join(CERT_DIR, 'key.pem'), 'utf8');
export const PAYPAL_CERT_PATH = '/_sandbox/certs/paypal-webhook.pem';

export function stripeSignatureHeader(body: string, secret: string, timestamp: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

const paypalMessage = (transmissionId: string, transmissionTime: string, webhookId: string, body: string): string =>
  `${transmissionId}|${transmissionTime}|${webhookId}|${crc32(Buffer.from(body, 'utf8')) >>> 0}`;

export function paypalSignatureHeaders(body: string, webhookId: string, certUrl: string, nowMs: number): Record<string, string> {
  const transmissionId = randomUUID();
  const transmissionTime = new Date(nowMs).toISOString();
  const signature = createSign('RSA-SHA256')
    .update(paypalMessage(transmissionId, transmissionTime, webhookId, body))
    .sign(PAYPAL_KEY_PEM, 'base64');
  return {
    'paypal-transmission-id': transmissionId,
    'paypal-transmission-time': transmissionTime,
    'paypal-transmission-sig': signature,
    'paypal-cert-url': certUrl,
    'paypal-auth-algo': 'SHA256withRSA',
  };
}

export function verifyPaypalSignature(input: {
  transmissionId: string;
  transmissionTime: string;
  webhookId: string;
  body: string;
  signature: string;
}): boolean {
  try {
    return createVerify('RSA-SHA256')
      .update(paypalMessage(input.transmissionId, input.transmissionTime, input.webhookId, input.body))
      .verify(PAYPAL_CERT_PEM, input.signature, 'base64');
  } catch {
    return false;
  }
}

/** One event ready to POST to one subscriber. */
export interface SignedEvent {
  gateway: 'stripe' | 'paypal';
  eventId: string;
  eventType: string;
  url: string;
  /** The subscriber's id (Stripe webhook endpoint `we_…`, PayPal webhook id). */
  subscriberId: string;
  body: string;
  headers: Record<string, string>;
}

export interface Delivery {
  gateway: 'stripe' | 'paypal';
  eventId: string;
  eventType: string;
  url: string;
  subscriberId: string;
  status: number | null;
  ok: boolean;
  error?: string;
  at: string;
}

/** POSTs the signed event once (no retries: tests and the demo assert on this single attempt). */
export async function deliver(event: SignedEvent, nowMs: number, timeoutMs = 10_000): Promise<Delivery> {
  const base = {
    gateway: event.gateway,
    eventId: event.eventId,
    eventType: event.eventType,
    url: event.url,
    subscriberId: event.subscriberId,
    at: new Date(nowMs).toISOString(),
  };
  try {
    const response = await fetch(event.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': event.gateway === 'stripe' ? 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' : 'PayPal/AUHD-214.0-58843208',
        ...event.headers,
      },
      body: event.body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer();
    return { ...base, status: response.status, ok: response.ok };
  } catch (error) {
    return { ...base, status: null, ok: false, error: (error as Error).message };
  }
}
