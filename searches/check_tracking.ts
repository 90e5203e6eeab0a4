/**
 * `check_tracking`: read-only. Does what the gateway(s) hold for an order agree with what
 * the shop shipped, and with each other? One row per order found (sync/reconcile/check.ts); `[]` when the
 * reference matches nothing (a gateway 404 is "no match", never an error). Never writes.
 */
import { defineSearch, type Bundle, type ZObject } from 'zapier-platform-core';
import { checkTrackingInputFields, parseCheckInput } from '../fields/check-tracking';
import { gatewayApis } from '../gateways';
import { configuredGateways, type AuthData } from '../gateways/config';
import { ReferenceInputError } from '../orders/reference';
import { OrderLookupError } from '../sync/orders/resolve';
import { checkTracking } from '../sync/reconcile/check';
import { CHECK_ROW_FIELDS, CHECK_ROW_SAMPLE, type CheckRow } from '../sync/reconcile/result';

async function perform(z: ZObject, bundle: Bundle): Promise<CheckRow[]> {
  const { reference, expected } = parseCheckInput(z, bundle.inputData);
  const authData = bundle.authData as AuthData;
  try {
    return await checkTracking(gatewayApis(z, authData), reference, expected, { accept: configuredGateways(authData) });
  } catch (error) {
    if (error instanceof ReferenceInputError) throw new z.errors.Error(`Order: ${error.message}`, 'InvalidInput', 400);
    // A reference of a gateway the connection lacks, or a payment that is not an order yet: nothing matches.
    if (error instanceof OrderLookupError) return [];
    throw error;
  }
}

export const checkTrackingSearch = defineSearch({
  key: 'check_tracking',
  noun: 'Tracking',
  display: {
    label: 'Check Order Tracking',
    description:
      'Finds an order in Stripe or PayPal and tells whether the tracking it holds agrees with what your shop shipped, and with the other gateway.',
  },
  operation: {
    inputFields: checkTrackingInputFields,
    perform,
    sample: CHECK_ROW_SAMPLE as unknown as Record<string, unknown>,
    outputFields: CHECK_ROW_FIELDS,
  },
});
