/**
 * Input fields of `sync_tracking` and their validation at the edge:
 *
 *   syncTrackingInputFields: order, tracking (line items), remove_others, and the inputs it shares with
 *       add_tracking (fields/tracking.ts): notify_buyer, carrier_overrides, dispute_evidence, shipping fallbacks
 *   parseSyncInput(z, inputData): SyncInput — one z.errors.Error naming the field (and the line) for a bad
 *       input, an empty set included. Nothing here makes a request. The schema is built on first use.
 */
import * as v from 'valibot';
import { defineInputFields, type ZObject } from 'zapier-platform-core';
import { MAX_TRACKING_NUMBERS, parseTrackingNumbers, TrackingInputError } from '../carriers/numbers';
import { MAX_REFERENCE_LENGTH } from '../orders/reference';
import { SHIPMENT_STATUSES, type ShipmentStatus } from '../sync/reconcile/compare';
import { wantedTrackings, type SyncInput, type SyncLine } from '../sync/reconcile/plan';
import { sharedActionEntries, trackingUrlInput } from './tracking-input';
import { carrierOverridesField, disputeEvidenceField, notifyBuyerField, orderField, shippingFields, trackingFieldLabel } from './tracking';
import {
  booleanInput,
  checkOnFirstUse,
  fieldsInput,
  issuePath,
  listInput,
  requiredTextInput,
  textInput,
  trackingNumbersInput,
} from './validation';

const STATUS_LABELS: Record<ShipmentStatus, string> = {
  shipped: 'Shipped',
  in_transit: 'In Transit',
  delivered: 'Delivered',
  on_hold: 'On Hold',
  returned: 'Returned',
};

export const syncTrackingInputFields = defineInputFields([
  orderField(['stripe', 'paypal']),
  {
    key: 'tracking',
    label: 'Tracking',
    required: true,
    // Zapier allows no helpText next to children: the first child explains the group.
    children: [
      {
        key: 'tracking_number',
        label: 'Tracking Number',
        type: 'string',
        required: true,
        helpText:
          'Every tracking number the shop holds for this order, one line each (map your shop’s line items). The order’s gateway is made to hold exactly these.',
      },
      { key: 'carrier', label: 'Carrier', type: 'string', required: false, dynamic: 'carrier_list.id.name' },
      { key: 'tracking_url', label: 'Tracking URL', type: 'string', required: false },
      {
        key: 'status',
        label: 'Status',
        type: 'string',
        required: false,
        default: 'shipped',
        choices: SHIPMENT_STATUSES.map((value) => ({ value, label: STATUS_LABELS[value], sample: value })),
        helpText:
          'The shipment’s state. PayPal keeps it as the tracker’s status; Stripe in the payment’s metadata `tracking_status`, lower case as given (e.g. `delivered`).',
      },
    ],
  },
  {
    key: 'remove_others',
    label: 'Remove Others',
    type: 'boolean',
    required: false,
    default: 'false',
    helpText: 'Cancel the tracking numbers the gateway holds for this order that are not in Tracking. Off: they are kept.',
  },
  notifyBuyerField,
  carrierOverridesField,
  // The shared definitions are read-only data; Zapier's field type wants its own shapes.
  { ...disputeEvidenceField, choices: [...disputeEvidenceField.choices] },
  ...shippingFields.map((field) => ({ ...field, type: 'string' as const })),
]);

function buildSchema() {
  const line = fieldsInput(
    {
      // A number from a spreadsheet is its digits.
      tracking_number: v.pipe(
        trackingNumbersInput(false, 'must be text: one tracking number'),
        v.transform((number) => number ?? ''),
      ),
      carrier: textInput(200),
      tracking_url: trackingUrlInput(),
      status: v.pipe(
        textInput(20),
        v.transform((status) => (status ?? 'shipped').toLowerCase().replace(/[\s-]+/g, '_')),
        v.picklist(SHIPMENT_STATUSES, `must be ${SHIPMENT_STATUSES.join(', ')}`),
      ),
    },
    'each line must have a tracking number, and may have a carrier, a tracking URL and a status',
  );
  return v.object({
    order: requiredTextInput(MAX_REFERENCE_LENGTH),
    tracking: listInput(line, 'must be line items (tracking number, carrier, tracking URL, status)'),
    remove_others: booleanInput(false),
    ...sharedActionEntries(),
  });
}

