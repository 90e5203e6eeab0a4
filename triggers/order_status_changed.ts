/**
 * Order Status Changed (instant): one webhook per chosen gateway and Zap, every delivery's signature
 * verified, an Order (docs/architecture.md#the-order) out. Life cycle and verification: sync/events/hooks.ts; what an
 * event costs in reads: sync/events/event-orders.ts.
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
import { authDataOf, GATEWAY_LABELS } from '../gateways/config';
import { haltedError, withErrorBoundary } from '../gateways/errors';
import type { Order } from '../orders/order';
import type { PayPalEventInput } from '../gateways/paypal-types';
import type { StripeEventInput } from '../orders/stripe';
import { eventOnlyOrder, paypalEventOrder, stripeEventOrder } from '../sync/events/event-orders';
import {
  emitOncePerEvent,
  orderAfterReadFailure,
  subscribeOrderHooks,
  unsubscribeOrderHooks,
  verifyOrderDelivery,
  type OrderHookSubscription,
} from '../sync/events/hooks';
import { ORDER_OUTPUT_FIELDS, orderSample } from './shared/output';
import { keepStatuses, newestFirst, recentPayPalEventOrders, recentStripeOrders } from '../sync/events/recent';

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

const perform = (async (z, bundle) => {
  const delivery = await verifyOrderDelivery(z, bundle);
  if (!delivery) return [];
  return emitOncePerEvent(z, delivery, async () => {
    const { stripe, paypal } = gatewayApis(z, authDataOf(bundle));
    if (!(delivery.gateway === 'stripe' ? stripe : paypal)) {
      // Verified with the subscription's own secret/webhook id, but the connection no longer has that gateway's credentials.
      throw haltedError(
        z.errors,
        `This connection has no ${GATEWAY_LABELS[delivery.gateway]} credentials any more, so the ${GATEWAY_LABELS[delivery.gateway]} event cannot be read. Reconnect, then turn the Zap off and on.`,
      );
    }
    const event =
      delivery.gateway === 'stripe'
        ? { gateway: 'stripe' as const, stripe: stripe!, event: delivery.event as StripeEventInput }
        : { gateway: 'paypal' as const, paypal: paypal!, event: delivery.event as PayPalEventInput };
    const order = await (
      event.gateway === 'stripe' ? stripeEventOrder(event.stripe, event.event) : paypalEventOrder(event.paypal, event.event)
    ).catch((error: unknown) => orderAfterReadFailure(z, delivery, error, () => eventOnlyOrder(event)));
    const orders = keepStatuses([order], chosenStatuses(z, bundle));
    if (orders.length === 0) {
      z.console.log(
        `Order Status Changed: event ${delivery.event.id} is verified but is not one of the chosen statuses; no Order emitted.`,
      );
    }
    return orders;
  });
}) satisfies WebhookTriggerPerform<InputData, Order>;

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
