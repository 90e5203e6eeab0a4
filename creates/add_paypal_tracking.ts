/** `add_paypal_tracking`: as add_tracking, for PayPal references only. */
import { trackingCreate } from './tracking-action';

export const addPayPalTracking = trackingCreate({
  key: 'add_paypal_tracking',
  label: 'Add Tracking to PayPal Order',
  description: 'Creates a shipment tracker on a PayPal order, found from its order ID, transaction ID or invoice ID.',
  mode: 'add',
  accept: ['paypal'],
});
