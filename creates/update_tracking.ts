/** `update_tracking`: replace a tracking number/carrier (PayPal: cancel the old tracker + add; Stripe: overwrite). */
import { trackingCreate } from './tracking-action';

export const updateTracking = trackingCreate({
  key: 'update_tracking',
  label: 'Update Tracking',
  description: 'Creates a replacement for the tracking number or carrier already on a PayPal order or Stripe payment.',
  mode: 'update',
  accept: ['stripe', 'paypal'],
});
