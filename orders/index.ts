/**
 * orders/: the Order shape, the status table, amounts, gateway mappers and order-reference routing.
 * Pure functions only (no zapier-platform-core, no I/O). See each module's header for details.
 */
export * from './order';
export * from './status';
export * from './money';
export {
  orderFromPaymentIntent,
  orderFromStripeEvent,
  trackingsFromStripe,
  type StripePaymentIntentInput,
  type StripeChargeInput,
  type StripeDisputeInput,
  type StripeCheckoutSessionInput,
  type StripeEventInput,
  type StripeOrderContext,
} from './stripe';
export {
  orderFromPayPalOrder,
  orderFromPayPalEvent,
  orderFromTransaction,
  type PayPalOrderInput,
  type PayPalCaptureInput,
  type PayPalRefundInput,
  type PayPalDisputeInput,
  type PayPalEventInput,
  type PayPalEventRelated,
  type PayPalOrderContext,
  type PayPalTrackingNumber,
  type PayPalTransactionDetailInput,
  type PayPalEnvironment,
} from './paypal';
export { classifyReference, ReferenceInputError, MAX_REFERENCE_LENGTH, type OrderReference, type OrderReferenceKind } from './reference';
