/** `add_stripe_tracking`: as add_tracking, for Stripe references only. */
import { trackingCreate } from './tracking-action';

export const addStripeTracking = trackingCreate({
  key: 'add_stripe_tracking',
  label: 'Add Tracking to Stripe Payment',
  description:
    'Creates a shipment tracking entry on a Stripe payment, found from its payment, charge or Checkout Session ID or your order number.',
  mode: 'add',
  accept: ['stripe'],
});
