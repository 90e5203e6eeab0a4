/**
 * `order_list` (hidden): the order dropdown — recent paid orders of every configured gateway, newest
 * first; `id` = the order ID (PaymentIntent ID; PayPal capture ID, which the actions resolve to its
 * order without another lookup by the merchant), `name` = `#ref · 19.99 USD · ann@example.com · 2026-11-02`.
 * Stripe: the latest 25 PaymentIntents (one request). PayPal: Transaction Search of the last 31 days
 * (one page of 100; data lags up to 3 h), no further reads.
 */
import { defineTrigger, type PollingTriggerPerform } from 'zapier-platform-core';
import { authDataOf, configuredGateways } from '../gateways/config';
import { gatewayApis } from '../gateways';
import { withErrorBoundary } from '../gateways/error-boundary';
import { stripeOrderFrom } from '../sync/orders/load';
import type { Order } from '../orders/order';
import { orderFromTransaction } from '../orders/paypal';
import { isPaymentRow, searchPayPalTransactions } from '../sync/orders/resolve';

const LISTED = 25;
const UNPAID: ReadonlySet<string> = new Set(['pending', 'failed', 'canceled']);

export interface OrderChoice {
  id: string;
  name: string;
}

/** `#6735 · 19.99 USD · ann@example.com · 2026-11-02` (missing parts left out). */
export function orderChoiceName(order: Order): string {
  const ref = order.merchant_reference ? `#${order.merchant_reference.replace(/^#/, '')}` : (order.order_id ?? order.payment_id ?? '');
  const amount = order.amount && order.currency ? `${order.amount} ${order.currency}` : null;
  return [ref, amount, order.customer_email, order.created_at?.slice(0, 10)].filter(Boolean).join(' · ');
}

const perform = (async (z, bundle) => {
  const authData = authDataOf(bundle);
  const gateways = gatewayApis(z, authData);
  const lists = await Promise.all(
    configuredGateways(authData).map(async (gateway): Promise<Order[]> => {
      if (gateway === 'stripe') {
        const stripe = gateways.stripe!;
        const list = await stripe.listPaymentIntents({ limit: LISTED });
        return list.data.map((pi) => stripeOrderFrom(pi, stripe.mode).order);
      }
      const paypal = gateways.paypal!;
      const rows = await searchPayPalTransactions(paypal, new Date(), { page_size: '100' });
      return rows.filter(isPaymentRow).map((row) => orderFromTransaction(row, { environment: paypal.environment }));
    }),
  );
  const seen = new Set<string>();
  return lists
    .flat()
    .filter((o) => !UNPAID.has(o.status))
    .sort((a, b) => (b.created_at ?? '').localeCompare(a.created_at ?? ''))
    .flatMap((o) => {
      const id = o.order_id ?? o.payment_id;
      if (!id || seen.has(id)) return [];
      seen.add(id);
      return [{ id, name: orderChoiceName(o) }];
    })
    .slice(0, LISTED * 2);
}) satisfies PollingTriggerPerform<Record<string, never>, OrderChoice>;

export const orderList = defineTrigger({
  key: 'order_list',
  noun: 'Order',
  display: { label: 'Order List', description: 'Triggers when recent orders are listed for a dropdown.', hidden: true },
  operation: {
    type: 'polling',
    perform: withErrorBoundary(perform, { action: 'listing recent orders' }),
    sample: { id: 'pi_3MtwBwLkdIwHu7ix28a3tqPa', name: '#6735 · 19.99 USD · ann@example.com · 2026-11-02' },
    outputFields: [
      { key: 'id', label: 'Order ID', type: 'string' },
      { key: 'name', label: 'Order', type: 'string' },
    ],
  },
});
