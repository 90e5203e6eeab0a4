/**
 * The REST-hook life cycle of `order_status_changed` (docs/architecture.md#webhook-delivery): one webhook per chosen gateway
 * and Zap, signature-checked deliveries.
 *
 *   subscribeOrderHooks(z, {targetUrl, gateways, statuses}) → OrderHookSubscription (becomes subscribeData)
 *   unsubscribeOrderHooks(z, subscription)                    deletes both; already gone (404) is fine
 *   verifyOrderDelivery(z, bundle)                            → the verified event, or null (logged)
 *   orderAfterReadFailure(z, delivery, error, fromEventAlone) → on Zapier's one retry of a delivery whose reads
 *                                                               failed, the Order from the event alone; else rethrows
 *   emitOncePerEvent(z, delivery, emit)                       → emit()'s result the first time this Zap's
 *                                                               webhook sees the event, [] for a repeat (logged)
 *
 * A delivery that fails verification yields null, and the trigger returns []: no Order, a log line
 * saying why (never a secret), and no error. Not HaltedError: a forged or replayed request is not the
 * merchant's doing and needs nothing from them, and anyone who learns the hook URL could otherwise
 * fill the Zap's history with halted runs. Zapier never turns a Zap off for an empty result.
 * The one exception is a PayPal certificate that could not be downloaded (PayPal or the network was
 * down): that delivery may be genuine, so the run is throttled and Zapier retries it.
 */
import { createHash } from 'node:crypto';
import type { Bundle, ZObject } from 'zapier-platform-core';
import { connectionCache } from '../../gateways/cache';
import { GATEWAY_LABELS, paypalBaseOverride, type AuthData, type GatewayName } from '../../gateways/config';
import { gatewayApis, type Gateways } from '../../gateways';
import { REQUEST_TIMEOUT_MS } from '../../gateways/http';
import { paypalEventsFor, stripeEventsFor, type OrderStatus } from '../../orders/status';
import {
  certificateCacheKey,
  detectGateway,
  getHeader,
  PAYPAL_HEADERS,
  PAYPAL_MAX_AGE_SECONDS,
  PAYPAL_MAX_CLOCK_SKEW_SECONDS,
  verifyPayPalDelivery,
  verifyStripeDelivery,
  type HeaderMap,
  type PayPalWebhookEvent,
} from '../../webhooks';
import type { PayPalApi, PayPalWebhook } from '../../gateways/paypal';
import type { Order } from '../../orders/order';
import type { Stripe } from '../../gateways/stripe';

/** What performSubscribe returns; Zapier keeps it as `bundle.subscribeData`. */
export interface OrderHookSubscription {
  stripe_webhook_id?: string;
  /** The endpoint's signing secret (`whsec_…`), returned by Stripe only at creation. */
  stripe_secret?: string;
  paypal_webhook_id?: string;
}

export const POLLING_ALTERNATIVE = '"Order Status Changed (Scheduled)" trigger (order_status_changed_polling), which needs no webhook';

const STRIPE_ENDPOINT_DESCRIPTION = 'Zapier: Order Status Changed';

/** What Zapier's error messages carry (core's JSON `{message, code, status}`). */
function zapierErrorDetails(error: unknown): { message: string; code?: string; status?: number } {
  const text = String((error as Error)?.message ?? '');
  try {
    return JSON.parse(text) as { message: string; code?: string; status?: number };
  } catch {
    return { message: text };
  }
}

/**
 * The webhook cap (Stripe 16 endpoints per account; PayPal 10 webhooks per REST app), as an error that
 * says so and names the polling trigger; null for any other failure.
 */
function webhookCapError(z: ZObject, gateway: GatewayName, error: unknown): Error | null {
  const { message, code, status } = zapierErrorDetails(error);
  if (gateway === 'stripe' && status === 400 && /maximum of \d+ .*webhook endpoints|webhook endpoints? limit/i.test(message)) {
    return new z.errors.Error(
      'Stripe allows at most 16 webhook endpoints per account, and this account has reached that limit, so this Zap cannot subscribe. ' +
        `Delete an unused endpoint in the Stripe Dashboard (Developers → Webhooks), or use the ${POLLING_ALTERNATIVE}.`,
      'WebhookLimitReached',
      400,
    );
  }
  if (gateway === 'paypal' && (code === 'WEBHOOK_NUMBER_LIMIT_EXCEEDED' || message.includes('WEBHOOK_NUMBER_LIMIT_EXCEEDED'))) {
    return new z.errors.Error(
      'PayPal allows at most 10 webhooks per REST app, and this app has reached that limit, so this Zap cannot subscribe. ' +
        `Delete an unused webhook in the PayPal developer dashboard, or use the ${POLLING_ALTERNATIVE}.`,
      'WebhookLimitReached',
      400,
    );
  }
  return null;
}

