/**
 * A webhook delivery → its Order (docs/architecture.md#webhook-delivery).
 *
 *   ordersOfDelivery(z, {authData, rawRequest, subscribeData, statuses}) → [] or [Order]
 *
 * Zapier answers the gateway 200 before `perform` runs, so the gateway never delivers the event again;
 * Zapier retries a `perform` once, after a ThrottledError only, and drops the event on any other error.
 * So a correctly signed, first-seen delivery always yields its Order: the reads it needs are retried
 * here within one budget (retry.ts), and when they still fail the Order is built from the event itself
 * (Stripe: the signed snapshot of the object; PayPal: the resource), with `details_complete: false` and
 * `details_missing` saying what could not be read and why. Only a failed signature or a repeat drops a
 * delivery (verify.ts, once.ts), and one case throttles: a PayPal certificate never seen that cannot be
 * downloaded.
 *
 * A revoked key (401), a missing permission (403), credentials removed from the connection: the event
 * would otherwise be lost for good (the gateway will not send it again), so its Order is emitted from the
 * event alone, and `details_missing` names the problem and the fix (reconnect) instead of an
 * ExpiredAuthError that would drop it. The next action on the connection still fails with that error.
 */
import type { ZObject } from 'zapier-platform-core';
import { gatewayApis, type Gateways } from '../../gateways';
import { connectionSecrets, GATEWAY_LABELS, type AuthData } from '../../gateways/config';
import { scrubSecrets, zapierErrorDetails } from '../../gateways/errors';
import { completeOrder, ORDER_FIELD_LABELS, type Order, type OrderKey } from '../../orders/order';
import { STATUS_TABLE, type OrderStatus } from '../../orders/status';
import type { PayPalEventInput } from '../../gateways/paypal-types';
import { eventOnlyOrder, paypalEventOrder, stripeEventOrder, type GatewayEvent } from './event-orders';
import { emitOncePerEvent } from './once';
import { readWithRetries, startRetryBudget, type ReadOutcome } from './retry';
import { verifyOrderDelivery, type DeliveryRequest, type VerifiedDelivery } from './verify';

export interface OrderDelivery extends DeliveryRequest {
  authData: AuthData;
  statuses: readonly OrderStatus[];
}

export async function ordersOfDelivery(z: ZObject, request: OrderDelivery): Promise<Order[]> {
  const budget = startRetryBudget();
  const delivery = await verifyOrderDelivery(z, request, budget);
  if (!delivery) return [];
  return emitOncePerEvent(z, delivery, async () => {
    const apis = gatewayApis(z, request.authData);
    const source = eventSource(apis, delivery);
    const outcome = apis[delivery.gateway] ? await readWithRetries(source.read, budget) : noCredentials(delivery);
    if (outcome.ok && outcome.value === NOT_SENT_BY_PAYPAL) {
      z.console.log(
        `Order Status Changed: delivery ignored, no Order emitted. PayPal has no event ${delivery.event.id}: the signed body is not one PayPal sent.`,
      );
      return [];
    }
    const order = outcome.ok ? (outcome.value as Order | null) : fromEventAlone(z, source.event(), apis, outcome, request.authData);
    if (order && isChosen(order, request.statuses)) return [order];
    z.console.log(`Order Status Changed: event ${delivery.event.id} is verified but is not one of the chosen statuses; no Order emitted.`);
    return [];
  });
}

/** What the PayPal API answers for the event id of a body it never sent. */
const NOT_SENT_BY_PAYPAL = Symbol('not sent by PayPal');

/**
 * The read that completes a delivery's Order from the gateway's current state (sync/events/event-orders.ts),
 * and the event the Order is about. PayPal signs only a CRC32 of the body, so a PayPal event is first read
 * back from PayPal by its id (1 request) and the Order made from PayPal's copy: whatever a body that
 * matches the checksum says, the Order says what PayPal says. A Stripe body is under an HMAC: it is the event.
 */
