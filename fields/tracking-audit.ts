/**
 * The inputs of `tracking_audit` (docs/fields.md#tracking-audit-report--tracking_audit) and their validation at the edge:
 *
 *   trackingAuditFields            period, lookback_days, min_age_hours (gateways: fields/gateways.ts)
 *   trackingAuditInput(z, inputData): { period, lookback_days, min_age_hours }: a z.errors.Error naming the
 *       field and the fix. Lookback and minimum age follow `untracked_order`'s rules (fields/untracked-order.ts).
 */
import { defineInputFields, type ZObject } from 'zapier-platform-core';
import { PERIODS, type PeriodKind } from '../sync/audit/period';
import { MAX_LOOKBACK_DAYS, UNTRACKED_FIELD_LABELS, untrackedOrderInput } from './untracked-order';
import { quoted } from './validation';

const PERIOD_LABEL = 'Period';

export const trackingAuditFields = defineInputFields([
  {
    key: 'period',
    label: PERIOD_LABEL,
    type: 'string',
    choices: [
      { value: 'daily', label: 'Daily (each day at 00:00 UTC)', sample: 'daily' },
      { value: 'weekly', label: 'Weekly (each Monday at 00:00 UTC)', sample: 'weekly' },
    ],
    default: 'daily',
    required: false,
    helpText: 'How often the report fires: once a day or once a week, on the first check of the period (UTC). Default daily.',
  },
  {
    key: 'lookback_days',
    label: UNTRACKED_FIELD_LABELS.lookback_days,
    type: 'integer',
    default: '14',
    required: false,
    helpText: `Count the paid orders created in this many past days (at most ${MAX_LOOKBACK_DAYS}). Default 14.`,
  },
  {
    key: 'min_age_hours',
    label: UNTRACKED_FIELD_LABELS.min_age_hours,
    type: 'integer',
    default: '24',
    required: false,
    helpText: 'An order without tracking counts as untracked once it was paid this many hours ago. Default 24.',
  },
]);

export interface TrackingAuditInput {
  period: PeriodKind;
  lookback_days: number;
  min_age_hours: number;
}

function periodInput(z: ZObject, raw: unknown): PeriodKind {
  if (raw === undefined || raw === null || raw === '') return 'daily';
  const value = typeof raw === 'string' ? raw.trim().toLowerCase() : raw;
  if ((PERIODS as readonly unknown[]).includes(value)) return value as PeriodKind;
  const shown = typeof raw === 'string' ? ` ${quoted(raw)}` : '';
  throw new z.errors.Error(`${PERIOD_LABEL}:${shown} is not a period. Choose daily or weekly.`, 'InvalidInput', 400);
}

export function trackingAuditInput(z: ZObject, inputData: Record<string, unknown> | undefined): TrackingAuditInput {
  const data = inputData ?? {};
  const period = periodInput(z, data.period);
  const { lookback_days, min_age_hours } = untrackedOrderInput(z, { lookback_days: data.lookback_days, min_age_hours: data.min_age_hours });
  return { period, lookback_days, min_age_hours };
}
