/**
 * Where each gateway lives, and what a connection has configured.
 *
 * Base URLs default to the real hosts. `STRIPE_API_BASE` and `PAYPAL_API_BASE` override them for the
 * local sandbox and tests only; nothing a merchant can type into a connection changes them.
 */

export type GatewayName = 'stripe' | 'paypal';
export type PayPalEnvironment = 'live' | 'sandbox';
export type StripeMode = 'live' | 'test';

/** The connection's fields. Every one is optional: a merchant may connect one gateway or both. */
export interface AuthData {
  stripe_secret_key?: string;
  paypal_client_id?: string;
  paypal_client_secret?: string;
  /** A PayPalEnvironment as the dropdown sends it; any other text counts as live. */
  paypal_environment?: string;
}

const AUTH_FIELDS = ['stripe_secret_key', 'paypal_client_id', 'paypal_client_secret', 'paypal_environment'] as const;

/**
 * The connection's fields from a bundle, the one way the app reads them: core types `authData` as any
 * strings, and a bundle may hold none (middleware before a connection exists, tests). Fields that are
 * not text are left out, so every reader can trust the shape.
 */
export function authDataOf(bundle: { authData?: unknown } | undefined): AuthData {
  const raw = bundle?.authData;
  const authData: AuthData = {};
  if (typeof raw !== 'object' || raw === null) return authData;
  for (const field of AUTH_FIELDS) {
    const value: unknown = Reflect.get(raw, field);
    if (typeof value === 'string') authData[field] = value;
  }
  return authData;
}

export const GATEWAY_LABELS: Record<GatewayName, string> = { stripe: 'Stripe', paypal: 'PayPal' };

const STRIPE_BASE = 'https://api.stripe.com';
const PAYPAL_BASES: Record<PayPalEnvironment, string> = {
  live: 'https://api-m.paypal.com',
  sandbox: 'https://api-m.sandbox.paypal.com',
};

const withoutTrailingSlash = (url: string): string => url.replace(/\/+$/, '');

export function stripeBaseUrl(): string {
  const override = process.env.STRIPE_API_BASE?.trim();
  return override ? withoutTrailingSlash(override) : STRIPE_BASE;
}

export function paypalBaseUrl(environment: PayPalEnvironment): string {
  return paypalBaseOverride() ?? PAYPAL_BASES[environment];
}

/** The PayPal base set by `PAYPAL_API_BASE` (local sandbox, tests), or undefined against real PayPal. */
export function paypalBaseOverride(): string | undefined {
  const override = process.env.PAYPAL_API_BASE?.trim();
  return override ? withoutTrailingSlash(override) : undefined;
}

export function paypalEnvironment(authData: AuthData): PayPalEnvironment {
  return authData.paypal_environment === 'sandbox' ? 'sandbox' : 'live';
}

/** Stripe's mode follows the key: `sk_live_`/`rk_live_` are live, `sk_test_`/`rk_test_` are test. */
export function stripeMode(secretKey: string): StripeMode {
  return /^(sk|rk)_live_/.test(secretKey) ? 'live' : 'test';
}

const present = (value: string | undefined): value is string => typeof value === 'string' && value.trim() !== '';

export function hasStripe(authData: AuthData): boolean {
  return present(authData.stripe_secret_key);
}

export function hasPayPal(authData: AuthData): boolean {
  return present(authData.paypal_client_id) && present(authData.paypal_client_secret);
}

/** The gateways this connection can use, in a stable order. */
export function configuredGateways(authData: AuthData): GatewayName[] {
  const gateways: GatewayName[] = [];
  if (hasStripe(authData)) gateways.push('stripe');
  if (hasPayPal(authData)) gateways.push('paypal');
  return gateways;
}

/** Every secret a connection holds, for scrubbing text before it leaves the app. */
export function connectionSecrets(authData: AuthData): string[] {
  return [authData.stripe_secret_key, authData.paypal_client_secret].filter(present);
}
