/**
 * Input fields of the tracking actions; their validation is fields/tracking-input.ts.
 *
 *   trackingInputFields(mode, gateways): the fields an action shows (per-gateway actions hide the
 *       other gateway's fields; the keys are the same everywhere)
 */
import { defineInputField, defineInputFields, type InferInputData } from 'zapier-platform-core';
import type { GatewayName } from '../gateways/config';
import type { ShippingFieldsInput } from '../sync/tracking/plan';
import type { TrackingMode } from '../sync/tracking/input';

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

export const SHIPPING_LABELS: Record<keyof ShippingFieldsInput, string> = {
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
