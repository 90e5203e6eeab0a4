/**
 * What an order lookup answers: the order a reference names, read in full, or OrderLookupError saying
 * where it looked and what to do.
 */
import type { GatewayName } from '../../gateways/config';
import type { Stripe } from '../../gateways/stripe';
import type { OrderReference } from '../../orders/reference';
import type { LoadedPayPalOrder, LoadedStripeOrder } from './load';

export interface ResolvedStripeOrder extends LoadedStripeOrder {
  gateway: 'stripe';
  reference: OrderReference;
  /** The Checkout Session when the reference was one (its shipping details are the fallback address). */
  session: Stripe.Checkout.Session | null;
}

export interface ResolvedPayPalOrder extends LoadedPayPalOrder {
  gateway: 'paypal';
  reference: OrderReference;
  /** The capture the reference named (capture ID, or a merchant reference's transaction), else null. */
  requestedCaptureId: string | null;
}

export type ResolvedOrder = ResolvedStripeOrder | ResolvedPayPalOrder;

export type OrderLookupProblem = 'not_found' | 'ambiguous' | 'wrong_gateway' | 'not_trackable';

/** The reference names no usable order; the message says where we looked and what to do. */
export class OrderLookupError extends Error {
  constructor(
    readonly problem: OrderLookupProblem,
    message: string,
  ) {
    super(message);
    this.name = 'OrderLookupError';
  }
}

export interface ResolveOptions {
  /** Gateways the operation may use (configured ∩ what the action accepts), in preference order. */
  accept: readonly GatewayName[];
  now?: Date;
}

/** At most this many matches are read in full (the search returns them; the actions refuse several). */
export const MAX_MATCHES_LOADED = 10;
