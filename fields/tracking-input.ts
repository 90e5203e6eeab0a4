/**
 * Validation of the tracking actions' input at the edge (fields declared in fields/tracking.ts): one valibot
 * schema, one TrackingInputError naming the field by its label. Nothing here makes a request.
 *
 *   parseTrackingInput(inputData, mode): TrackingInput — throws TrackingInputError (with the field)
 *       for a bad input; the operation turns it into one z.errors.Error.
 *
 * The schema is built once per process, on first use (fields/validation.ts).
 */
import * as v from 'valibot';
import { parseTrackingNumbers, TrackingInputError } from '../carriers/numbers';
import { MAX_REFERENCE_LENGTH } from '../orders/reference';
import type { TrackingInput, TrackingMode } from '../sync/tracking/input';
import { SHIPPING_LABELS, trackingFieldLabel, type TrackingInputData } from './tracking';
import {
  booleanInput,
  checkOnFirstUse,
  fieldsInput,
  issuePath,
  listInput,
  pairsInput,
  requiredTextInput,
  textInput,
  trackingNumbersInput,
  type Unchecked,
} from './validation';

function buildSchema() {
  const item = fieldsInput(
    {
      sku: textInput(127),
      name: textInput(127),
      quantity: v.pipe(
        textInput(10),
        v.check((quantity) => quantity === undefined || /^[1-9][0-9]{0,9}$/.test(quantity), 'quantity must be a whole number from 1'),
      ),
    },
    'each item must have a SKU, a name and/or a quantity',
  );
  return v.object({
    order: requiredTextInput(MAX_REFERENCE_LENGTH),
    // A number from a spreadsheet is its digits; a list (mapped line items) is several numbers.
    tracking_number: v.pipe(trackingNumbersInput(true, 'must be text: one or more tracking numbers'), v.string('is required')),
    old_tracking_number: textInput(64),
    carrier: textInput(200),
    carrier_name: textInput(64),
    tracking_url: trackingUrlInput(),
    items: v.pipe(
      listInput(item, 'must be line items (SKU, name, quantity)'),
      v.transform((items) => items.filter((i) => i.sku || i.name || i.quantity)),
    ),
    ...sharedActionEntries(),
  });
}

const checkInput = checkOnFirstUse(buildSchema);

/** Validation of the inputs every tracking action shares with sync_tracking: notify_buyer, carrier_overrides, dispute_evidence, shipping. */
export function sharedActionEntries() {
  return {
    notify_buyer: booleanInput(false),
    carrier_overrides: v.nullish(
      pairsInput(v.pipe(textInput(200), v.string('give each name a carrier code')), 'must be pairs of a name and a carrier code'),
    ),
    dispute_evidence: v.pipe(
      textInput(10),
      v.transform((choice) => choice ?? 'stage'),
      v.picklist(['none', 'stage', 'submit'], 'must be none, stage or submit'),
    ),
    ...Object.fromEntries(Object.keys(SHIPPING_LABELS).map((key) => [key, textInput(key === 'shipping_country' ? 2 : 200)])),
  };
}

/** The tracking_url of a tracking action and of a sync_tracking line. */
export function trackingUrlInput() {
  return v.pipe(
    textInput(2048),
    v.check((url) => url === undefined || /^https:\/\/[^\s/]+\.[^\s]+$/i.test(url), 'must be an https:// link'),
  );
}

/** " (item 2)" for a line item's problem; nothing for the others (a key could be long or a secret). */
function whereIn(path: ReadonlyArray<string | number>): string {
  return path[0] === 'items' && typeof path[1] === 'number' ? ` (item ${path[1] + 1})` : '';
}

/**
 * Validated input of a tracking action. Throws TrackingInputError naming the field and the fix; the error
 * boundary (gateways/errors.ts) puts the field's label (`trackingFieldLabel`) in front where it is missing.
 */
export function parseTrackingInput(inputData: Unchecked<TrackingInputData>, mode: TrackingMode): TrackingInput {
  const parsed = checkInput(inputData);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = issuePath(issue);
    const field = String(path[0] ?? 'input');
    throw new TrackingInputError(field, `${trackingFieldLabel(field, mode)}${whereIn(path)}: ${issue.message}.`);
  }
  const data = parsed.output as Omit<TrackingInput, 'tracking_numbers'> & { tracking_number: string };
  const { tracking_number, ...rest } = data;
  const numbers = parseTrackingNumbers(tracking_number, 'tracking_number');
  if (mode === 'cancel' && numbers.length > 1) throw new TrackingInputError('tracking_number', 'enter one tracking number to cancel.');
  if (rest.items.length > 0 && numbers.length > 1) {
    throw new TrackingInputError(
      'items',
      'the items describe one parcel; with several tracking numbers leave Items empty, or use one step per parcel.',
    );
  }
  const old = rest.old_tracking_number ? parseTrackingNumbers(rest.old_tracking_number, 'old_tracking_number') : [];
  if (old.length > 1) throw new TrackingInputError('old_tracking_number', 'enter one tracking number.');
  return { ...rest, old_tracking_number: old[0], tracking_numbers: numbers };
}
