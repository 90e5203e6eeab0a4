/**
 * The Stripe objects orders/stripe.ts reads, listing only the fields it reads. Real Stripe objects
 * (SDK types, any API version since 2022-11-15) satisfy them; test/orders/stripe.test.ts checks this
 * against `stripe`'s typings.
 */
import type { Environment } from './order';
import type { AddressParts } from './values';

export type StripeMetadata = Record<string, string>;
/** An expandable field: the ID, or the object when expanded. */
export type StripeRef<T> = string | T | null;

/** Stripe's Address has exactly the parts the Order keeps. */
type StripeAddressInput = AddressParts;

export interface StripeShippingInput {
  address?: StripeAddressInput | null;
  carrier?: string | null;
  name?: string | null;
  phone?: string | null;
  tracking_number?: string | null;
}

interface StripeContactInput {
  email?: string | null;
  name?: string | null;
  phone?: string | null;
}

export interface StripeChargeInput {
  id: string;
  amount?: number;
  amount_refunded?: number;
  refunded?: boolean;
  disputed?: boolean;
  currency?: string;
  livemode?: boolean;
  created?: number;
  status?: string;
  description?: string | null;
  receipt_email?: string | null;
  metadata?: StripeMetadata | null;
  shipping?: StripeShippingInput | null;
  billing_details?: StripeContactInput | null;
  payment_intent?: StripeRef<{ id: string }>;
}

export interface StripeDisputeInput {
  id: string;
  status?: string | null;
  amount?: number;
  currency?: string;
  livemode?: boolean;
  created?: number;
  charge?: StripeRef<StripeChargeInput>;
  payment_intent?: StripeRef<{ id: string }>;
}

export interface StripeCheckoutSessionInput {
  id: string;
  payment_intent?: StripeRef<{ id: string }>;
  payment_status?: string;
  amount_total?: number | null;
  currency?: string | null;
  livemode?: boolean;
  created?: number;
  metadata?: StripeMetadata | null;
  client_reference_id?: string | null;
  customer_details?: (StripeContactInput & { address?: StripeAddressInput | null }) | null;
  /** Since API 2025-03-31.basil. */
  collected_information?: { shipping_details?: StripeShippingInput | null } | null;
  /** Before API 2025-03-31.basil. */
  shipping_details?: StripeShippingInput | null;
}

export interface StripePaymentIntentInput {
  id: string;
  amount?: number;
  currency?: string;
  status?: string;
  livemode?: boolean;
  created?: number;
  canceled_at?: number | null;
  description?: string | null;
  receipt_email?: string | null;
  metadata?: StripeMetadata | null;
  shipping?: StripeShippingInput | null;
  latest_charge?: StripeRef<StripeChargeInput>;
  last_payment_error?: unknown;
}

export interface StripeEventInput {
  id: string;
  type: string;
  created?: number;
  livemode?: boolean;
  data: { object: unknown };
}

export interface StripeOrderContext {
  environment?: Environment;
  charge?: StripeChargeInput | null;
  dispute?: StripeDisputeInput | null;
  session?: StripeCheckoutSessionInput | null;
  event?: StripeEventInput | null;
}
