/**
 * Tracking Audit Report (docs/fields.md#tracking-audit-report--tracking_audit): once per period (id = the period's start
 * date, UTC), counts of the paid orders of the last `lookback_days` per gateway and in total, the 50 oldest
 * exceptions, summaries for email and chat, and the whole exception list as a CSV file.
 *
 * Zapier stashes files only in creates and hydrators (`z.stashFile` throws in a trigger), so `report_csv` is
 * `z.dehydrateFile(trackingAuditCsv, {period, inputs})`: when a later step uses the file, the hydrator reads
 * the same window again (to the same moment, `as_of`) and stashes the CSV.
 *
 * A period's report is built once and kept for the rest of the period (per connection and inputs), so the
 * polls between two reports do not read the gateways again.
 */
import {
  defineInputFields,
  defineTrigger,
  type Bundle,
  type InferInputData,
  type PollingTriggerPerform,
  type ZObject,
} from 'zapier-platform-core';
import { chosenGateways, gatewaysField } from '../fields/gateways';
import { trackingAuditFields, trackingAuditInput, type TrackingAuditInput } from '../fields/tracking-audit';
import { gatewayApis } from '../gateways';
import { connectionCache } from '../gateways/cache';
import { authDataOf, configuredGateways, type GatewayName } from '../gateways/config';
import { withErrorBoundary } from '../gateways/error-boundary';
import { auditCsv } from '../sync/audit/csv';
import { periodOf, type Period } from '../sync/audit/period';
import { auditExceptions, auditReport, readAudit, type AuditScope } from '../sync/audit/report';
import { auditOutputFields, auditSample, type AuditReport } from './shared/audit-output';

/** What the dehydrated file carries (well under Zapier's 12 kB): the period and the validated inputs, no secret. */
interface CsvRequest {
  period: Period & { as_of: string };
  inputs: TrackingAuditInput & { gateways: GatewayName[] };
}

function scopeOf(bundle: { authData?: unknown }, gateways: GatewayName[], input: TrackingAuditInput, asOf: Date): AuditScope {
  const configured = configuredGateways(authDataOf(bundle));
  return { gateways, configured, lookbackDays: input.lookback_days, minAgeHours: input.min_age_hours, asOf };
}

async function stashCsv(z: ZObject, bundle: Bundle): Promise<string> {
  const request = bundle.inputData as Partial<CsvRequest>;
  const asOf = new Date(request.period?.as_of ?? '');
  const periodId = request.period?.id ?? '';
  if (Number.isNaN(asOf.getTime()) || !/^\d{4}-\d{2}-\d{2}$/.test(periodId)) {
    throw new z.errors.Error('This audit report’s file reference is damaged: run the Zap again for a new report.', 'InvalidInput', 400);
  }
  const inputs = (request.inputs ?? {}) as Record<string, unknown>;
  const input = trackingAuditInput(z, inputs);
  const gateways = chosenGateways(z, { ...bundle, inputData: { gateways: inputs.gateways } });
  const scope = scopeOf(bundle, gateways, input, asOf);
  const read = await readAudit(gatewayApis(z, authDataOf(bundle)), scope);
  const csv = auditCsv(auditExceptions(read, scope));
  return z.stashFile(csv, Buffer.byteLength(csv), `tracking-audit-${periodId}.csv`, 'text/csv');
}

/** The hydrator (index.ts `hydrators`): the exception list as CSV, stashed when a later step asks for `report_csv`. */
export const trackingAuditCsv = withErrorBoundary(stashCsv, { action: 'building the tracking audit CSV' });

const secondsUntil = (iso: string) => Math.max(60, Math.ceil((Date.parse(iso) - Date.now()) / 1000));

const HELP =
  'Fires once a day or once a week (UTC) with a report on the paid orders of the last **Lookback (Days)**: how many have ' +
  'tracking, how many are still without it **Minimum Age (Hours)** after payment, refunded orders whose tracking is still ' +
  'live and disputed orders without tracking, per gateway and in total. It lists the 50 oldest of those orders, and ' +
  '**Report CSV** holds all of them, ready to attach to an email or load into a sheet. Orders without a shipping address ' +
  '(digital goods) are not counted as untracked. PayPal payments reach PayPal’s transaction data up to 3 hours late; ' +
  'PayPal disputes are not visible in order data, so only Stripe’s are counted.';

const inputFields = defineInputFields([{ key: 'audit_note', type: 'copy', helpText: HELP }, gatewaysField, ...trackingAuditFields]);

const perform = (async (z, bundle) => {
  const input = trackingAuditInput(z, bundle.inputData);
  const gateways = chosenGateways(z, bundle);
  const asOf = new Date();
  const period = periodOf(input.period, asOf);
  const cache = connectionCache(z);
  const cacheKey = `tracking-audit:${period.kind}:${period.id}:${gateways.join('+')}:${input.lookback_days}:${input.min_age_hours}`;
  // The editor's test shows the gateways as they are now; a Zap's polls reuse the period's report.
  const kept = bundle.meta?.isLoadingSample ? null : await cache.get<AuditReport>(cacheKey);
  if (kept) return [kept];
  const scope = scopeOf(bundle, gateways, input, asOf);
  const read = await readAudit(gatewayApis(z, authDataOf(bundle)), scope);
  const csvRequest: CsvRequest = { period: { ...period, as_of: asOf.toISOString() }, inputs: { ...input, gateways } };
  const report: AuditReport = {
    ...auditReport(read, scope, period),
    report_csv: z.dehydrateFile(trackingAuditCsv, csvRequest as unknown as Record<string, unknown>),
  };
  await cache.set(cacheKey, report, secondsUntil(period.end));
  return [report];
}) satisfies PollingTriggerPerform<InferInputData<typeof inputFields>, AuditReport>;

export const trackingAudit = defineTrigger({
  key: 'tracking_audit',
  noun: 'Report',
  display: {
    label: 'Tracking Audit Report',
    description:
      'Triggers when a new day or week begins, with counts of paid orders with and without tracking and a CSV of the orders to check.',
  },
  operation: {
    type: 'polling',
    inputFields,
    perform: withErrorBoundary(perform, { action: 'building the tracking audit report' }),
    sample: auditSample() as unknown as Record<string, unknown>,
    outputFields: auditOutputFields(),
  },
});
