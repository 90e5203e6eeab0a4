/**
 * Stripe's wire shapes the sandbox's Stripe modules share (stripe.ts, stripe-payments.ts): its error body
 * `{error:{type,code,message,param}}`, the address and shipping hashes of a payment, and a stored
 * PaymentIntent.
 */
import type { GatewayResponse } from './http';
import type { SeedAddress } from './seed';

export const stripeError = (
  status: number,
  type: string,
  message: string,
  extra: { code?: string; param?: string } = {},
): GatewayResponse => ({
  status,
  body: {
    error: {
      type,
      message,
      ...(extra.code ? { code: extra.code, doc_url: `https://stripe.com/docs/error-codes/${extra.code.replace(/_/g, '-')}` } : {}),
      ...(extra.param ? { param: extra.param } : {}),
    },
  },
});

export const invalid = (message: string, extra: { code?: string; param?: string } = {}) =>
  stripeError(400, 'invalid_request_error', message, extra);
export const noSuch = (kind: string, id: string, param: string) =>
  stripeError(404, 'invalid_request_error', `No such ${kind}: '${id}'`, { code: 'resource_missing', param });

/**
 * A decoded form value as text: a string as sent, else undefined (a bracketed key decodes to an object, and
 * the spec check has already refused one where a text field is expected).
 */
export const formText = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export const address = (a?: SeedAddress) => ({
  city: a?.city ?? null,
  country: a?.country ?? null,
  line1: a?.line1 ?? null,
  line2: a?.line2 ?? null,
  postal_code: a?.postal_code ?? null,
  state: a?.state ?? null,
});

/** A request's decoded `shipping[...]` (name and address required by the spec check) as the stored hash. */
export function shippingOf(shipping: { name: string; address: SeedAddress; carrier?: string; phone?: string; tracking_number?: string }) {
  return {
    address: address(shipping.address),
    carrier: shipping.carrier ?? null,
    name: shipping.name,
    phone: shipping.phone ?? null,
    tracking_number: shipping.tracking_number ?? null,
  };
}

/** A stored Stripe object: the fields the sandbox reads, the rest of the shape as Stripe's API reference shows it. */
export interface StripeRecord {
  id: string;
  object: string;
  created: number;
  [field: string]: unknown;
}
export type Shipping = ReturnType<typeof shippingOf>;
export interface PaymentIntent extends StripeRecord {
  amount: number;
  amount_received: number;
  currency: string;
  customer: string | null;
  description: string | null;
  last_payment_error: object | null;
  latest_charge: string | null;
  metadata: Record<string, string>;
  payment_method: string | null;
  receipt_email: string | null;
  shipping: Shipping | null;
  status: string;
}
