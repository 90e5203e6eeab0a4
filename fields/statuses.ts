/** The `statuses` input of the status-change triggers (docs/architecture.md#order-statuses): which order statuses to fire for. */
import { defineInputField, type Bundle, type InferInputData, type ZObject } from 'zapier-platform-core';
import { isOrderStatus, ORDER_STATUSES, type OrderStatus } from '../orders/status';
import { listValues, quoted, type Unchecked } from './validation';

const DEFAULT_STATUSES: readonly OrderStatus[] = ['paid'];

export const statusesField = defineInputField({
  key: 'statuses',
  label: 'Statuses',
  type: 'string',
  list: true,
  required: false,
  default: 'paid',
  choices: ORDER_STATUSES.map(({ key, label }) => ({ value: key, label, sample: key })),
  helpText: 'Which order statuses to trigger on. Leave empty for **Paid**.',
});

type StatusesInputData = InferInputData<[typeof statusesField]>;

/** The chosen statuses (default `paid`); an unknown one is an input error naming the valid ones. */
export function chosenStatuses(z: ZObject, bundle: Bundle<Unchecked<StatusesInputData>>): OrderStatus[] {
  const requested = listValues(bundle.inputData.statuses);
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
