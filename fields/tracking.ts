/**
 * Input fields of the tracking actions and their validation at the edge.
 *
 *   trackingInputFields(mode, gateways): the fields an action shows (per-gateway actions hide the
 *       other gateway's fields; the keys are the same everywhere)
 *   parseTrackingInput(inputData, mode): TrackingInput — throws TrackingInputError (with the field)
 *       for a bad input; the operation turns it into one z.errors.Error. Nothing here makes a request.
 *
 * zod is loaded on first use (fields/zod.ts), and the schema built once per process.
 */
import { defineInputField, defineInputFields, type InferInputData } from 'zapier-platform-core';
import type { GatewayName } from '../gateways/config';
import { parseTrackingNumbers, TrackingInputError } from '../carriers/numbers';
import type { ShippingFieldsInput } from '../sync/tracking/plan';
import type { TrackingInput, TrackingMode } from '../sync/tracking/write';
import { MAX_REFERENCE_LENGTH } from '../orders/reference';
import { booleanInput, loadZod, textInput, type Unchecked, type Zod, type ZodV3 } from './zod';

const ORDER_IDS: Record<GatewayName, { ids: string; own: string }> = {
  stripe: {
    ids: 'a Stripe payment (`pi_…`), charge (`ch_…`/`py_…`) or Checkout Session (`cs_…`)',
    own: 'Stripe metadata `order_id`/`order_number`',
  },
  paypal: { ids: 'a PayPal order or transaction (capture) ID', own: 'PayPal invoice ID' },
};

/** The Order field, its help naming only the IDs of the gateways the action accepts. */
export function orderField(gateways: readonly GatewayName[]) {
  const accepted = gateways.map((g) => ORDER_IDS[g]);
  return defineInputField({
    key: 'order',
    label: 'Order',
    type: 'string',
    required: true,
    dynamic: 'order_list.id.name',
    helpText: `Any ID you have for the payment: ${accepted.map((a) => a.ids).join(', ')}, or your own order number (${accepted.map((a) => a.own).join(', ')}).`,
  });
}

const trackingNumberField = defineInputField({
  key: 'tracking_number',
  label: 'Tracking Number',
  type: 'text',
  required: true,
  helpText: 'Several numbers separated by commas or new lines add one tracking each. A pasted tracking link of a known carrier works too.',
});

const carrierFields = defineInputFields([
  {
    key: 'carrier',
    label: 'Carrier',
    type: 'string',
    required: false,
    dynamic: 'carrier_list.id.name',
    helpText: 'Pick a carrier or type its name ("usps", "Royal Mail", "DHL Express"). Leave empty to detect it from the tracking number.',
  },
  {
    key: 'carrier_name',
    label: 'Carrier Name',
    type: 'string',
    required: false,
    helpText:
      'The carrier name to record when the carrier is not one we know (PayPal records it as "Other" with this name; Stripe stores it as the carrier).',
  },
  {
    key: 'tracking_url',
    label: 'Tracking URL',
    type: 'string',
    required: false,
    helpText:
      "Optional, an `https://` link (one tracking number only). Left empty, the carrier's public tracking page is used where known.",
  },
]);

export const notifyBuyerField = defineInputField({
  key: 'notify_buyer',
  label: 'Notify Buyer',
  type: 'boolean',
  required: false,
  default: 'false',
  helpText: 'PayPal: email the buyer about the shipment.',
});

const itemsField = defineInputField({
  key: 'items',
  label: 'Items',
  required: false,
  // Zapier allows no helpText next to children: the first child explains the group.
  children: [
    {
      key: 'sku',
      label: 'SKU',
      type: 'string',
      required: false,
      helpText:
        'PayPal: the items in this parcel, for partial shipments. SKUs must be ones sent when the order was created. Leave the items empty for the whole order.',
    },
    { key: 'name', label: 'Name', type: 'string', required: false },
    { key: 'quantity', label: 'Quantity', type: 'integer', required: false },
  ],
});

export const carrierOverridesField = defineInputField({
  key: 'carrier_overrides',
  label: 'Carrier Overrides',
  dict: true,
  required: false,
  helpText: 'Your own carrier names → a carrier code or name (e.g. `Our Courier` → `DPD_UK`), applied before the built-in names.',
});

