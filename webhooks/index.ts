/**
 * Webhook signature verification for Stripe and PayPal: pure functions, I/O passed in.
 * The hook trigger tells the gateway with detectGateway(bundle.rawRequest.headers), then calls
 * verifyStripeDelivery or verifyPayPalDelivery with `bundle.rawRequest.content` as the raw body.
 */
export { detectGateway, getHeader, PAYPAL_HEADERS, type Gateway, type HeaderMap } from './headers';
export type { Rejection, Verification } from './result';
export {
  verifyStripeDelivery,
  STRIPE_DEFAULT_TOLERANCE_SECONDS,
  type StripeDelivery,
  type StripeRejectionCode,
  type StripeVerification,
} from './stripe';
export {
  certificateCacheKey,
  isAllowedCertUrl,
  verifyPayPalDelivery,
  PAYPAL_MAX_AGE_SECONDS,
  PAYPAL_MAX_CLOCK_SKEW_SECONDS,
  type PayPalDelivery,
  type PayPalRejectionCode,
  type PayPalVerification,
  type PayPalWebhookEvent,
} from './paypal';
