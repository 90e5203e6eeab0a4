/**
 * `find_order`: Orders matching any reference (docs/architecture.md#order-references) and/or a customer email, in the chosen
 * gateways, newest first; `[]` when nothing matches (a gateway 404 is "no match", never an error).
 * With both inputs, the reference's orders paid by that email.
 */
import type { Bundle, Search, ZObject } from 'zapier-platform-core';
import { findOrderInputFields, parseFindOrderInput } from '../fields/find-order';
import { chosenGateways } from '../fields/gateways';
import { gatewayApis } from '../gateways';
import { orderOutputFields, SAMPLE_ORDER, type Order } from '../orders/order';
import { ReferenceInputError } from '../orders/reference';
import { findOrders, findOrdersByEmail, OrderLookupError } from '../sync/orders/resolve';

async function perform(z: ZObject, bundle: Bundle): Promise<Order[]> {
  const { reference, email } = parseFindOrderInput(z, bundle.inputData);
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
    inputFields: findOrderInputFields,
    perform,
    sample: SAMPLE_ORDER as unknown as Record<string, unknown>,
    outputFields: orderOutputFields(),
  },
};
