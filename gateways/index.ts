/** The connection's gateway clients, built from its auth data. */
import type { ZObject } from 'zapier-platform-core';
import { hasPayPal, hasStripe, paypalEnvironment, type AuthData } from './config';
import { PayPalApi } from './paypal';
import { PayPalClient } from './paypal-client';
import { StripeApi } from './stripe';
import { StripeClient } from './stripe-client';

export interface GatewayClients {
  stripe?: StripeClient;
  paypal?: PayPalClient;
}

/** The typed API of each configured gateway: what operations use. */
export interface Gateways {
  stripe?: StripeApi;
  paypal?: PayPalApi;
}

export function connectGateways(z: ZObject, authData: AuthData): GatewayClients {
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

export function gatewayApis(z: ZObject, authData: AuthData): Gateways {
  const clients = connectGateways(z, authData);
  return {
    stripe: clients.stripe ? new StripeApi(clients.stripe) : undefined,
    paypal: clients.paypal ? new PayPalApi(clients.paypal) : undefined,
  };
}

export { PayPalApi, StripeApi };
