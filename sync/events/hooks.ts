/**
 * The REST-hook life cycle of `order_status_changed`: one webhook per chosen gateway and Zap.
 *
 *   subscribeOrderHooks(z, {targetUrl, gateways, statuses}) → OrderHookSubscription (becomes subscribeData)
 *   unsubscribeOrderHooks(z, subscription)                    deletes both; already gone (404) is fine
 *
 * Deliveries: verify.ts (signatures), once.ts (one Order per event and Zap), delivery.ts (the Order).
 */
import type { ZObject } from 'zapier-platform-core';
import { GATEWAY_LABELS, type AuthData, type GatewayName } from '../../gateways/config';
import { gatewayApis, type Gateways } from '../../gateways';
import { zapierErrorDetails } from '../../gateways/errors';
import { paypalEventsFor, stripeEventsFor, type OrderStatus } from '../../orders/status';
import type { PayPalApi, PayPalWebhook } from '../../gateways/paypal';

/** What performSubscribe returns; Zapier keeps it as `bundle.subscribeData`. */
export interface OrderHookSubscription {
  stripe_webhook_id?: string;
  /** The endpoint's signing secret (`whsec_…`), returned by Stripe only at creation. */
  stripe_secret?: string;
  paypal_webhook_id?: string;
}

const POLLING_ALTERNATIVE = '"Order Status Changed (Scheduled)" trigger (order_status_changed_polling), which needs no webhook';

const STRIPE_ENDPOINT_DESCRIPTION = 'Zapier: Order Status Changed';

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
