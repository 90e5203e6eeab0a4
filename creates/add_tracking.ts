/** `add_tracking`: tracking on any order, whichever gateway its reference belongs to (docs/architecture.md#order-references). */
import { trackingCreate } from './tracking-action';

export const addTracking = trackingCreate({
  key: 'add_tracking',
  label: 'Add Tracking to Order',
  description: 'Creates a shipment tracking entry on a PayPal order or Stripe payment, found from any order ID or reference.',
  mode: 'add',
  accept: ['stripe', 'paypal'],
});