function eventSource(apis: Gateways, delivery: VerifiedDelivery) {
  if (delivery.gateway === 'stripe') {
    const event: GatewayEvent = { gateway: 'stripe', event: delivery.event };
    return { read: () => stripeEventOrder(apis.stripe!, event.event), event: () => event };
  }
  const sent: PayPalEventInput = delivery.event;
  let kept: PayPalEventInput | null | undefined; // undefined until PayPal answered
  return {
    read: async (): Promise<Order | null | typeof NOT_SENT_BY_PAYPAL> => {
      if (kept === undefined) kept = await apis.paypal!.getWebhookEvent(delivery.event.id);
      return kept ? paypalEventOrder(apis.paypal!, kept) : NOT_SENT_BY_PAYPAL;
    },
    event: (): GatewayEvent => ({ gateway: 'paypal', event: kept ?? sent }),
  };
}

function noCredentials(delivery: VerifiedDelivery): ReadOutcome<never> {
  const label = GATEWAY_LABELS[delivery.gateway];
  // Verified with the subscription's own secret / webhook id, but the connection no longer has that gateway's credentials.
  const error = new Error(`this connection has no ${label} credentials any more; reconnect, then turn the Zap off and on`);
  return { ok: false, error, attempts: 0, seconds: 0 };
}

/** Labels of the fields an Order built from the event alone lacks (tracking is never known without a read). */
const READ_FIELDS: OrderKey[] = ['order_id', 'merchant_reference', 'customer_email', 'customer_name', 'customer_phone', 'shipping_line1'];

/** A PayPal refund names neither its order nor the captured amount: full or partial is a guess without the capture. */
const guessedStatuses = (order: Order): readonly OrderStatus[] =>
  (!order.details_complete &&
    order.gateway === 'paypal' &&
    STATUS_TABLE.find((row) => row.decidedBy === 'amount' && row.paypal.includes(order.event_type ?? ''))?.statuses) ||
  [];

const MAX_REASON_CHARS = 300;

function whyNotRead(outcome: Extract<ReadOutcome<unknown>, { ok: false }>, label: string, authData: AuthData): string {
  // The gateway layer's words, without its advice to wait for Zapier's retry (this is the last try), kept short.
  const words = zapierErrorDetails(outcome.error)
    .message.replace(/\s*Zapier will retry[^]*$/, '')
    .replace(/\.$/, '');
  const said = words.length > MAX_REASON_CHARS ? `${words.slice(0, MAX_REASON_CHARS - 1)}…` : words;
  const tries = outcome.attempts > 1 ? ` (${outcome.attempts} tries in ${outcome.seconds} s)` : '';
  return scrubSecrets(`${label} could not be read${tries}: ${said}`, connectionSecrets(authData));
}

function fromEventAlone(
  z: ZObject,
  source: GatewayEvent,
  apis: Gateways,
  outcome: Extract<ReadOutcome<unknown>, { ok: false }>,
  authData: AuthData,
): Order | null {
  const label = GATEWAY_LABELS[source.gateway];
  const environment = source.gateway === 'stripe' ? apis.stripe?.mode : apis.paypal?.environment;
  const built = eventOnlyOrder(source, environment);
  if (!built) return null;
  const order = completeOrder({ ...built, details_complete: false });
  const missing: string[] = READ_FIELDS.filter((key) => order[key] === null).map((key) =>
    key === 'shipping_line1' ? 'Shipping Address' : ORDER_FIELD_LABELS[key].label,
  );
  if (guessedStatuses(order).length) missing.push('whether the refund is full or partial');
  const why = whyNotRead(outcome, label, authData);
  z.console.log(`Order Status Changed: ${why}; the Order of event ${source.event.id} is built from the event alone.`);
  return { ...order, details_missing: `${why}. Built from the ${label} event alone; not known: ${[...missing, 'Tracking'].join(', ')}.` };
}

/** The chosen statuses; an Order whose status is a guess (guessedStatuses) counts when any status it may be is chosen. */
function isChosen(order: Order, statuses: readonly OrderStatus[]): boolean {
  return [order.status, ...guessedStatuses(order)].some((status) => statuses.includes(status));
}
