/**
 * Validation of the tracking actions' input at the edge (fields declared in fields/tracking.ts): one zod
 * schema, one TrackingInputError naming the field by its label. Nothing here makes a request.
 *
 *   parseTrackingInput(inputData, mode): TrackingInput — throws TrackingInputError (with the field)
 *       for a bad input; the operation turns it into one z.errors.Error.
 *
 * zod is loaded on first use (fields/zod.ts), and the schema built once per process.
 */
import { parseTrackingNumbers, TrackingInputError } from '../carriers/numbers';
import { MAX_REFERENCE_LENGTH } from '../orders/reference';
import type { TrackingInput, TrackingMode } from '../sync/tracking/input';
import { SHIPPING_LABELS, trackingFieldLabel, type TrackingInputData } from './tracking';
import { booleanInput, loadZod, textInput, type Unchecked, type Zod, type ZodV3 } from './zod';

let schema: ZodV3.ZodTypeAny | undefined;

function buildSchema(): ZodV3.ZodTypeAny {
  const z = loadZod();
  const text = (max: number) => textInput(z, max);
  const item = z.object(
    {
      sku: text(127),
      name: text(127),
      quantity: text(10).pipe(
        z
          .string()
          .regex(/^[1-9][0-9]{0,9}$/, { message: 'quantity must be a whole number from 1' })
          .optional(),
      ),
    },
    { invalid_type_error: 'each item must have a SKU, a name and/or a quantity' },
  );
  return z.object({
    order: text(MAX_REFERENCE_LENGTH).pipe(z.string({ required_error: 'is required' })),
    // A number from a spreadsheet is its digits; a list (mapped line items) is several numbers.
    tracking_number: z
      .union([z.string(), z.number().finite(), z.array(z.union([z.string(), z.number().finite()]))], {
        errorMap: (issue, ctx) => ({
          message: ctx.data === undefined || ctx.data === null ? 'is required' : 'must be text: one or more tracking numbers',
        }),
      })
      .transform((v) => (Array.isArray(v) ? v.join('\n') : String(v))),
    old_tracking_number: text(64),
    carrier: text(200),
    carrier_name: text(64),
    tracking_url: text(2048).refine((v) => v === undefined || /^https:\/\/[^\s/]+\.[^\s]+$/i.test(v), {
      message: 'must be an https:// link',
    }),
    items: z
      .array(item, { invalid_type_error: 'must be line items (SKU, name, quantity)' })
      .nullish()
      .transform((items) => (items ?? []).filter((i) => i.sku || i.name || i.quantity)),
    ...sharedActionShape(z),
  });
}

/** Validation of the inputs every tracking action shares with sync_tracking: notify_buyer, carrier_overrides, dispute_evidence, shipping. */
export function sharedActionShape(z: Zod) {
  const text = (max: number) => textInput(z, max);
  return {
    notify_buyer: booleanInput(z, false),
    carrier_overrides: z
      .record(z.string(), text(200).pipe(z.string({ required_error: 'give each name a carrier code' })), {
        invalid_type_error: 'must be pairs of a name and a carrier code',
      })
      .nullish(),
    dispute_evidence: text(10)
      .transform((v) => v ?? 'stage')
      .pipe(z.enum(['none', 'stage', 'submit'], { errorMap: () => ({ message: 'must be none, stage or submit' }) })),
    ...Object.fromEntries(Object.keys(SHIPPING_LABELS).map((key) => [key, text(key === 'shipping_country' ? 2 : 200)])),
  };
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
  schema ??= buildSchema();
  const parsed = schema.safeParse(inputData);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = String(issue.path[0] ?? 'input');
    throw new TrackingInputError(field, `${trackingFieldLabel(field, mode)}${whereIn(issue.path)}: ${issue.message}.`);
  }
  const data = parsed.data as Omit<TrackingInput, 'tracking_numbers'> & { tracking_number: string };
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
