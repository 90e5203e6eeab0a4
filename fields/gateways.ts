/** The `gateways` input shared by the triggers and the search (docs/fields.md). */
import { defineInputField, type Bundle, type InferInputData, type ZObject } from 'zapier-platform-core';
import { authDataOf, configuredGateways, GATEWAY_LABELS, type GatewayName } from '../gateways/config';
import { listValues, quoted, type Unchecked } from './validation';

export const gatewaysField = defineInputField({
  key: 'gateways',
  label: 'Gateways',
  type: 'string',
  list: true,
  required: false,
  choices: [
    { value: 'stripe', label: 'Stripe', sample: 'stripe' },
    { value: 'paypal', label: 'PayPal', sample: 'paypal' },
  ],
  helpText: 'Which gateways to use. Leave empty for every gateway this connection has.',
});

type GatewaysInputData = InferInputData<[typeof gatewaysField]>;

/**
 * The gateways an operation should use: the chosen ones, or every configured one when none is
 * chosen. Choosing a gateway the connection lacks is an input error that says how to fix it.
 */
export function chosenGateways(z: ZObject, bundle: Bundle<Unchecked<GatewaysInputData>>): GatewayName[] {
  const configured = configuredGateways(authDataOf(bundle));
  const requested = listValues(bundle.inputData.gateways);
  if (!requested)
    throw new z.errors.Error(
      'Gateways: choose Stripe, PayPal or both (a list), or leave it empty for every gateway of the connection.',
      'InvalidInput',
      400,
    );
  if (requested.length === 0) return configured;
  const unknown = requested.filter((value) => value !== 'stripe' && value !== 'paypal');
  if (unknown.length) {
    throw new z.errors.Error(
      `Gateways: ${unknown.slice(0, 3).map(quoted).join(', ')} is not a gateway. Choose Stripe, PayPal or both.`,
      'InvalidInput',
      400,
    );
  }
  const missing = (requested as GatewayName[]).filter((gateway) => !configured.includes(gateway));
  if (missing.length) {
    const names = missing.map((gateway) => GATEWAY_LABELS[gateway]).join(' and ');
    throw new z.errors.Error(
      `Gateways: this connection has no ${names} credentials. Add them to the connection, or remove ${names} from Gateways.`,
      'InvalidInput',
      400,
    );
  }
  return [...new Set(requested as GatewayName[])];
}
