/**
 * Input fields of `check_tracking` and their validation at the edge:
 *
 *   checkTrackingInputFields: order, expected_tracking (list), expected_carrier
 *   parseCheckInput(z, inputData): { reference, expected } — one z.errors.Error naming the field for a bad input;
 *       the reference itself is checked by orders/reference.ts when it is resolved (no request first).
 */
import * as v from 'valibot';
import { defineInputFields, type ZObject } from 'zapier-platform-core';
import { parseTrackingNumbers, TrackingInputError } from '../carriers/numbers';
import { MAX_REFERENCE_LENGTH } from '../orders/reference';
import { carrierCode, type ExpectedTracking } from '../sync/reconcile/compare';
import { checkOnFirstUse, issuePath, requiredTextInput, textInput, trackingNumbersInput } from './validation';

export const checkTrackingInputFields = defineInputFields([
  {
    key: 'order',
    label: 'Order',
    type: 'string',
    required: true,
    dynamic: 'order_list.id.name',
    helpText:
      'Any ID you have: Stripe `pi_…`, `ch_…`/`py_…`, `cs_…`; a PayPal order or transaction ID; or your own order number, which is looked up in every gateway of the connection.',
  },
  {
    key: 'expected_tracking',
    label: 'Expected Tracking',
    type: 'string',
    list: true,
    required: false,
    helpText:
      'The tracking numbers the shop shipped for this order. Leave empty to check only that the gateway holds live tracking (and, when the order is paid in both gateways, the same numbers in each).',
  },
  {
    key: 'expected_carrier',
    label: 'Expected Carrier',
    type: 'string',
    required: false,
    dynamic: 'carrier_list.id.name',
    helpText: 'The carrier the shop shipped with ("usps", "Royal Mail"). Leave empty not to compare carriers.',
  },
] as const);

const LABELS: Record<string, string> = { order: 'Order', expected_tracking: 'Expected Tracking', expected_carrier: 'Expected Carrier' };

function buildSchema() {
  return v.object({
    order: requiredTextInput(MAX_REFERENCE_LENGTH),
    // A list field arrives as a list, or as one text when a single value is mapped.
    expected_tracking: v.pipe(
      trackingNumbersInput(true, 'must be tracking numbers (text)'),
      v.transform((numbers) => numbers ?? ''),
    ),
    expected_carrier: textInput(200),
  });
}

const checkInput = checkOnFirstUse(buildSchema);

export interface CheckInput {
  reference: string;
  expected: ExpectedTracking;
}

export function parseCheckInput(z: ZObject, inputData: Record<string, unknown>): CheckInput {
  const parsed = checkInput(inputData ?? {});
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const field = String(issuePath(issue)[0]);
    throw new z.errors.Error(`${LABELS[field] ?? field}: ${issue.message}.`, 'InvalidInput', 400);
  }
  const data = parsed.output;
  try {
    const numbers = data.expected_tracking.trim() ? parseTrackingNumbers(data.expected_tracking, 'expected_tracking') : [];
    return { reference: data.order, expected: { numbers, carrier: carrierCode(data.expected_carrier, null) } };
  } catch (error) {
    if (error instanceof TrackingInputError) throw new z.errors.Error(`Expected Tracking: ${error.message}`, 'InvalidInput', 400);
    throw error;
  }
}
