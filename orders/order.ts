/**
 * The Order: one shape for both gateways (docs/architecture.md#the-order).
 *
 *   Order, TrackingEntry          the types
 *   ORDER_KEYS                    every key, in output order
 *   ORDER_FIELD_LABELS            key → {label, type} (Zapier outputFields are generated from it)
 *   TRACKING_ENTRY_LABELS         the same for one `trackings[]` row
 *   orderOutputFields()           Zapier-style outputFields ([{key, label, type}], incl. `trackings[]…`)
 *   SAMPLE_ORDER                  a realistic Order (operation samples are built from it)
 *   completeOrder(partial)        fills every missing key: null, false for has_tracking, [] for trackings,
 *                                 true / "" for details_complete / details_missing
 *   orderId(order)                `gateway:order_id:status`, the dedupe id of a status change
 *
 * Missing values are null (never undefined, never an absent key). Dates are ISO-8601 with a zone.
 * The tracking list's rules are orders/trackings.ts; the readers every gateway mapper uses, orders/values.ts.
 */
import type { OrderStatus } from './status';
import { completeTracking, type TrackingEntry } from './trackings';

export type { TrackingEntry };

export type Gateway = 'stripe' | 'paypal';
export type Environment = 'live' | 'test';

export interface Order {
  id: string;
  gateway: Gateway;
  environment: Environment;
  /** Stripe PaymentIntent ID / PayPal order ID; null only when the gateway did not say (e.g. a PayPal capture seen alone). */
  order_id: string | null;
  /** Stripe Charge ID / PayPal capture ID: what tracking attaches to. */
  payment_id: string | null;
  merchant_reference: string | null;
  status: OrderStatus;
  gateway_status: string | null;
  status_changed_at: string | null;
  event_id: string | null;
  event_type: string | null;
  amount: string | null;
  currency: string | null;
  amount_refunded: string | null;
  customer_email: string | null;
  customer_name: string | null;
  customer_phone: string | null;
  shipping_name: string | null;
  shipping_line1: string | null;
  shipping_line2: string | null;
  shipping_city: string | null;
  shipping_state: string | null;
  shipping_postal_code: string | null;
  shipping_country: string | null;
  has_tracking: boolean;
  /** The first active tracking's fields; every tracking is in `trackings`. */
  tracking_number: string | null;
  carrier: string | null;
  carrier_name: string | null;
  tracking_url: string | null;
  trackings: TrackingEntry[];
  created_at: string | null;
  dashboard_url: string | null;
  description: string | null;
  /** False when a webhook's Order was built from the event alone because the gateway could not be read. */
  details_complete: boolean;
  /** What could not be read and why; "" when complete. */
  details_missing: string;
}

export type OrderKey = keyof Order;
export type FieldType = 'string' | 'number' | 'boolean' | 'datetime';

export const ORDER_FIELD_LABELS = {
  id: { label: 'ID', type: 'string' },
  gateway: { label: 'Gateway', type: 'string' },
  environment: { label: 'Environment', type: 'string' },
  order_id: { label: 'Order ID', type: 'string' },
  payment_id: { label: 'Payment ID', type: 'string' },
  merchant_reference: { label: 'Merchant Reference', type: 'string' },
  status: { label: 'Status', type: 'string' },
  gateway_status: { label: 'Gateway Status', type: 'string' },
  status_changed_at: { label: 'Status Changed At', type: 'datetime' },
  event_id: { label: 'Event ID', type: 'string' },
  event_type: { label: 'Event Type', type: 'string' },
  amount: { label: 'Amount', type: 'string' }, // a decimal string ("19.99"), never a float
  currency: { label: 'Currency', type: 'string' },
  amount_refunded: { label: 'Amount Refunded', type: 'string' },
  customer_email: { label: 'Customer Email', type: 'string' },
  customer_name: { label: 'Customer Name', type: 'string' },
  customer_phone: { label: 'Customer Phone', type: 'string' },
  shipping_name: { label: 'Shipping Name', type: 'string' },
  shipping_line1: { label: 'Shipping Address Line 1', type: 'string' },
  shipping_line2: { label: 'Shipping Address Line 2', type: 'string' },
  shipping_city: { label: 'Shipping City', type: 'string' },
  shipping_state: { label: 'Shipping State', type: 'string' },
  shipping_postal_code: { label: 'Shipping Postal Code', type: 'string' },
  shipping_country: { label: 'Shipping Country', type: 'string' },
  has_tracking: { label: 'Has Tracking', type: 'boolean' },
  tracking_number: { label: 'Tracking Number', type: 'string' },
  carrier: { label: 'Carrier', type: 'string' },
  carrier_name: { label: 'Carrier Name', type: 'string' },
  tracking_url: { label: 'Tracking URL', type: 'string' },
  trackings: { label: 'Trackings', type: 'string' },
  created_at: { label: 'Created At', type: 'datetime' },
  dashboard_url: { label: 'Dashboard URL', type: 'string' },
  description: { label: 'Description', type: 'string' },
  details_complete: { label: 'Details Complete', type: 'boolean' },
  details_missing: { label: 'Details Missing', type: 'string' },
} as const satisfies Record<OrderKey, { label: string; type: FieldType }>;