/**
 * Creates one webhook per chosen gateway, for exactly the events the statuses need. When a later
 * gateway fails, the webhooks already made are deleted first: nothing is left behind.
 *
 * Safe to run again after a subscribe whose answer was lost (a timeout: the gateway may still have made
 * the webhook). Zapier's target URL belongs to this one Zap, so a webhook already registered for it is
 * that orphan. Stripe: its signing secret was only in the lost answer, so it can never be verified; it
 * is deleted before ours is created (one list read per subscribe, and the orphan no longer counts
 * toward Stripe's 16). PayPal refuses a second webhook for a URL: on WEBHOOK_URL_ALREADY_EXISTS the
 * orphan is deleted and the create sent again, so the webhook has exactly the chosen events.
 */
export async function subscribeOrderHooks(
  z: ZObject,
  request: { authData: AuthData; targetUrl: string; gateways: readonly GatewayName[]; statuses: readonly OrderStatus[] },
): Promise<OrderHookSubscription> {
  const apis = gatewayApis(z, request.authData);
  const subscription: OrderHookSubscription = {};
  for (const gateway of request.gateways) {
    try {
      if (gateway === 'stripe' && apis.stripe) {
        const { data: existing } = await apis.stripe.listWebhookEndpoints();
        for (const orphan of existing.filter((endpoint) => endpoint.url === request.targetUrl))
          await apis.stripe.deleteWebhookEndpoint(orphan.id);
        const endpoint = await apis.stripe.createWebhookEndpoint({
          url: request.targetUrl,
          enabled_events: stripeEventsFor(request.statuses),
          description: STRIPE_ENDPOINT_DESCRIPTION,
        });
        subscription.stripe_webhook_id = endpoint.id;
        subscription.stripe_secret = endpoint.secret;
      } else if (gateway === 'paypal' && apis.paypal) {
        subscription.paypal_webhook_id = (await createPayPalWebhook(apis.paypal, request.targetUrl, paypalEventsFor(request.statuses))).id;
      }
    } catch (error) {
      await rollBack(z, apis, subscription);
      throw webhookCapError(z, gateway, error) ?? error;
    }
  }
  return subscription;
}

/** PayPal's create, replacing an orphan registered for the same URL (see subscribeOrderHooks). */
async function createPayPalWebhook(paypal: PayPalApi, url: string, events: readonly string[]): Promise<PayPalWebhook> {
  try {
    return await paypal.createWebhook(url, events);
  } catch (error) {
    const { code, message } = zapierErrorDetails(error);
    if (code !== 'WEBHOOK_URL_ALREADY_EXISTS' && !message.includes('WEBHOOK_URL_ALREADY_EXISTS')) throw error;
    const { webhooks = [] } = await paypal.listWebhooks();
    for (const orphan of webhooks.filter((webhook) => webhook.url === url)) await paypal.deleteWebhook(orphan.id);
    return paypal.createWebhook(url, events);
  }
}

/** Deletes what a failed subscribe made; a webhook that cannot be deleted is logged by id for the merchant. */
async function rollBack(z: ZObject, apis: Gateways, subscription: OrderHookSubscription): Promise<void> {
  const deletions: Array<[GatewayName, string | undefined, (id: string) => Promise<unknown>]> = [
    ['stripe', subscription.stripe_webhook_id, (id) => apis.stripe!.deleteWebhookEndpoint(id)],
    ['paypal', subscription.paypal_webhook_id, (id) => apis.paypal!.deleteWebhook(id)],
  ];
  for (const [gateway, id, remove] of deletions) {
    if (!id) continue;
    try {
      await remove(id);
    } catch {
      z.console.log(
        `Order Status Changed: could not delete the ${GATEWAY_LABELS[gateway]} webhook ${id} after the subscription failed; delete it in the ${GATEWAY_LABELS[gateway]} dashboard.`,
      );
    }
  }
}

