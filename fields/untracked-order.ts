/**
 * The inputs of `untracked_order` (docs/fields.md) and their validation at the edge:
 *
 *   untrackedOrderFields: min_age_hours, lookback_days, require_shipping_address; MAX_LOOKBACK_DAYS
 *   untrackedOrderInput(z, inputData): { min_age_hours, lookback_days, require_shipping_address } — one
 *       z.errors.Error naming every bad field (by its label) and the fix; defaults 24 h, 14 days, yes.
 */
import * as v from 'valibot';
import { defineInputFields, type InferInputData, type ZObject } from 'zapier-platform-core';
import { booleanInput, checkOnFirstUse, issuePath, wholeNumberInput, type Unchecked } from './validation';

export const MAX_LOOKBACK_DAYS = 30;

function buildSchema() {
  return v.object({
    min_age_hours: wholeNumberInput({ min: 0, max: MAX_LOOKBACK_DAYS * 24, fallback: 24, minText: 'must be 0 or more' }),
    lookback_days: wholeNumberInput({ min: 1, max: MAX_LOOKBACK_DAYS, fallback: 14, minText: 'must be at least 1' }),
    require_shipping_address: booleanInput(true),
  });
}

const checkInput = checkOnFirstUse(buildSchema);

export type UntrackedOrderInput = v.InferOutput<ReturnType<typeof buildSchema>>;

export const UNTRACKED_FIELD_LABELS: Record<keyof UntrackedOrderInput, string> = {
  min_age_hours: 'Minimum Age (Hours)',
  lookback_days: 'Lookback (Days)',
  require_shipping_address: 'Only Orders With a Shipping Address',
};

export const untrackedOrderFields = defineInputFields([
  {
    key: 'min_age_hours',
    label: UNTRACKED_FIELD_LABELS.min_age_hours,
    type: 'integer',
    default: '24',
    required: false,
    helpText: 'Trigger for orders paid at least this many hours ago. Default 24.',
  },
  {
    key: 'lookback_days',
    label: UNTRACKED_FIELD_LABELS.lookback_days,
    type: 'integer',
    default: '14',
    required: false,
    helpText: `Ignore orders paid more than this many days ago (at most ${MAX_LOOKBACK_DAYS}). Default 14.`,
  },
  {
    key: 'require_shipping_address',
    label: UNTRACKED_FIELD_LABELS.require_shipping_address,
    type: 'boolean',
    default: 'true',
    required: false,
    helpText: 'Skip orders without a shipping address (digital goods, services). Default yes.',
  },
]);

export type UntrackedOrderInputData = InferInputData<typeof untrackedOrderFields>;

export function untrackedOrderInput(z: ZObject, inputData: Unchecked<UntrackedOrderInputData> | undefined): UntrackedOrderInput {
  const parsed = checkInput(inputData ?? {});
  if (!parsed.success) {
    const problems = parsed.issues.map((issue) => {
      const field = String(issuePath(issue)[0]);
      return `${UNTRACKED_FIELD_LABELS[field as keyof UntrackedOrderInput] ?? field} ${issue.message}`;
    });
    throw new z.errors.Error(`${problems.join('; ')}.`, 'InvalidInput', 400);
  }
  if (parsed.output.min_age_hours >= parsed.output.lookback_days * 24) {
    throw new z.errors.Error(
      `Minimum Age (Hours) must be less than Lookback (Days) × 24 (${parsed.output.lookback_days * 24}); otherwise no order can qualify.`,
      'InvalidInput',
      400,
    );
  }
  return parsed.output;
}
