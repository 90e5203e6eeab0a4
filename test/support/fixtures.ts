/**
 * Credentials used across the suite. They look like the real thing so that any leak is caught by
 * the suite-wide secret scan (test/support/setup.ts), and they are fake.
 */
import type { AuthData } from '../../gateways/config';

export const STRIPE_TEST_KEY = 'sk_test_51SuiteOnlyKeyAbCdEfGhIjKlMnOpQrStUv';
export const STRIPE_RESTRICTED_KEY = 'rk_test_51SuiteOnlyRestrictedKeyAbCdEfGhIjKl';
export const PAYPAL_CLIENT_ID = 'AeSuiteOnlyClientId0123456789';
export const PAYPAL_CLIENT_SECRET = 'ESuiteOnlyClientSecret-0123456789abcdef';
/** Shaped like PayPal's docs example token (A21AA…). */
export const PAYPAL_ACCESS_TOKEN = 'A21AAFSuiteOnlyAccessToken-Q1ysgEDVDESseMHBYXVJYE8ovjj68elIDy8nF26AwPhfXT';
export const STRIPE_WEBHOOK_SECRET = 'whsec_suite_only_webhook_secret';

/** Every secret the suite uses: none may appear in a thrown message, a result or a log line. */
export const TEST_SECRETS = [STRIPE_TEST_KEY, STRIPE_RESTRICTED_KEY, PAYPAL_CLIENT_SECRET, PAYPAL_ACCESS_TOKEN, STRIPE_WEBHOOK_SECRET];

export const STRIPE_AUTH: AuthData = { stripe_secret_key: STRIPE_TEST_KEY };
export const PAYPAL_AUTH: AuthData = {
  paypal_client_id: PAYPAL_CLIENT_ID,
  paypal_client_secret: PAYPAL_CLIENT_SECRET,
  paypal_environment: 'sandbox',
};
export const BOTH_AUTH: AuthData = { ...STRIPE_AUTH, ...PAYPAL_AUTH };

export const STRIPE_API = 'https://api.stripe.com';
export const PAYPAL_SANDBOX_API = 'https://api-m.sandbox.paypal.com';
export const PAYPAL_LIVE_API = 'https://api-m.paypal.com';

/**
 * `POST /v1/oauth2/token` answer, from PayPal's authentication docs
 * (https://developer.paypal.com/api/rest/authentication/), with the shipment-tracking, Transaction
 * Search and webhook scopes such an app is granted, and our suite-only token.
 */
export const PAYPAL_TOKEN_RESPONSE = {
  scope:
    'https://uri.paypal.com/services/invoicing https://uri.paypal.com/services/disputes/read-buyer https://uri.paypal.com/services/payments/realtimepayment ' +
    'https://uri.paypal.com/services/disputes/update-seller https://uri.paypal.com/services/payments/payment/authcapture openid ' +
    'https://uri.paypal.com/services/disputes/read-seller https://uri.paypal.com/services/payments/refund https://api-m.paypal.com/v1/vault/credit-card ' +
    'https://api-m.paypal.com/v1/payments/.* https://uri.paypal.com/payments/payouts https://api-m.paypal.com/v1/vault/credit-card/.* ' +
    'https://uri.paypal.com/services/subscriptions https://uri.paypal.com/services/applications/webhooks ' +
    'https://uri.paypal.com/services/shipping/trackers/readwrite https://uri.paypal.com/services/reporting/search/read',
  access_token: PAYPAL_ACCESS_TOKEN,
  token_type: 'Bearer',
  app_id: 'APP-80W284485P519543T',
  expires_in: 31668,
  nonce: '2020-04-03T15:35:36ZaYZlGvEkV4yVSz8g6bAKFoGSEzuy3CQcz3ljhibkOHg',
};

/** The same token answer for an app that was never given the tracking permission. */
export const PAYPAL_TOKEN_WITHOUT_TRACKING = {
  ...PAYPAL_TOKEN_RESPONSE,
  scope: PAYPAL_TOKEN_RESPONSE.scope.replace(' https://uri.paypal.com/services/shipping/trackers/readwrite', ''),
};

/** `GET /v1/account`, trimmed from Stripe's API reference example (https://docs.stripe.com/api/accounts/object). */
export const STRIPE_ACCOUNT = {
  id: 'acct_1Nv0FGQ9RKHgCVdK',
  object: 'account',
  business_profile: { name: 'Ann’s Tees', support_email: null, url: null },
  charges_enabled: true,
  country: 'US',
  default_currency: 'usd',
  details_submitted: true,
  email: 'jenny.rosen@example.com',
  payouts_enabled: true,
  settings: { dashboard: { display_name: 'Ann’s Tees', timezone: 'Etc/UTC' } },
  type: 'standard',
};

/** PayPal's OAuth error for bad credentials (docs: "Client Authentication failed"). */
export const PAYPAL_INVALID_CLIENT = { error: 'invalid_client', error_description: 'Client Authentication failed' };