export const disputeEvidenceField = defineInputField({
  key: 'dispute_evidence',
  label: 'Dispute Evidence',
  type: 'string',
  required: false,
  default: 'stage',
  choices: [
    { value: 'stage', label: 'Stage (save without submitting)', sample: 'stage' },
    { value: 'submit', label: 'Submit to the bank', sample: 'submit' },
    { value: 'none', label: 'Do not touch disputes', sample: 'none' },
  ],
  helpText:
    'Stripe: when the payment has an open dispute, save the tracking as shipping evidence. "Stage" leaves it for you to review and submit.',
});

const SHIPPING_LABELS: Record<keyof ShippingFieldsInput, string> = {
  shipping_name: 'Shipping Name',
  shipping_line1: 'Shipping Address Line 1',
  shipping_line2: 'Shipping Address Line 2',
  shipping_city: 'Shipping City',
  shipping_state: 'Shipping State',
  shipping_postal_code: 'Shipping Postal Code',
  shipping_country: 'Shipping Country',
};

const shippingField = <const Key extends keyof ShippingFieldsInput>(key: Key, helpText?: string) =>
  defineInputField({ key, label: SHIPPING_LABELS[key], type: 'string', required: false, helpText });

export const shippingFields = defineInputFields([
  shippingField(
    'shipping_name',
    'Stripe: used only when the payment has no shipping address of its own (Stripe stores tracking only with a name and address).',
  ),
  shippingField('shipping_line1'),
  shippingField('shipping_line2'),
  shippingField('shipping_city'),
  shippingField('shipping_state'),
  shippingField('shipping_postal_code'),
  shippingField('shipping_country', 'Two-letter country code, e.g. US.'),
]);

const oldTrackingNumberField = defineInputField({
  key: 'old_tracking_number',
  label: 'Old Tracking Number',
  type: 'string',
  required: false,
  helpText: 'The tracking number to replace. Leave empty when the order has only one.',
});

const FIELD_LABELS: Record<string, string> = {
  order: 'Order',
  tracking_number: 'Tracking Number',
  old_tracking_number: 'Old Tracking Number',
  carrier: 'Carrier',
  carrier_name: 'Carrier Name',
  tracking_url: 'Tracking URL',
  notify_buyer: 'Notify Buyer',
  items: 'Items',
  carrier_overrides: 'Carrier Overrides',
  dispute_evidence: 'Dispute Evidence',
  ...SHIPPING_LABELS,
};

/** How messages name a field: "Tracking Number" for `tracking_number` ("New Tracking Number" in an update). */
export function trackingFieldLabel(field: string, mode?: TrackingMode): string {
  if (mode === 'update' && field === 'tracking_number') return 'New Tracking Number';
  return FIELD_LABELS[field] ?? field;
}

/** The input fields of one tracking action; `gateways` are the gateways the action accepts. */
export function trackingInputFields(mode: TrackingMode, gateways: readonly GatewayName[]) {
  if (mode === 'cancel')
    return defineInputFields([
      orderField(gateways),
      {
        ...trackingNumberField,
        type: 'string',
        helpText: 'The tracking number to cancel (PayPal: its tracker is set to Cancelled; Stripe: it is removed).',
      },
    ]);
  const numbers =
    mode === 'update'
      ? defineInputFields([
          oldTrackingNumberField,
          { ...trackingNumberField, label: 'New Tracking Number', helpText: 'The number that replaces the old one.' },
        ])
      : defineInputFields([trackingNumberField]);
  const paypal = gateways.includes('paypal') ? defineInputFields([notifyBuyerField, itemsField]) : defineInputFields([]);
  const stripe = gateways.includes('stripe') ? defineInputFields([disputeEvidenceField, ...shippingFields]) : defineInputFields([]);
  return defineInputFields([orderField(gateways), ...numbers, ...carrierFields, ...paypal, carrierOverridesField, ...stripe]);
}

/** A tracking action's inputData as its fields declare it (every mode and gateway choice). */
export type TrackingInputData = InferInputData<ReturnType<typeof trackingInputFields>>;

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
