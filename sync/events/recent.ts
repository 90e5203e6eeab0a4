/**
 * Recent status changes read back from each gateway, as Orders, for the hook trigger's performList
 * and the polling trigger. All reads are bounded: a fixed number of events, mapped with at most
 * READ_CONCURRENCY reads in flight (a Zapier step has 30 s).
 *
 *   mapBounded(items, fn)                               p-limit(3) map
 *   recentStripeOrders(stripe, statuses, {limit, since?, orderOf?})
 *   recentPayPalEventOrders(paypal, statuses, {limit})   from the app's delivered webhook events
 *   keepStatuses(orders, statuses) / newestFirst(orders)  filter; sort by status_changed_at, drop repeated ids
 */
import pLimit from 'p-limit';
import type { PayPalApi } from '../../gateways/paypal';
import type { StripeApi } from '../../gateways/stripe';
import type { Order } from '../../orders/order';
import type { StripeEventInput } from '../../orders/stripe';
import { paypalEventsFor, stripeEventsFor, type OrderStatus } from '../../orders/status';
import { paypalEventOrder, stripeEventOrder } from './event-orders';

export const READ_CONCURRENCY = 3;

/** `fn` over every item with at most `concurrency` calls in flight; results in input order. */
export function mapBounded<T, R>(items: readonly T[], fn: (item: T) => Promise<R>, concurrency = READ_CONCURRENCY): Promise<R[]> {
  const limit = pLimit(concurrency);
  return Promise.all(items.map((item) => limit(() => fn(item))));
}

export function keepStatuses(orders: ReadonlyArray<Order | null>, statuses: readonly OrderStatus[]): Order[] {
  const wanted = new Set<string>(statuses);
  return orders.filter((order): order is Order => order !== null && wanted.has(order.status));
}

/** Newest status change first; of several Orders with one id (e.g. two partial refunds) the newest stays. */
export function newestFirst(orders: readonly Order[]): Order[] {
  const sorted = [...orders].sort((a, b) => (b.status_changed_at ?? '').localeCompare(a.status_changed_at ?? ''));
  const seen = new Set<string>();
  return sorted.filter((order) => !seen.has(order.id) && seen.add(order.id));
}

/**
 * The Orders of the newest Stripe events for these statuses (Stripe lists events newest first and
 * keeps them 30 days). `orderOf` builds each Order (default: stripeEventOrder, which reads what the
 * event lacks); the polling trigger passes a memoised one.
 */
export async function recentStripeOrders(
  stripe: StripeApi,
  statuses: readonly OrderStatus[],
  options: { limit: number; since?: number; orderOf?: (event: StripeEventInput) => Promise<Order | null> },
): Promise<Order[]> {
  const list = await stripe.listEvents({ types: stripeEventsFor(statuses), limit: options.limit, 'created[gte]': options.since });
  const orderOf = options.orderOf ?? ((event: StripeEventInput) => stripeEventOrder(stripe, event));
  return keepStatuses(await mapBounded(list.data as StripeEventInput[], orderOf), statuses);
}

/** The Orders of the newest PayPal webhook events of the types these statuses need (the app's delivered events). */
export async function recentPayPalEventOrders(
  paypal: PayPalApi,
  statuses: readonly OrderStatus[],
  options: { limit: number },
): Promise<Order[]> {
  const types = new Set(paypalEventsFor(statuses));
  // The list filters by one event type at most: read a page of all and keep the wanted types.
  const { events = [] } = await paypal.listWebhookEvents({ page_size: Math.max(options.limit * 3, 25) });
  const wanted = events.filter((event) => types.has(event.event_type)).slice(0, options.limit);
  return keepStatuses(await mapBounded(wanted, (event) => paypalEventOrder(paypal, event)), statuses);
}
