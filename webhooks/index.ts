/**
 * Webhook signature verification for Stripe and PayPal: pure functions, I/O passed in.
 * The hook trigger tells the gateway with detectGateway(bundle.rawRequest.headers), then calls
 * verifyStripeDelivery or verifyPayPalDelivery with `bundle.rawRequest.content` as the raw body.
 */
export { detectGateway, getHeader, PAYPAL_HEADERS, type HeaderMap } from './headers';
export { verifyStripeDelivery } from './stripe';
export {
  certificateCacheKey,
  verifyPayPalDelivery,
  PAYPAL_MAX_AGE_SECONDS,
  PAYPAL_MAX_CLOCK_SKEW_SECONDS,
  type PayPalWebhookEvent,
} from './paypal';
