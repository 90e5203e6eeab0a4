/**
 * Order Status Changed (instant): one webhook per chosen gateway and Zap, every delivery's signature
 * verified, an Order (DESIGN §3) out, never lost once verified. Life cycle: sync/events/hooks.ts; a
 * delivery → its Order: sync/events/delivery.ts; what an event costs in reads: sync/events/event-orders.ts.
 */
import { defineTrigger, type Bundle, type ZObject } from 'zapier-platform-core';
import { chosenGateways, gatewaysField } from '../fields/gateways';
import { chosenStatuses, statusesField } from '../fields/statuses';
import { gatewayApis } from '../gateways';
import type { AuthData } from '../gateways/config';
import type { Order } from '../orders/order';
import { ordersOfDelivery } from '../sync/events/delivery';
import { subscribeOrderHooks, unsubscribeOrderHooks, type OrderHookSubscription } from '../sync/events/hooks';
import { ORDER_OUTPUT_FIELDS, orderSample } from './shared/output';
import { newestFirst, recentPayPalEventOrders, recentStripeOrders } from '../sync/events/recent';

/** How many recent status changes the editor's "test trigger" shows per gateway. */
const LIST_LIMIT_PER_GATEWAY = 10;

async function performSubscribe(z: ZObject, bundle: Bundle): Promise<OrderHookSubscription> {
  return subscribeOrderHooks(z, {
    authData: bundle.authData as AuthData,
    targetUrl: bundle.targetUrl ?? '',
    gateways: chosenGateways(z, bundle),
    statuses: chosenStatuses(z, bundle),
  });
}

async function performUnsubscribe(z: ZObject, bundle: Bundle): Promise<{ stripe: boolean; paypal: boolean }> {
  return unsubscribeOrderHooks(z, bundle.authData as AuthData, (bundle.subscribeData ?? {}) as OrderHookSubscription);
}

async function perform(z: ZObject, bundle: Bundle): Promise<Order[]> {
  return ordersOfDelivery(z, {
    authData: bundle.authData as AuthData,
    rawRequest: bundle.rawRequest,
    subscribeData: bundle.subscribeData,
    statuses: chosenStatuses(z, bundle),
  });
}

async function performList(z: ZObject, bundle: Bundle): Promise<Order[]> {
  const statuses = chosenStatuses(z, bundle);
  const apis = gatewayApis(z, bundle.authData as AuthData);
  const lists = await Promise.all(
    chosenGateways(z, bundle).map((gateway) =>
      gateway === 'stripe'
        ? recentStripeOrders(apis.stripe!, statuses, { limit: LIST_LIMIT_PER_GATEWAY })
        : recentPayPalEventOrders(apis.paypal!, statuses, { limit: LIST_LIMIT_PER_GATEWAY }),
    ),
  );
  return newestFirst(lists.flat());
}

export const orderStatusChanged = defineTrigger({
  key: 'order_status_changed',
  noun: 'Order',
  display: {
    label: 'Order Status Changed',
    description: 'Triggers when an order changes to one of the chosen statuses (paid, refunded, disputed, …), within seconds.',
  },
  operation: {
    type: 'hook',
    inputFields: [gatewaysField, statusesField],
    performSubscribe,
    performUnsubscribe,
    perform,
    performList,
    sample: orderSample(),
    outputFields: ORDER_OUTPUT_FIELDS,
  },
});