/** Every Order key, in output order. */
export const ORDER_KEYS = Object.keys(ORDER_FIELD_LABELS) as OrderKey[];

const TRACKING_ENTRY_LABELS = {
  tracking_number: { label: 'Tracking Number', type: 'string' },
  carrier: { label: 'Carrier', type: 'string' },
  carrier_name: { label: 'Carrier Name', type: 'string' },
  tracking_url: { label: 'Tracking URL', type: 'string' },
  status: { label: 'Tracker Status', type: 'string' },
  tracker_id: { label: 'Tracker ID', type: 'string' },
} as const satisfies Record<keyof TrackingEntry, { label: string; type: FieldType }>;

export interface OutputField {
  key: string;
  label: string;
  type: FieldType;
}

/**
 * Zapier outputFields for an Order; `trackings` rows appear as `trackings[]<key>` (Zapier's line-item
 * notation). `prefix` nests them, e.g. `order__` for the Order inside a tracking result.
 */
export function orderOutputFields(prefix = '', labelPrefix = ''): OutputField[] {
  return ORDER_KEYS.flatMap((key): OutputField[] => {
    const { label, type } = ORDER_FIELD_LABELS[key];
    if (key !== 'trackings') return [{ key: prefix + key, label: labelPrefix + label, type }];
    return (Object.keys(TRACKING_ENTRY_LABELS) as Array<keyof TrackingEntry>).map((entryKey) => ({
      key: `${prefix}trackings[]${entryKey}`,
      label: `${labelPrefix}Trackings: ${TRACKING_ENTRY_LABELS[entryKey].label}`,
      type: TRACKING_ENTRY_LABELS[entryKey].type,
    }));
  });
}

/** `gateway:order_id:status`: fires again when the status changes, never twice for one status. */
export function orderId(order: Pick<Order, 'gateway' | 'order_id' | 'payment_id' | 'status'>): string {
  return `${order.gateway}:${order.order_id ?? order.payment_id ?? ''}:${order.status}`;
}

type RequiredForComplete = Pick<Order, 'gateway' | 'environment' | 'status'>;

/**
 * Every Order key present, in ORDER_KEYS order: missing → null, `has_tracking` → false, `trackings` → [],
 * `details_complete` → true and `details_missing` → "" (an Order is complete unless its maker says otherwise).
 * `id` defaults to `gateway:order_id:status`. Keys that are not Order keys are dropped.
 */
export function completeOrder(partial: Partial<Order> & RequiredForComplete): Order {
  const out: Record<string, unknown> = {};
  for (const key of ORDER_KEYS) out[key] = partial[key] ?? null;
  out.has_tracking = partial.has_tracking ?? false;
  out.trackings = (partial.trackings ?? []).map(completeTracking);
  out.details_complete = partial.details_complete ?? true;
  out.details_missing = partial.details_missing ?? '';
  const order = out as unknown as Order;
  order.id = partial.id ?? orderId(order);
  return order;
}

export const SAMPLE_ORDER: Order = completeOrder({
  id: 'stripe:pi_3MtwBwLkdIwHu7ix28a3tqPa:paid',
  gateway: 'stripe',
  environment: 'live',
  order_id: 'pi_3MtwBwLkdIwHu7ix28a3tqPa',
  payment_id: 'ch_3MtwBwLkdIwHu7ix2Hq8Oq2M',
  merchant_reference: '6735',
  status: 'paid',
  gateway_status: 'succeeded',
  status_changed_at: '2026-11-02T14:05:31Z',
  event_id: 'evt_3MtwBwLkdIwHu7ix0Xqk9Lp1',
  event_type: 'payment_intent.succeeded',
  amount: '19.99',
  currency: 'USD',
  amount_refunded: '0.00',
  customer_email: 'ann@example.com',
  customer_name: 'Ann Smith',
  customer_phone: '+14155550123',
  shipping_name: 'Ann Smith',
  shipping_line1: '510 Townsend St',
  shipping_line2: 'Apt 4',
  shipping_city: 'San Francisco',
  shipping_state: 'CA',
  shipping_postal_code: '94103',
  shipping_country: 'US',
  has_tracking: true,
  tracking_number: '1Z999AA10123456784',
  carrier: 'UPS',
  carrier_name: 'UPS',
  tracking_url: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
  trackings: [
    {
      tracking_number: '1Z999AA10123456784',
      carrier: 'UPS',
      carrier_name: 'UPS',
      tracking_url: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
    },
  ],
  created_at: '2026-11-02T14:05:12Z',
  dashboard_url: 'https://dashboard.stripe.com/payments/pi_3MtwBwLkdIwHu7ix28a3tqPa',
  description: 'Order #6735',
});