const checkInput = checkOnFirstUse(buildSchema);

const LINE_LABELS: Record<string, string> = {
  tracking_number: 'Tracking Number',
  carrier: 'Carrier',
  tracking_url: 'Tracking URL',
  status: 'Status',
};

function fieldLabel(field: string): string {
  return field === 'tracking' ? 'Tracking' : field === 'remove_others' ? 'Remove Others' : trackingFieldLabel(field);
}

/** "Tracking (line 2): Status: " for a line item's problem; "Dispute Evidence: " for another field's. */
function where(path: ReadonlyArray<string | number>): string {
  const field = String(path[0] ?? 'input');
  if (field !== 'tracking' || typeof path[1] !== 'number') return `${fieldLabel(field)}: `;
  const child = path[2] === undefined ? '' : `${LINE_LABELS[String(path[2])] ?? String(path[2])}: `;
  return `Tracking (line ${path[1] + 1}): ${child}`;
}

type RawLine = { tracking_number: string; carrier?: string; tracking_url?: string; status: ShipmentStatus };

/** The lines with their numbers; blank lines dropped. Throws TrackingInputError naming the line. */
function linesOf(raw: readonly RawLine[], overrides: Record<string, string> | undefined): SyncLine[] {
  const lines: SyncLine[] = [];
  raw.forEach((line, index) => {
    const at = `Tracking (line ${index + 1}): `;
    if (!line.tracking_number.trim()) {
      if (line.carrier || line.tracking_url)
        throw new TrackingInputError('tracking', `${at}Tracking Number: enter the number this carrier shipped.`);
      return;
    }
    try {
      const numbers = parseTrackingNumbers(line.tracking_number, 'tracking');
      const parsed = { numbers, carrier: line.carrier, tracking_url: line.tracking_url, status: line.status };
      wantedTrackings([parsed], overrides); // its carrier is known or detectable (before any request)
      lines.push(parsed);
    } catch (error) {
      throw error instanceof TrackingInputError ? new TrackingInputError('tracking', `${at}${error.message}`) : error;
    }
  });
  return lines;
}

export function parseSyncInput(z: ZObject, inputData: Record<string, unknown>): SyncInput {
  const parsed = checkInput(inputData ?? {});
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new z.errors.Error(`${where(issuePath(issue))}${issue.message}.`, 'InvalidInput', 400);
  }
  const { tracking, ...rest } = parsed.output as Omit<SyncInput, 'tracking'> & { tracking: RawLine[] };
  try {
    const lines = linesOf(tracking, rest.carrier_overrides);
    const count = lines.reduce((n, l) => n + l.numbers.length, 0);
    if (count === 0)
      throw new TrackingInputError(
        'tracking',
        'Tracking: enter the tracking numbers the shop holds for this order (at least one). Nothing was written. To remove tracking from an order, use Cancel Tracking.',
      );
    if (count > MAX_TRACKING_NUMBERS)
      throw new TrackingInputError(
        'tracking',
        `Tracking: ${count} tracking numbers entered; one step takes at most ${MAX_TRACKING_NUMBERS}.`,
      );
    wantedTrackings(lines, rest.carrier_overrides); // a number listed twice with another carrier or status
    return { ...rest, tracking: lines };
  } catch (error) {
    if (error instanceof TrackingInputError) throw new z.errors.Error(error.message, 'InvalidInput', 400);
    throw error;
  }
}
