/**
 * `npm run try` options: flags, else the git-ignored `.env` that `zapier-platform invoke` reads too
 * (docs/development.md), and the base URLs from the environment variables the app honours. Live keys are
 * refused here, before any request.
 *
 *   readOptions(argv, env, cwd): TryOptions   throws TryRefusal (a message for the merchant, never a secret)
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { stripeMode } from '../../gateways/config';

export class TryRefusal extends Error {}

export interface TryOptions {
  /** The connection as Zapier would hold it; PayPal's environment is always `sandbox`. */
  authData: { stripe_secret_key?: string; paypal_client_id?: string; paypal_client_secret?: string; paypal_environment?: 'sandbox' };
  /** The PayPal sandbox order (or capture) to track; none: list recent captures to pick from. */
  paypalOrder?: string;
  /** STRIPE_API_BASE / PAYPAL_API_BASE to set while the app runs (none: the real gateways). */
  bases: Record<string, string>;
}

const USAGE = `Usage: npm run try -- [options]   (or the same values in .env, see docs/sandbox.md)
  --stripe-key sk_test_…          Stripe test-mode secret key            .env: authData_stripe_secret_key
  --paypal-client-id ID           PayPal sandbox REST app                .env: authData_paypal_client_id
  --paypal-client-secret SECRET                                          .env: authData_paypal_client_secret
  --paypal-order ID               a paid PayPal sandbox order or capture .env: TRY_PAYPAL_ORDER
  --env-file PATH                 default: .env in this folder
Base URLs: STRIPE_API_BASE / PAYPAL_API_BASE, from the environment or .env (default: the real gateways).`;

/** Flag → the `.env` key it overrides. */
const FLAGS: Record<string, string> = {
  'stripe-key': 'authData_stripe_secret_key',
  'paypal-client-id': 'authData_paypal_client_id',
  'paypal-client-secret': 'authData_paypal_client_secret',
  'paypal-environment': 'authData_paypal_environment',
  'paypal-order': 'TRY_PAYPAL_ORDER',
  'env-file': 'env-file',
};
const BASES = ['STRIPE_API_BASE', 'PAYPAL_API_BASE'];

function parseFlags(argv: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    const key = FLAGS[flag.replace(/^--/, '')];
    if (!flag.startsWith('--') || !key) throw new TryRefusal(`Unknown option ${flag}.\n${USAGE}`);
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') throw new TryRefusal(`${flag} needs a value.\n${USAGE}`);
    values[key] = value;
  }
  return values;
}

/** `KEY=value` lines, as dotenv reads them: `#` comments (also after an unquoted value), blank lines, quotes. */
function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_]\w*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    const quoted = /^(['"])(.*)\1$/.exec(match[2]!);
    values[match[1]!] = quoted ? quoted[2]! : match[2]!.replace(/\s+#.*$/, '');
  }
  return values;
}

function refuseLive(values: Record<string, string | undefined>): void {
  const key = values.authData_stripe_secret_key;
  if (key && stripeMode(key) === 'live')
    throw new TryRefusal(
      'Refusing a live Stripe key (sk_live_/rk_live_): npm run try makes a test payment. Use your test-mode secret key (sk_test_…) from the Stripe Dashboard with "Test mode" on.',
    );
  if (key && !/^(sk|rk)_test_/.test(key))
    throw new TryRefusal('The Stripe key is not a test-mode secret key: it should start with sk_test_ (or rk_test_ for a restricted key).');
  const environment = (values.authData_paypal_environment ?? 'sandbox').trim().toLowerCase();
  if (environment === 'live')
    throw new TryRefusal(
      'Refusing PayPal environment "live": npm run try only runs against your PayPal sandbox. Use the client ID and secret of a sandbox REST app (developer.paypal.com, Sandbox).',
    );
  if (environment !== 'sandbox') throw new TryRefusal(`PayPal environment must be "sandbox" (got "${environment}").`);
}

export function readOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, cwd: string): TryOptions {
  if (argv.includes('--help') || argv.includes('-h')) throw new TryRefusal(USAGE);
  const flags = parseFlags(argv);
  const envFile = resolve(cwd, flags['env-file'] ?? '.env');
  if (flags['env-file'] && !existsSync(envFile)) throw new TryRefusal(`No such file: ${envFile}`);
  const file = existsSync(envFile) ? parseEnvFile(readFileSync(envFile, 'utf8')) : {};
  const values: Record<string, string | undefined> = { ...file, ...flags };
  refuseLive(values);
  const stripeKey = values.authData_stripe_secret_key;
  const [clientId, secret] = [values.authData_paypal_client_id, values.authData_paypal_client_secret];
  if (Boolean(clientId) !== Boolean(secret))
    throw new TryRefusal('PayPal needs both the client ID and the client secret of a sandbox REST app.');
  if (!stripeKey && !clientId)
    throw new TryRefusal(`No test credentials: give a Stripe test key, a PayPal sandbox app, or both.\n${USAGE}`);
  const bases = Object.fromEntries(BASES.flatMap((name) => ((env[name] ?? file[name]) ? [[name, (env[name] ?? file[name])!]] : [])));
  return {
    authData: {
      ...(stripeKey ? { stripe_secret_key: stripeKey } : {}),
      ...(clientId ? { paypal_client_id: clientId, paypal_client_secret: secret, paypal_environment: 'sandbox' as const } : {}),
    },
    paypalOrder: clientId ? values.TRY_PAYPAL_ORDER : undefined,
    bases,
  };
}