/** Deletes the Zap's webhooks; ones already deleted (404) count as deleted. */
export async function unsubscribeOrderHooks(
  z: ZObject,
  authData: AuthData,
  subscription: OrderHookSubscription,
): Promise<{ stripe: boolean; paypal: boolean }> {
  const apis = gatewayApis(z, authData);
  const [stripe, paypal] = await Promise.all([
    subscription.stripe_webhook_id && apis.stripe ? apis.stripe.deleteWebhookEndpoint(subscription.stripe_webhook_id) : false,
    subscription.paypal_webhook_id && apis.paypal ? apis.paypal.deleteWebhook(subscription.paypal_webhook_id) : false,
  ]);
  return { stripe, paypal };
}

/**
 * A delivery whose signature checked out, with the subscription's webhook it was signed for (Stripe
 * endpoint id, PayPal webhook id) and, for PayPal, the signed transmission id.
 */
export type VerifiedDelivery =
  | { gateway: 'stripe'; event: Stripe.Event; webhookId: string }
  | { gateway: 'paypal'; event: PayPalWebhookEvent; webhookId: string; transmissionId: string };

/** PayPal's signing certificates are long-lived; a day keeps one download per connection and day. */
const CERTIFICATE_TTL_SECONDS = 24 * 60 * 60;

/** Downloads a PayPal signing certificate through z.request, once per URL and day (connection cache). */
async function fetchPayPalCertificate(z: ZObject, url: string): Promise<string> {
  const cache = connectionCache(z);
  const key = certificateCacheKey(url);
  const cached = await cache.get<string>(key);
  if (cached) return cached;
  const response = await z.request({ url, method: 'GET', skipThrowForStatus: true, timeout: REQUEST_TIMEOUT_MS });
  if (response.status !== 200 || !response.content.includes('BEGIN CERTIFICATE')) {
    throw new Error(`certificate download answered HTTP ${response.status}`);
  }
  await cache.set(key, response.content, CERTIFICATE_TTL_SECONDS);
  return response.content;
}

function ignored(z: ZObject, why: string): null {
  z.console.log(`Order Status Changed: delivery ignored, no Order emitted. ${why}`);
  return null;
}

/**
 * The delivery's event when its signature checks out against this subscription, else null (logged).
 *
 * PayPal is verified offline (CRC32 of the raw body + SHA256withRSA with PayPal's certificate), the
 * method PayPal's docs prefer: no API call per delivery, only a certificate download cached per
 * connection. The postback (`POST /v1/notifications/verify-webhook-signature`) would cost a call
 * and a token on every delivery and needs an extra OAuth scope.
 */
