/**
 * Signature checks of `order_status_changed` deliveries, with what they need cached.
 *
 *   verifyOrderDelivery(z, request, budget) → the verified event, or null (logged)
 *   forgetCertificatesInProcess()           test hook
 *
 * A delivery that fails verification yields null, and the trigger returns []: no Order, a log line
 * saying why (never a secret), and no error. Not HaltedError: a forged or replayed request is not the
 * merchant's doing and needs nothing from them, and anyone who learns the hook URL could otherwise
 * fill the Zap's history with halted runs. Zapier never turns a Zap off for an empty result.
 *
 * PayPal is verified offline (CRC32 of the raw body + SHA256withRSA with PayPal's certificate), the
 * method PayPal's docs prefer: no API call per delivery. The certificate is downloaded once per URL and
 * kept twice: in this process (a warm run costs no z.cache call, z.cache being a remote call on Zapier)
 * and in z.cache for CERTIFICATE_TTL_SECONDS, so an outage of the certificate host drops no delivery
 * signed with a certificate already seen. A certificate never seen that cannot be downloaded (tried
 * again within the delivery's budget) throttles the run, the one case where Zapier retries it.
 */
import type { ZObject } from 'zapier-platform-core';
import { connectionCache } from '../../gateways/cache';
import { paypalBaseOverride } from '../../gateways/config';
import { REQUEST_TIMEOUT_MS } from '../../gateways/http';
import {
  certificateCacheKey,
  detectGateway,
  getHeader,
  PAYPAL_HEADERS,
  verifyPayPalDelivery,
  verifyStripeDelivery,
  type HeaderMap,
  type PayPalWebhookEvent,
} from '../../webhooks';
import type { Stripe } from '../../gateways/stripe';
import type { OrderHookSubscription } from './hooks';
import { readWithRetries, type RetryBudget } from './retry';

/**
 * A delivery whose signature checked out, with the subscription's webhook it was signed for (Stripe
 * endpoint id, PayPal webhook id) and, for PayPal, the signed transmission id.
 */
export type VerifiedDelivery =
  | { gateway: 'stripe'; event: Stripe.Event; webhookId: string }
  | { gateway: 'paypal'; event: PayPalWebhookEvent; webhookId: string; transmissionId: string };

/** What Zapier hands the hook's perform: `bundle.rawRequest` and `bundle.subscribeData`. */
export interface DeliveryRequest {
  rawRequest?: unknown;
  subscribeData?: unknown;
}

/** A certificate's content at one URL never changes (PayPal publishes a new one under a new URL); its validity is checked on every use. */
const CERTIFICATE_TTL_SECONDS = 30 * 24 * 60 * 60;
/** PayPal signs with one certificate at a time: a handful of URLs is plenty for one process. */
const CERTIFICATES_IN_PROCESS = 8;
const certificatesInProcess = new Map<string, string>();

function keepInProcess(url: string, pem: string): string {
  if (certificatesInProcess.size >= CERTIFICATES_IN_PROCESS) certificatesInProcess.clear();
  certificatesInProcess.set(url, pem);
  return pem;
}

/** Test hook: forget the certificates held in this process (the z.cache copies are the test's own). */
export function forgetCertificatesInProcess(): void {
  certificatesInProcess.clear();
}

async function downloadCertificate(z: ZObject, url: string): Promise<string> {
  const response = await z.request({ url, method: 'GET', skipThrowForStatus: true, timeout: REQUEST_TIMEOUT_MS });
  if (response.status !== 200 || !response.content.includes('BEGIN CERTIFICATE')) {
    throw new Error(`certificate download answered HTTP ${response.status}`);
  }
  return response.content;
}

/** PayPal's signing certificate at `url` (already checked against the allowed hosts): process, then z.cache, then a download. */
async function paypalCertificate(z: ZObject, url: string, budget: RetryBudget): Promise<string> {
  const inProcess = certificatesInProcess.get(url);
  if (inProcess) return inProcess;
  const cache = connectionCache(z);
  const key = certificateCacheKey(url);
  // The cache only saves downloads: a cache call that fails is a miss, not a reason to drop the delivery.
  const cached = await cache.get<string>(key).catch(() => null);
  if (cached) return keepInProcess(url, cached);
  const download = await readWithRetries(() => downloadCertificate(z, url), budget, { maxAttempts: 2, retryable: () => true });
  if (!download.ok) throw download.error;
  await cache.set(key, download.value, CERTIFICATE_TTL_SECONDS).catch(() => false);
  return keepInProcess(url, download.value);
}

function ignored(z: ZObject, why: string): null {
  z.console.log(`Order Status Changed: delivery ignored, no Order emitted. ${why}`);
  return null;
}

/** The delivery's event when its signature checks out against this subscription, else null (logged). */
export async function verifyOrderDelivery(z: ZObject, request: DeliveryRequest, budget: RetryBudget): Promise<VerifiedDelivery | null> {
  const raw = (request.rawRequest ?? {}) as { headers?: HeaderMap; content?: string };
  const headers = raw.headers;
  const rawBody = typeof raw.content === 'string' ? raw.content : '';
  const subscription = (request.subscribeData ?? {}) as OrderHookSubscription;
  const gateway = detectGateway(headers);
  if (!gateway) return ignored(z, 'It carries neither a Stripe nor a PayPal signature header.');

  if (gateway === 'stripe') {
    if (!subscription.stripe_webhook_id) return ignored(z, 'It claims to be from Stripe, but this Zap has no Stripe webhook.');
    const result = verifyStripeDelivery({ rawBody, headers, secret: subscription.stripe_secret ?? '' });
    return result.ok
      ? { gateway, event: result.event, webhookId: subscription.stripe_webhook_id }
      : ignored(z, `Stripe check failed (${result.reason.code}): ${result.reason.message}`);
  }

  if (!subscription.paypal_webhook_id) return ignored(z, 'It claims to be from PayPal, but this Zap has no PayPal webhook.');
  const override = paypalBaseOverride();
  const result = await verifyPayPalDelivery({
    rawBody,
    headers,
    webhookId: subscription.paypal_webhook_id,
    fetchCertificate: (url) => paypalCertificate(z, url, budget),
    // Only the local sandbox's own origin, and only while PAYPAL_API_BASE points the app at it.
    trustedCertOrigin: override ? new URL(override).origin : undefined,
  });
  if (result.ok) {
    // Present: verification refuses a delivery without it, and the signature covers it.
    const transmissionId = getHeader(headers, PAYPAL_HEADERS.transmissionId) ?? '';
    return { gateway, event: result.event, webhookId: subscription.paypal_webhook_id, transmissionId };
  }
  if (result.reason.code === 'certificate_unavailable') {
    throw new z.errors.ThrottledError(`PayPal's signing certificate could not be downloaded to check a delivery; Zapier will retry.`, 60);
  }
  return ignored(z, `PayPal check failed (${result.reason.code}): ${result.reason.message}`);
}
