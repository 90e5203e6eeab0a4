/**
 * `find_order` (DESIGN §2): Orders matching any reference (§4) and/or a customer email, in the chosen
 * gateways, newest first; `[]` when nothing matches (a gateway 404 is "no match", never an error).
 * With both inputs, the reference's orders paid by that email.
 */
import type { Bundle, Search, ZObject } from 'zapier-platform-core';
import { chosenGateways, gatewaysField } from '../fields/gateways';
import { gatewayApis } from '../gateways';
import { orderOutputFields, SAMPLE_ORDER, type Order } from '../orders/order';
import { ReferenceInputError } from '../orders/reference';
import { findOrders, findOrdersByEmail, OrderLookupError } from '../orders/resolve';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

async function perform(z: ZObject, bundle: Bundle): Promise<Order[]> {
  const input = bundle.inputData as { order?: unknown; customer_email?: unknown };
  const reference = typeof input.order === 'string' ? input.order.trim() : '';
  const email = typeof input.customer_email === 'string' ? input.customer_email.trim() : '';
  if (!reference && !email) {
    throw new z.errors.Error('Enter an Order (any ID or order number) or a Customer Email, or both.', 'InvalidInput', 400);
  }
  if (email && !EMAIL.test(email)) throw new z.errors.Error('Customer Email: enter one email address, e.g. ann@example.com.', 'InvalidInput', 400);
  const accept = chosenGateways(z, bundle);
  const gateways = gatewayApis(z, bundle.authData);
  try {
    if (!reference) return (await findOrdersByEmail(gateways, email, { accept })).map((m) => m.order);
    const found = (await findOrders(gateways, reference, { accept })).map((m) => m.order);
    return email ? found.filter((o) => o.customer_email?.toLowerCase() === email.toLowerCase()) : found;
  } catch (error) {
    if (error instanceof ReferenceInputError) throw new z.errors.Error(`Order: ${error.message}`, 'InvalidInput', 400);
    // A reference of a gateway not chosen, or a payment that is not an order yet: nothing matches.
    if (error instanceof OrderLookupError) return [];
    throw error;
  }
}

export const findOrder: Search = {
  key: 'find_order',
  noun: 'Order',
  display: {
    label: 'Find Order',
    description: 'Finds an order in Stripe or PayPal by any order ID or reference, or by the customer’s email, with its tracking.',
  },
  operation: {
    inputFields: [
      {
        key: 'order',
        label: 'Order',
        type: 'string',
        required: false,
        dynamic: 'order_list.id.name',
        helpText: 'Any ID you have: Stripe `pi_…`, `ch_…`/`py_…`, `cs_…`; a PayPal order or transaction ID; or your own order number.',
      },
      {
        key: 'customer_email',
        label: 'Customer Email',
        type: 'string',
        required: false,
        helpText: 'Orders paid with this email (PayPal: the last 31 days; PayPal’s search can lag up to 3 hours).',
      },
      gatewaysField,
    ],
    perform,
    sample: SAMPLE_ORDER as unknown as Record<string, unknown>,
    outputFields: orderOutputFields(),
  },
};
