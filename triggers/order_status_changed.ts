/**
 * Order Status Changed (instant): one webhook per chosen gateway and Zap, every delivery's signature
 * verified, an Order (docs/architecture.md#the-order) out, never lost once verified. Life cycle:
 * sync/events/hooks.ts; a delivery → its Order: sync/events/delivery.ts; what an event costs in reads:
 * sync/events/event-orders.ts.
 */
import {
  defineInputFields,
  defineTrigger,
  type InferInputData,
  type WebhookTriggerPerform,
  type WebhookTriggerPerformList,
  type WebhookTriggerPerformSubscribe,
  type WebhookTriggerPerformUnsubscribe,
} from 'zapier-platform-core';
import { chosenGateways, gatewaysField } from '../fields/gateways';
import { chosenStatuses, statusesField } from '../fields/statuses';
import { gatewayApis } from '../gateways';
import { authDataOf } from '../gateways/config';
import { withErrorBoundary } from '../gateways/error-boundary';
import type { Order } from '../orders/order';
import { ordersOfDelivery } from '../sync/events/delivery';
import { subscribeOrderHooks, unsubscribeOrderHooks, type OrderHookSubscription } from '../sync/events/hooks';
import { ORDER_OUTPUT_FIELDS, orderSample } from './shared/output';
import { newestFirst, recentPayPalEventOrders, recentStripeOrders } from '../sync/events/recent';

/** How many recent status changes the editor's "test trigger" shows per gateway. */
const LIST_LIMIT_PER_GATEWAY = 10;

const inputFields = defineInputFields([gatewaysField, statusesField]);
type InputData = InferInputData<typeof inputFields>;

const performSubscribe = (async (z, bundle) =>
  subscribeOrderHooks(z, {
    authData: authDataOf(bundle),
    targetUrl: bundle.targetUrl ?? '',
    gateways: chosenGateways(z, bundle),
    statuses: chosenStatuses(z, bundle),
  })) satisfies WebhookTriggerPerformSubscribe<InputData, OrderHookSubscription>;

const performUnsubscribe = (async (z, bundle) =>
  unsubscribeOrderHooks(
    z,
    authDataOf(bundle),
    (bundle.subscribeData ?? {}) as OrderHookSubscription,
  )) satisfies WebhookTriggerPerformUnsubscribe<InputData, { stripe: boolean; paypal: boolean }>;

const perform = (async (z, bundle) =>
  ordersOfDelivery(z, {
    authData: authDataOf(bundle),
    rawRequest: bundle.rawRequest,
    subscribeData: bundle.subscribeData,
    statuses: chosenStatuses(z, bundle),
  })) satisfies WebhookTriggerPerform<InputData, Order>;

const performList = (async (z, bundle) => {
  const statuses = chosenStatuses(z, bundle);
  const apis = gatewayApis(z, authDataOf(bundle));
  const lists = await Promise.all(
    chosenGateways(z, bundle).map((gateway) =>
      gateway === 'stripe'
        ? recentStripeOrders(apis.stripe!, statuses, { limit: LIST_LIMIT_PER_GATEWAY })
        : recentPayPalEventOrders(apis.paypal!, statuses, { limit: LIST_LIMIT_PER_GATEWAY }),
    ),
  );
  return newestFirst(lists.flat());
}) satisfies WebhookTriggerPerformList<InputData, Order>;

export const orderStatusChanged = defineTrigger({
  key: 'order_status_changed',
  noun: 'Order',
  display: {
    label: 'Order Status Changed',
    description: 'Triggers when an order changes to one of the chosen statuses (paid, refunded, disputed, …), within seconds.',
  },
  operation: {
    type: 'hook',
    inputFields,
    performSubscribe: withErrorBoundary(performSubscribe, { action: 'subscribing to order changes' }),
    performUnsubscribe: withErrorBoundary(performUnsubscribe, { action: 'unsubscribing from order changes' }),
    perform: withErrorBoundary(perform, { action: 'reading an order change' }),
    performList: withErrorBoundary(performList, { action: 'listing recent order changes' }),
    sample: orderSample(),
    outputFields: ORDER_OUTPUT_FIELDS,
  },
});
