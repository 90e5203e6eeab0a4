/**
 * Outputs the order triggers share, in the mutable shapes core's typings want.
 * Samples and outputFields come from the one Order definition (orders/order.ts), so they cannot drift.
 */
import { orderOutputFields, SAMPLE_ORDER, type Order } from '../../orders/order';

/** The Order sample, as a trigger would put it out (e.g. its own id). */
export function orderSample(shape: (order: Order) => Order = (order) => order): Record<string, unknown> {
  return { ...shape(SAMPLE_ORDER) };
}

export const ORDER_OUTPUT_FIELDS = orderOutputFields();
