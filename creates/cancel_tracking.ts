/** `cancel_tracking`: PayPal tracker status → CANCELLED; Stripe: the number removed from the payment. */
import { trackingCreate } from './tracking-action';

export const cancelTracking = trackingCreate({
  key: 'cancel_tracking',
  label: 'Cancel Tracking',
  description: 'Creates a cancellation of a tracking number on a PayPal order or Stripe payment.',
  mode: 'cancel',
  accept: ['stripe', 'paypal'],
});
