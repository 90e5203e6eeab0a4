/** The `gateways` input shared by the triggers and the search (DESIGN §2). */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { configuredGateways, GATEWAY_LABELS, type AuthData, type GatewayName } from '../gateways/config';

export const gatewaysField = {
  key: 'gateways',
  label: 'Gateways',
  type: 'string' as const,
  list: true,
  required: false,
  choices: [
    { value: 'stripe', label: 'Stripe', sample: 'stripe' },
    { value: 'paypal', label: 'PayPal', sample: 'paypal' },
  ],
  helpText: 'Which gateways to use. Leave empty for every gateway this connection has.',
};

/**
 * The gateways an operation should use: the chosen ones, or every configured one when none is
 * chosen. Choosing a gateway the connection lacks is an input error that says how to fix it.
 */
export function chosenGateways(z: ZObject, bundle: Bundle): GatewayName[] {
  const configured = configuredGateways(bundle.authData as AuthData);
  const raw = (bundle.inputData as { gateways?: unknown }).gateways;
  const requested = (Array.isArray(raw) ? raw : typeof raw === 'string' && raw ? raw.split(',') : [])
    .map((value) => String(value).trim().toLowerCase())
    .filter(Boolean);
  if (requested.length === 0) return configured;
  const unknown = requested.filter((value) => value !== 'stripe' && value !== 'paypal');
  if (unknown.length) {
    throw new z.errors.Error(`Gateways: "${unknown.join('", "')}" is not a gateway. Choose Stripe, PayPal or both.`, 'InvalidInput', 400);
  }
  const missing = (requested as GatewayName[]).filter((gateway) => !configured.includes(gateway));
  if (missing.length) {
    const names = missing.map((gateway) => GATEWAY_LABELS[gateway]).join(' and ');
    throw new z.errors.Error(`Gateways: this connection has no ${names} credentials. Add them to the connection, or remove ${names} from Gateways.`, 'InvalidInput', 400);
  }
  return [...new Set(requested as GatewayName[])];
}
