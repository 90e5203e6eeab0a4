/** The `statuses` input of the status-change triggers (docs/architecture.md#order-statuses): which order statuses to fire for. */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { isOrderStatus, ORDER_STATUSES, type OrderStatus } from '../orders/status';
import { listValues, quoted } from './zod';

export const DEFAULT_STATUSES: readonly OrderStatus[] = ['paid'];

export const statusesField = {
  key: 'statuses',
  label: 'Statuses',
  type: 'string' as const,
  list: true,
  required: false,
  default: 'paid',
  choices: ORDER_STATUSES.map(({ key, label }) => ({ value: key, label, sample: key })),
  helpText: 'Which order statuses to trigger on. Leave empty for **Paid**.',
};

/** The chosen statuses (default `paid`); an unknown one is an input error naming the valid ones. */
export function chosenStatuses(z: ZObject, bundle: Bundle): OrderStatus[] {
  const requested = listValues((bundle.inputData as { statuses?: unknown }).statuses);
  if (!requested)
    throw new z.errors.Error('Statuses: choose one or more order statuses (a list), or leave it empty for Paid.', 'InvalidInput', 400);
  if (requested.length === 0) return [...DEFAULT_STATUSES];
  const unknown = requested.filter((value) => !isOrderStatus(value));
  if (unknown.length) {
    const valid = ORDER_STATUSES.map((s) => s.key).join(', ');
    throw new z.errors.Error(
      `Statuses: ${unknown.slice(0, 3).map(quoted).join(', ')} is not an order status. Choose from: ${valid}.`,
      'InvalidInput',
      400,
    );
  }
  return [...new Set(requested as OrderStatus[])];
}
