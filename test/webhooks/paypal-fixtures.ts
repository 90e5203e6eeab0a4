/**
 * PayPal deliveries for tests: the documented sample event, signed the way PayPal signs
 * (SHA256withRSA over `id|time|webhookId|crc32(body)`) with the sandbox test key, whose
 * certificate sandbox/paypal-cert/cert.pem stands in for PayPal's.
 */
import { createSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from '../../webhooks/crc32';

const ROOT = join(__dirname, '..', '..');
export const TEST_KEY_PEM = readFileSync(join(ROOT, 'sandbox/paypal-cert/key.pem'), 'utf8');
export const TEST_CERT_PEM = readFileSync(join(ROOT, 'sandbox/paypal-cert/cert.pem'), 'utf8');

// specs/paypal/notifications_webhooks_v1.json, example `verify_webhook_signature` of
// POST /v1/notifications/verify-webhook-signature: the event and the ids that go with it.
const spec = JSON.parse(readFileSync(join(ROOT, 'specs/paypal/notifications_webhooks_v1.json'), 'utf8'));
const verifyExample =
  spec.paths['/v1/notifications/verify-webhook-signature'].post.requestBody.content['application/json'].examples.verify_webhook_signature
    .value;
export const SAMPLE_EVENT: { id: string; event_type: string; resource: Record<string, unknown> } = verifyExample.webhook_event;
export const SAMPLE_WEBHOOK_ID: string = verifyExample.webhook_id; // 1JE4291016473214C
const SAMPLE_TRANSMISSION_ID: string = verifyExample.transmission_id;

/** PayPal delivers compact JSON. */
export const SAMPLE_RAW_BODY = JSON.stringify(SAMPLE_EVENT);

/**
 * The same event with a number written `1.0`, as PayPal sends e.g. `"quantity": 1.0`
 * (paypal/PayPal-node-SDK#294, #412); `resource` allows additional properties in the spec.
 * JSON.parse + JSON.stringify turns it into `1`, so only the raw bytes verify.
 */
export const RAW_BODY_WITH_DECIMAL_ONE = SAMPLE_RAW_BODY.replace(
  '"state":"authorized",',
  '"state":"authorized","items":[{"quantity":1.0}],',
);

/** A certificate URL in PayPal's documented form (docs/gateways.md#paypal-signature-verification, PayPal SDK samples). */
export const PAYPAL_CERT_URL = 'https://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-1d93a270';

export interface SignOptions {
  rawBody?: string;
  webhookId?: string;
  transmissionTime: Date;
  certUrl?: string;
  authAlgo?: string;
  transmissionId?: string;
}

/** The five PayPal headers, in Zapier's `Http-` spelling (docs/gateways.md#rest-hooks). */
export function signedZapierHeaders(options: SignOptions): Record<string, string> {
  const transmissionId = options.transmissionId ?? SAMPLE_TRANSMISSION_ID;
  const transmissionTime = options.transmissionTime.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const message = `${transmissionId}|${transmissionTime}|${options.webhookId ?? SAMPLE_WEBHOOK_ID}|${crc32(options.rawBody ?? SAMPLE_RAW_BODY)}`;
  const signature = createSign('SHA256').update(message).sign(TEST_KEY_PEM, 'base64');
  return {
    'Content-Type': 'application/json',
    'Http-Paypal-Transmission-Id': transmissionId,
    'Http-Paypal-Transmission-Time': transmissionTime,
    'Http-Paypal-Transmission-Sig': signature,
    'Http-Paypal-Cert-Url': options.certUrl ?? PAYPAL_CERT_URL,
    'Http-Paypal-Auth-Algo': options.authAlgo ?? 'SHA256withRSA',
  };
}

/**
 * `base` with 64 letters inserted after `marker` (the opening quote of an empty JSON string value), chosen
 * so that its CRC32 equals `target`'s. CRC32 is affine over GF(2) for a fixed length: each letter being 'c'
 * instead of 'a' (one bit apart) flips a fixed set of checksum bits, so solving for 32 independent flips
 * reaches any checksum. PayPal signs only this checksum of the body: this is what anyone holding one
 * genuine delivery can do to put another body under its signature.
 */
export function sameCrc32(base: string, target: string, marker: string): string {
  const LETTERS = 64;
  const at = base.indexOf(marker) + marker.length;
  const withLetters = (chosen: ReadonlySet<number>) =>
    base.slice(0, at) + Array.from({ length: LETTERS }, (_, i) => (chosen.has(i) ? 'c' : 'a')).join('') + base.slice(at);
  const allA = crc32(withLetters(new Set()));
  // Gaussian elimination: basis vectors with distinct top bits, highest first, each with the letters it combines.
  const basis: Array<{ flip: number; letters: Set<number> }> = [];
  const reduce = (v: { flip: number; letters: Set<number> }) => {
    for (const b of basis) {
      if ((v.flip ^ b.flip) >>> 0 < v.flip) v = { flip: (v.flip ^ b.flip) >>> 0, letters: symmetricDifference(v.letters, b.letters) };
    }
    return v;
  };
  for (let i = 0; i < LETTERS; i++) {
    const v = reduce({ flip: (crc32(withLetters(new Set([i]))) ^ allA) >>> 0, letters: new Set([i]) });
    if (v.flip !== 0) {
      basis.push(v);
      basis.sort((x, y) => y.flip - x.flip);
    }
  }
  const solution = reduce({ flip: (crc32(target) ^ allA) >>> 0, letters: new Set() });
  if (solution.flip !== 0) throw new Error('no CRC32 match found');
  return withLetters(solution.letters);
}

function symmetricDifference(a: ReadonlySet<number>, b: ReadonlySet<number>): Set<number> {
  return new Set([...[...a].filter((x) => !b.has(x)), ...[...b].filter((x) => !a.has(x))]);
}
