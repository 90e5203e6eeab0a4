/**
 * Input fields of `find_order` (docs/fields.md) and their validation at the edge:
 *
 *   findOrderInputFields: order, customer_email, gateways
 *   parseFindOrderInput(z, inputData): { reference, email } — one z.errors.Error naming the field for a bad
 *       input; the reference itself is checked by orders/reference.ts when it is resolved (no request first).
 */
import * as v from 'valibot';
import { defineInputFields, type InferInputData, type ZObject } from 'zapier-platform-core';
import { MAX_REFERENCE_LENGTH } from '../orders/reference';
import { gatewaysField } from './gateways';
import { checkOnFirstUse, issuePath, textInput, type Unchecked } from './validation';

export const findOrderInputFields = defineInputFields([
  {
    key: 'order',
    label: 'Order',
    type: 'string',
    required: false,
    dynamic: 'order_list.id.name',
    helpText: 'Any ID you have: Stripe `pi_…`, `ch_…`/`py_…`, `cs_…`; a PayPal order or transaction ID; or your own order number.',
  },
  {
    key: 'customer_email',
    label: 'Customer Email',
    type: 'string',
    required: false,
    helpText: 'Orders paid with this email (PayPal: the last 31 days; PayPal’s search can lag up to 3 hours).',
  },
  gatewaysField,
]);

export type FindOrderInputData = InferInputData<typeof findOrderInputFields>;

const LABELS: Record<string, string> = { order: 'Order', customer_email: 'Customer Email' };

/** How messages name a field of `find_order`: its label. */
export const findOrderFieldLabel = (field: string): string => LABELS[field] ?? field;

/** RFC 5321: 254 characters at most in a usable address. */
const MAX_EMAIL_LENGTH = 254;

function buildSchema() {
  return v.object({
    order: textInput(MAX_REFERENCE_LENGTH),
    customer_email: v.pipe(
      textInput(MAX_EMAIL_LENGTH),
      v.check((email) => email === undefined || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email), 'enter one email address, e.g. ann@example.com'),
    ),
  });
}

const checkInput = checkOnFirstUse(buildSchema);

export interface FindOrderInput {
  /** The order reference, trimmed ('' when none). */
  reference: string;
  /** The customer email, trimmed ('' when none). */
  email: string;
}

export function parseFindOrderInput(z: ZObject, inputData: Unchecked<FindOrderInputData>): FindOrderInput {
  const parsed = checkInput(inputData ?? {});
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const field = String(issuePath(issue)[0]);
    throw new z.errors.Error(`${findOrderFieldLabel(field)}: ${issue.message}.`, 'InvalidInput', 400);
  }
  const data = parsed.output;
  if (!data.order && !data.customer_email) {
    throw new z.errors.Error('Enter an Order (any ID or order number) or a Customer Email, or both.', 'InvalidInput', 400);
  }
  return { reference: data.order ?? '', email: data.customer_email ?? '' };
}
