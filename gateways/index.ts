/** The connection's gateway clients, built from its auth data. */
import type { ZObject } from 'zapier-platform-core';
import { hasPayPal, hasStripe, paypalEnvironment, type AuthData } from './config';
import { PayPalClient } from './paypal';
import { StripeClient } from './stripe';

export interface Gateways {
  stripe?: StripeClient;
  paypal?: PayPalClient;
}

export function connectGateways(z: ZObject, authData: AuthData): Gateways {
  return {
    stripe: hasStripe(authData) ? new StripeClient(z, authData.stripe_secret_key!.trim()) : undefined,
    paypal: hasPayPal(authData)
      ? new PayPalClient(z, {
          clientId: authData.paypal_client_id!.trim(),
          clientSecret: authData.paypal_client_secret!.trim(),
          environment: paypalEnvironment(authData),
        })
      : undefined,
  };
}

export { PayPalClient } from './paypal';
export { StripeClient } from './stripe';
