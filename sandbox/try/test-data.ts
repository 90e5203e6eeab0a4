/**
 * What `npm run try` creates in the merchant's test accounts, through the official `stripe` package (the app
 * itself never makes a payment): a confirmed test payment with a shipping address, and fresh tracking numbers.
 *
 *   createTestPayment(stripe): PaymentIntent   Stripe's test card `pm_card_visa`, captured at once
 *   cancelTestPayment(stripe, id): string      cancels it where Stripe allows, else says why it stays
 *   testTrackingNumber(): string               a new USPS number (22 digits, valid check digit)
 */
import { randomInt } from 'node:crypto';
import type Stripe from 'stripe';
import { detectCarrier } from '../../carriers/numbers';

/** The carrier the shop shipped with, and the slip `npm run try` makes first so that Sync has something to correct. */
export const SHOP_CARRIER = 'USPS';
export const SLIP_CARRIER = 'FedEx';

export function createTestPayment(stripe: Stripe): Promise<Stripe.PaymentIntent> {
  return stripe.paymentIntents.create({
    amount: 1999,
    currency: 'usd',
    description: 'PayPal & Stripe Tracking Sync: npm run try',
    metadata: { created_by: 'npm run try' },
    payment_method: 'pm_card_visa',
    // A card only: nothing redirects the buyer, so the payment confirms without a return_url.
    automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
    confirm: true,
    shipping: {
      name: 'Jenny Rosen',
      address: { line1: '510 Townsend St', city: 'San Francisco', state: 'CA', postal_code: '94103', country: 'US' },
    },
  });
}

export async function cancelTestPayment(stripe: Stripe, id: string): Promise<string> {
  try {
    const canceled = await stripe.paymentIntents.cancel(id, { cancellation_reason: 'abandoned' });
    return `payment ${id} ${canceled.status}`;
  } catch (error) {
    if ((error as { code?: string }).code !== 'payment_intent_unexpected_state') throw error;
    // Stripe cancels only payments not yet captured; a captured test payment stays in test data (refundable in the Dashboard).
    return `payment ${id} stays (Stripe does not cancel a captured payment; it is test data)`;
  }
}

/**
 * `9400111` + 14 random digits + the check digit: a new number each run, so a rerun on the same PayPal order adds
 * a new tracker. The check digit is the one the app's own carrier detection accepts as USPS (carriers/numbers.ts).
 */
export function testTrackingNumber(): string {
  for (;;) {
    const payload = `9400111${Array.from({ length: 14 }, () => randomInt(10)).join('')}`;
    const valid = [...'0123456789'].map((digit) => payload + digit).find((number) => detectCarrier(number) === 'USPS');
    if (valid) return valid;
  }
}
