/**
 * The inputs of `untracked_order` (docs/fields.md) and their validation at the edge:
 *
 *   untrackedOrderFields: min_age_hours, lookback_days, require_shipping_address; MAX_LOOKBACK_DAYS
 *   untrackedOrderInput(z, inputData): { min_age_hours, lookback_days, require_shipping_address } — one
 *       z.errors.Error naming every bad field (by its label) and the fix; defaults 24 h, 14 days, yes.
 */
import { defineInputFields, type InferInputData, type ZObject } from 'zapier-platform-core';
import { booleanInput, loadZod, wholeNumberInput, type Unchecked, type ZodV3 } from './zod';

export const MAX_LOOKBACK_DAYS = 30;

function buildSchema() {
  const z = loadZod();
  return z.object({
    min_age_hours: wholeNumberInput(z, { min: 0, max: MAX_LOOKBACK_DAYS * 24, fallback: 24, minText: 'must be 0 or more' }),
    lookback_days: wholeNumberInput(z, { min: 1, max: MAX_LOOKBACK_DAYS, fallback: 14, minText: 'must be at least 1' }),
    require_shipping_address: booleanInput(z, true),
  });
}

let schema: ReturnType<typeof buildSchema> | undefined;
export type UntrackedOrderInput = ZodV3.infer<ReturnType<typeof buildSchema>>;

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
  schema ??= buildSchema();
  const parsed = schema.safeParse(inputData ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${UNTRACKED_FIELD_LABELS[issue.path[0] as keyof UntrackedOrderInput] ?? String(issue.path[0])} ${issue.message}`,
    );
    throw new z.errors.Error(`${problems.join('; ')}.`, 'InvalidInput', 400);
  }
  if (parsed.data.min_age_hours >= parsed.data.lookback_days * 24) {
    throw new z.errors.Error(
      `Minimum Age (Hours) must be less than Lookback (Days) × 24 (${parsed.data.lookback_days * 24}); otherwise no order can qualify.`,
      'InvalidInput',
      400,
    );
  }
  return parsed.data;
}
