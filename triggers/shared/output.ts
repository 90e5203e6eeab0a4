/**
 * Inputs and outputs the order triggers share, in the mutable shapes core's typings want.
 * Samples and outputFields come from the one Order definition (orders/order.ts), so they cannot drift.
 */
import { gatewaysField } from '../../fields/gateways';
import { orderOutputFields, SAMPLE_ORDER, type Order } from '../../orders/order';

export const gatewaysInput = { ...gatewaysField, choices: gatewaysField.choices.map((choice) => ({ ...choice })) };

/** The Order sample, as a trigger would put it out (e.g. its own id). */
export function orderSample(shape: (order: Order) => Order = (order) => order): Record<string, unknown> {
  return { ...shape(SAMPLE_ORDER) };
}

/**
 * Amounts are decimal strings (DESIGN §3: `"19.99"`), but ORDER_FIELD_LABELS types them `number`,
 * which Zapier's sample check (D024) rejects. Declared `string` here until orders/order.ts says so.
 */
const DECIMAL_STRING_KEYS = new Set(['amount', 'amount_refunded']);

export const ORDER_OUTPUT_FIELDS = orderOutputFields().map((field) =>
  DECIMAL_STRING_KEYS.has(field.key) ? { ...field, type: 'string' as const } : field,
);
