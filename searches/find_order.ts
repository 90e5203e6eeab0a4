/**
 * `find_order`: Orders matching any reference (docs/architecture.md#order-references) and/or a customer email, in the chosen
 * gateways, newest first; `[]` when nothing matches (a gateway 404 is "no match", never an error).
 * With both inputs, the reference's orders paid by that email.
 */
import { defineSearch, type InferInputData, type SearchPerform } from 'zapier-platform-core';
import { findOrderFieldLabel, findOrderInputFields, parseFindOrderInput } from '../fields/find-order';
import { chosenGateways } from '../fields/gateways';
import { gatewayApis } from '../gateways';
import { authDataOf } from '../gateways/config';
import { withErrorBoundary } from '../gateways/errors';
import { orderOutputFields, SAMPLE_ORDER, type Order } from '../orders/order';
import { findOrders, findOrdersByEmail, OrderLookupError } from '../sync/orders/resolve';

const perform = (async (z, bundle) => {
  const { reference, email } = parseFindOrderInput(z, bundle.inputData);
  const accept = chosenGateways(z, bundle);
  const gateways = gatewayApis(z, authDataOf(bundle));
  try {
    if (!reference) return (await findOrdersByEmail(gateways, email, { accept })).map((m) => m.order);
    const found = (await findOrders(gateways, reference, { accept })).map((m) => m.order);
    return email ? found.filter((o) => o.customer_email?.toLowerCase() === email.toLowerCase()) : found;
  } catch (error) {
    // A reference of a gateway not chosen, or a payment that is not an order yet: nothing matches.
    if (error instanceof OrderLookupError) return [];
    throw error;
  }
}) satisfies SearchPerform<InferInputData<typeof findOrderInputFields>, Order>;

export const findOrder = defineSearch({
  key: 'find_order',
  noun: 'Order',
  display: {
    label: 'Find Order',
    description: 'Finds an order in Stripe or PayPal by any order ID or reference, or by the customer’s email, with its tracking.',
  },
  operation: {
    inputFields: findOrderInputFields,
    // A malformed reference is an input error naming the Order field.
    perform: withErrorBoundary(perform, { action: 'finding the order', fieldLabel: findOrderFieldLabel }),
    sample: { ...SAMPLE_ORDER },
    outputFields: orderOutputFields(),
  },
});