export async function verifyOrderDelivery(z: ZObject, bundle: Bundle): Promise<VerifiedDelivery | null> {
  const raw = (bundle.rawRequest ?? {}) as { headers?: HeaderMap; content?: string };
  const headers = raw.headers;
  const rawBody = typeof raw.content === 'string' ? raw.content : '';
  const subscription = (bundle.subscribeData ?? {}) as OrderHookSubscription;
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
    fetchCertificate: (url) => fetchPayPalCertificate(z, url),
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

/**
 * How long an accepted delivery is remembered: at least every window in which the same event can come
 * back with a valid signature.
 * - A replay of a captured PayPal delivery verifies from PAYPAL_MAX_CLOCK_SKEW_SECONDS before its
 *   transmission time until PAYPAL_MAX_AGE_SECONDS after it (3 days + 1 h, for PayPal's retries), so
 *   its memory must span both.
 * - A replay of a captured Stripe delivery verifies for 300 s (the signature tolerance).
 * - The gateways' own redeliveries of an event that got no 2xx: PayPal 25 times over 3 days, Stripe
 *   for up to 3 days (live mode), each freshly signed.
 */
export const DELIVERY_MEMORY_SECONDS = PAYPAL_MAX_AGE_SECONDS + PAYPAL_MAX_CLOCK_SKEW_SECONDS;

interface SeenKey {
  key: string;
  /** For the log line: what repeated. */
  what: string;
}

/** A per-Zap-webhook cache key about one delivery; ids are hashed, so a key stays short whatever the body says. */
function deliveryCacheKey(prefix: string, delivery: VerifiedDelivery, what: string): string {
  return `${prefix}:${createHash('sha256').update(`${delivery.gateway}|${delivery.webhookId}|${what}`).digest('hex').slice(0, 32)}`;
}

/**
 * What marks a delivery as seen, scoped to the Zap's own webhook (two Zaps on one connection each get
 * every event, and each must emit it once):
 * - the event id (Stripe `evt_…`, PayPal `WH-…`): the same for a replay and for a gateway redelivery;
 * - for PayPal also the transmission id. PayPal signs only a CRC32 of the body, which anyone holding one
 *   genuine delivery can match with another body (e.g. another event id); the transmission id is under
 *   the RSA signature itself, so remembering it means one signature yields at most one Order.
 */
function seenKeys(delivery: VerifiedDelivery): SeenKey[] {
  const key = (kind: string, id: string) => deliveryCacheKey('hook-seen', delivery, `${kind}|${id}`);
  const keys = [{ key: key('event', delivery.event.id), what: `event ${delivery.event.id}` }];
  if (delivery.gateway === 'paypal') keys.unshift({ key: key('transmission', delivery.transmissionId), what: 'this PayPal transmission' });
  return keys;
}

/**
 * Runs `emit` for a verified delivery only the first time this Zap's webhook sees it; a repeat yields []
 * and a log line. Why a repeat must not produce an Order again, even a genuine redelivery (same event,
 * new transmission and signature): Zapier answers the gateway's POST itself and started the Zap from the
 * first delivery already, and it does not dedupe hook results (core skips the id check for hooks), so a
 * second Order would run the Zap's actions twice for one status change — a second email, a second
 * fulfilment. The gateway redelivers only because its POST got no 2xx, not because anything changed.
 *
 * The marks are taken with `nx` before emitting (so two copies racing are told apart too) and given back
 * when emitting fails, so that Zapier's retry of the failed run can still produce the Order. A mark the
 * cache refuses to store while nothing is stored under it (z.cache answers false past the app's write
 * rate) is no repeat: the delivery is emitted, at worst twice, rather than lost.
 */
export async function emitOncePerEvent<T>(z: ZObject, delivery: VerifiedDelivery, emit: () => Promise<T[]>): Promise<T[]> {
  const cache = connectionCache(z);
  const taken: string[] = [];
  for (const { key, what } of seenKeys(delivery)) {
    if (await cache.set(key, 1, DELIVERY_MEMORY_SECONDS, { onlyIfAbsent: true })) {
      taken.push(key);
    } else if ((await cache.get(key)) !== null) {
      z.console.log(
        `Order Status Changed: ${what} was already delivered to this Zap (a replay, or ${GATEWAY_LABELS[delivery.gateway]} delivering it again); no Order emitted.`,
      );
      return [];
    } else {
      z.console.log(`Order Status Changed: could not note ${what} as seen (the cache refused); emitting it anyway.`);
    }
  }
  try {
    return await emit();
  } catch (error) {
    await Promise.all(taken.map((key) => cache.delete(key)));
    throw error;
  }
}

/** Zapier retries a throttled hook perform once; the mark says this delivery's reads already failed once. */
const READ_FAILURE_MEMORY_SECONDS = 3600;

/**
 * What to do when the reads an event's Order needs fail. Zapier retries a hook perform that throws a
 * ThrottledError once, and never again (the gateway already has Zapier's 200, so it will not send the
 * event again): the first temporary failure throws, so Zapier retries; when the reads fail on that retry
 * too, the Order is made from what the signed event itself carries (fields only the reads give, such as
 * the buyer or the shipping address, stay empty) rather than lost, with a log line — if the event names
 * its order (a PayPal refund names only the capture: that error stands). Any other error (a revoked key,
 * a missing permission) is rethrown: it needs the merchant, not a retry.
 */
export async function orderAfterReadFailure(
  z: ZObject,
  delivery: VerifiedDelivery,
  error: unknown,
  fromEventAlone: () => Order | null,
): Promise<Order | null> {
  if ((error as Error)?.name !== 'ThrottledError') throw error;
  const key = deliveryCacheKey('hook-read-failed', delivery, `event|${delivery.event.id}`);
  if (await connectionCache(z).set(key, 1, READ_FAILURE_MEMORY_SECONDS, { onlyIfAbsent: true })) throw error;
  const order = fromEventAlone();
  if (!order?.order_id) throw error;
  z.console.log(
    `Order Status Changed: ${GATEWAY_LABELS[delivery.gateway]} did not answer the reads for event ${delivery.event.id} on Zapier's retry either; ` +
      'the Order is made from the event alone (fields only those reads give, such as the buyer or the shipping address, are empty).',
  );
  return order;
}
