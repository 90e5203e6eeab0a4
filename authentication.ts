/**
 * The connection: a Stripe key, a PayPal REST app, or both, in one `custom` connection.
 * The test checks every configured gateway, says which one failed and why, and yields the label
 * (`Stripe acct_1N… (test) · PayPal sandbox`). No secret ever reaches a label or a message.
 */
import type { Authentication, Bundle, ZObject } from 'zapier-platform-core';
import { authDataOf, connectionSecrets, GATEWAY_LABELS, hasPayPal, hasStripe, paypalEnvironment, type AuthData } from './gateways/config';
import { rewordZapierError, toZapierError, withErrorBoundary } from './gateways/error-boundary';
import { connectGateways } from './gateways';
import { PAYPAL_SCOPES } from './gateways/paypal';

/** Restricted-key permissions the app's operations need (also shown in the key's help text). */
const STRIPE_PERMISSIONS = [
  'PaymentIntents: Write (read payments, write their shipping and tracking)',
  'Charges: Read',
  'Checkout Sessions: Read',
  'Disputes: Write (stage shipping evidence)',
  'Events: Read (scheduled trigger)',
  'Webhook Endpoints: Write (instant trigger)',
];

export interface ConnectionTestResult {
  label: string;
  stripe_account: string | null;
  stripe_mode: 'live' | 'test' | null;
  paypal_environment: 'live' | 'sandbox' | null;
  paypal_app_id: string | null;
}

async function testStripe(z: ZObject, authData: AuthData): Promise<{ account: string | null; mode: 'live' | 'test'; label: string }> {
  const stripe = connectGateways(z, authData).stripe!;
  const account = await stripe
    .find<{ id: string }>('/v1/account', undefined, { action: 'checking the connection' })
    .catch(async (error: Error) => {
      // A restricted key may lack the account permission; a PaymentIntents read proves it works for this app.
      if (!/HTTP 403/.test(error.message) || !authData.stripe_secret_key!.trim().startsWith('rk_')) throw error;
      await stripe.get('/v1/payment_intents', { limit: 1 }, { action: 'checking the restricted key' });
      return null;
    });
  const id = account?.id ?? null;
  return { account: id, mode: stripe.mode, label: `Stripe ${id ?? 'restricted key'} (${stripe.mode})` };
}

async function testPayPal(z: ZObject, authData: AuthData): Promise<{ appId: string | null; label: string }> {
  const paypal = connectGateways(z, authData).paypal!;
  const token = await paypal.mintToken();
  const scopes = new Set((token.scope ?? '').split(/\s+/));
  if (!scopes.has(PAYPAL_SCOPES.tracking)) {
    throw new z.errors.Error(
      `${paypal.label}: the REST app is not allowed to add tracking (its token lacks the scope ${PAYPAL_SCOPES.tracking}). ` +
        'In the PayPal developer dashboard, open the app, enable shipment tracking for it, save, then reconnect here.',
      'MissingPermission',
      403,
    );
  }
  return { appId: token.app_id ?? null, label: `PayPal ${paypal.environment}` };
}

/** Runs each gateway's check; a failure names its gateway so the merchant knows which half to fix. */
async function checkGateway<T>(z: ZObject, gateway: 'stripe' | 'paypal', authData: AuthData, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    const secrets = connectionSecrets(authData);
    const failure = toZapierError(z, error, { secrets, action: 'checking the connection' });
    const label = GATEWAY_LABELS[gateway];
    // Same class, code and status (a ThrottledError stays retryable), led by the gateway's name.
    throw rewordZapierError(z, failure, (text) => (text.startsWith(label) ? text : `${label}: ${text}`), {
      secrets,
      code: 'ConnectionTestFailed',
      status: 400,
    });
  }
}

async function testConnection(z: ZObject, bundle: Bundle): Promise<ConnectionTestResult> {
  const authData = authDataOf(bundle);
  const paypalHalf = Boolean(authData.paypal_client_id?.trim()) !== Boolean(authData.paypal_client_secret?.trim());
  if (paypalHalf) {
    throw new z.errors.Error(
      'PayPal needs both the client ID and the client secret of the same REST app. Fill in the missing one, or clear both to use Stripe only.',
      'IncompleteCredentials',
      400,
    );
  }
  if (!hasStripe(authData) && !hasPayPal(authData)) {
    throw new z.errors.Error('Add a Stripe secret key, a PayPal client ID and secret, or both.', 'NoGateway', 400);
  }
  const key = authData.stripe_secret_key?.trim() ?? '';
  if (key && !/^(sk|rk)_(live|test)_/.test(key)) {
    throw new z.errors.Error(
      'The Stripe key must be a secret key (sk_live_…, sk_test_…) or a restricted key (rk_live_…, rk_test_…); publishable keys (pk_…) cannot read payments.',
      'InvalidStripeKey',
      400,
    );
  }

  const [stripe, paypal] = await Promise.all([
    hasStripe(authData) ? checkGateway(z, 'stripe', authData, () => testStripe(z, authData)) : undefined,
    hasPayPal(authData) ? checkGateway(z, 'paypal', authData, () => testPayPal(z, authData)) : undefined,
  ]);
  return {
    label: [stripe?.label, paypal?.label].filter(Boolean).join(' · '),
    stripe_account: stripe?.account ?? null,
    stripe_mode: stripe?.mode ?? null,
    paypal_environment: paypal ? paypalEnvironment(authData) : null,
    paypal_app_id: paypal?.appId ?? null,
  };
}

export const authentication = {
  type: 'custom',
  fields: [
    {
      key: 'stripe_secret_key',
      label: 'Stripe Secret Key',
      type: 'password',
      required: false,
      helpText:
        'Optional. A secret key (`sk_live_…` / `sk_test_…`) or, better, a restricted key (`rk_live_…` / `rk_test_…`) from ' +
        '[Stripe Dashboard → Developers → API keys](https://dashboard.stripe.com/apikeys). A restricted key needs: ' +
        STRIPE_PERMISSIONS.join('; ') +
        '.',
    },
    {
      key: 'paypal_client_id',
      label: 'PayPal Client ID',
      type: 'string',
      required: false,
      helpText:
        'Optional. The client ID of a PayPal REST app from [PayPal Developer → Apps & Credentials](https://developer.paypal.com/dashboard/applications). ' +
        'The app must be allowed to add shipment tracking; enable Transaction Search too for the scheduled and audit triggers.',
    },
    {
      key: 'paypal_client_secret',
      label: 'PayPal Client Secret',
      type: 'password',
      required: false,
      helpText:
        'Required with a PayPal client ID: the secret of the same REST app, from [PayPal Developer → Apps & Credentials](https://developer.paypal.com/dashboard/applications).',
    },
    {
      key: 'paypal_environment',
      label: 'PayPal Environment',
      type: 'string',
      required: false,
      default: 'live',
      choices: [
        { value: 'live', label: 'Live', sample: 'live' },
        { value: 'sandbox', label: 'Sandbox', sample: 'sandbox' },
      ],
      helpText:
        'Which PayPal the client ID belongs to: live apps and [sandbox apps](https://developer.paypal.com/tools/sandbox/) have different credentials.',
    },
  ],
  test: withErrorBoundary(testConnection, { action: 'checking the connection' }),
  // inputData holds what the test returned.
  connectionLabel: (_z: ZObject, bundle: Bundle<{ label?: string }>) => Promise.resolve(bundle.inputData.label ?? ''),
} satisfies Authentication;
