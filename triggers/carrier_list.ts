/**
 * `carrier_list` (hidden): the carrier dropdown. The carriers merchants use most (carriers/carrier-table.ts,
 * in its order) first, then every other PayPal carrier code A–Z; `id` = the PayPal code, `name` = the
 * display name. Free text typed into the field is normalised by the actions (docs/architecture.md#carriers).
 */
import { defineTrigger } from 'zapier-platform-core';
import { withErrorBoundary } from '../gateways/error-boundary';
import { carrierName } from '../carriers/carriers';
import { CARRIERS } from '../carriers/carrier-table';
import { paypalCarrierCodes } from '../carriers/paypal-codes';

export interface CarrierChoice {
  id: string;
  name: string;
}

function carrierChoices(): CarrierChoice[] {
  const common = CARRIERS.map((c) => ({ id: c.code, name: c.name }));
  const listed = new Set(common.map((c) => c.id));
  const rest = [...paypalCarrierCodes()]
    .filter((code) => !listed.has(code) && code !== 'OTHER')
    .sort()
    .map((code) => ({ id: code, name: `${carrierName(code) ?? code} (${code})` }));
  return [...common, ...rest, { id: 'OTHER', name: 'Other (put the carrier’s name in Carrier Name)' }];
}

export const carrierList = defineTrigger({
  key: 'carrier_list',
  noun: 'Carrier',
  display: { label: 'Carrier List', description: 'Triggers when carriers are listed for a dropdown.', hidden: true },
  operation: {
    type: 'polling',
    perform: withErrorBoundary(() => carrierChoices(), { action: 'listing carriers' }),
    sample: { id: 'USPS', name: 'USPS' },
    outputFields: [
      { key: 'id', label: 'Carrier Code', type: 'string' },
      { key: 'name', label: 'Carrier Name', type: 'string' },
    ],
  },
});
