/**
 * `npm run try`: the seed's advice — "process a few test transactions with tracking details and observe how both
 * platforms handle the data" — on the merchant's own Stripe test mode and PayPal sandbox, through the app's real
 * operations driven by zapier-platform-core as Zapier drives them (docs/sandbox.md#npm-run-try). Live keys are
 * refused. The steps are sandbox/try/steps.ts; what they create is cleaned up even when one fails.
 *
 * With STRIPE_API_BASE / PAYPAL_API_BASE set (environment or .env) the same code runs against any base, the local
 * sandbox included (test/sandbox/try.test.ts). Prints one block per step, a summary and
 * "both gateways agree: yes/no".
 *
 *   runTry(argv, io?): exit code — 0 every step did what it should and every gateway tried holds what the shop
 *   shipped, and the clean-up went; 1 otherwise; 2 refused, or a PayPal order to name (recent captures listed)
 */
import type zapierCore from 'zapier-platform-core';
import Stripe from 'stripe';
import type { OrderChoice } from '../triggers/order_list';
import { reasonOf } from './demo';
import { block, table } from './demo/format';
import { stripeClientOptions } from './official-clients';
import { readOptions, TryRefusal, type TryOptions } from './try/options';
import { check, cleanUp, TRY_STEPS, TryFailure, type TryContext } from './try/steps';

type AppDefinition = Record<string, unknown>;

interface TryIo {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  out: (text: string) => void;
}

const DEFAULT_IO: TryIo = { env: process.env, cwd: process.cwd(), out: (text) => process.stdout.write(`${text}\n`) };

function contextFor(app: AppDefinition, options: TryOptions): TryContext {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- core loads after runTry() has set NODE_ENV, which it reads once
  const zapier = require('zapier-platform-core') as typeof zapierCore;
  const appTester = zapier.createAppTester(app) as (perform: unknown, bundle: unknown) => Promise<unknown>;
  const find = (path: string): unknown =>
    path
      .split('.')
      .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), app);
  const key = options.authData.stripe_secret_key;
  const authData = Object.fromEntries(Object.entries(options.authData).filter((entry): entry is [string, string] => Boolean(entry[1])));
  return {
    authData,
    run: async <T>(path: string, bundle: unknown): Promise<T> => {
      check(typeof find(path) === 'function', `the app has no ${path}`);
      try {
        return (await appTester(find(path), bundle)) as T;
      } catch (error) {
        throw new TryFailure(`${path} failed — ${reasonOf(error)}`);
      }
    },
    stripe: key ? new Stripe(key, { ...stripeClientOptions(options.bases.STRIPE_API_BASE), maxNetworkRetries: 2 }) : undefined,
    paypalOrder: options.paypalOrder,
    orders: [],
    agrees: {},
  };
}

/** No PayPal order named: the recent captures of the sandbox (the app's own order dropdown), to pick one from. */
async function listPayPalCaptures(ctx: TryContext, out: (text: string) => void): Promise<number> {
  const authData = Object.fromEntries(Object.entries(ctx.authData).filter(([name]) => name.startsWith('paypal_')));
  const choices = await ctx.run<OrderChoice[]>('triggers.order_list.operation.perform', { authData, inputData: {} });
  const lines = choices.length
    ? table(
        ['capture (give as --paypal-order)', 'order'],
        choices.map((c) => [String(c.id), String(c.name)]),
      )
    : ['  None yet: pay an order with a sandbox buyer account (PayPal lists a capture up to 3 hours later), or name an order ID.'];
  out(block('Recent PayPal sandbox captures', 'Zapier runs triggers.order_list.operation.perform', lines));
  out('Name one with --paypal-order <ID> (or TRY_PAYPAL_ORDER in .env) and run again.');
  return 2;
}

/** The last line, and whether every gateway tried holds what the shop shipped. */
function verdict(ctx: TryContext): { held: boolean; line: string } {
  const tried = ctx.orders.map((o) => o.gateway);
  const held = tried.length > 0 && tried.every((g) => ctx.agrees[g] === true);
  const problems = tried
    .filter((g) => ctx.agrees[g] !== true)
    .map((g) => `${g} ${ctx.agrees[g] === false ? 'disagrees' : 'was not checked'}`);
  if (tried.length < 2) problems.push(`only ${tried.join('') || 'no gateway'} tried`);
  return { held, line: `both gateways agree: ${problems.length ? `no (${problems.join('; ')})` : 'yes'}` };
}

async function runSteps(ctx: TryContext, out: (text: string) => void): Promise<number> {
  const steps = TRY_STEPS.filter((s) => !s.when || s.when(ctx));
  const done: string[][] = [];
  let failure: string | undefined;
  try {
    for (const step of steps) {
      const { lines, outcome } = await step.run(ctx);
      done.push([String(done.length + 1), step.operation.split(' ')[0]!.replace(/\.operation\./, '.'), outcome]);
      const via = step.operation.startsWith('stripe.') ? 'Your checkout, through the official stripe package:' : 'Zapier runs';
      out(block(`${done.length}. ${step.title}`, `${via} ${step.operation}`, lines));
    }
  } catch (error) {
    failure = error instanceof TryFailure ? error.message : reasonOf(error);
    out(`\nStep ${done.length + 1} FAILED: ${failure}\n`);
  }
  // What the run created goes, whether or not every step passed.
  const cleaned = ctx.orders.length ? await cleanUp(ctx) : { lines: [], clean: true };
  if (ctx.orders.length) out(block('Clean up', 'Zapier runs creates.cancel_tracking.operation.perform', cleaned.lines));
  const { held, line } = verdict(ctx);
  done.push(['', 'clean up', cleaned.clean ? 'done' : 'INCOMPLETE (see Clean up)']);
  out(block('Summary', '', table(['#', 'operation', 'result'], done)));
  out(line);
  return failure || !held || !cleaned.clean ? 1 : 0;
}

export async function runTry(argv: readonly string[] = process.argv.slice(2), io: TryIo = DEFAULT_IO): Promise<number> {
  let options: TryOptions;
  try {
    options = readOptions(argv, io.env, io.cwd);
  } catch (error) {
    if (!(error instanceof TryRefusal)) throw error;
    io.out(error.message);
    return 2;
  }
  const saved = Object.fromEntries(Object.keys(options.bases).map((name) => [name, process.env[name]]));
  Object.assign(process.env, options.bases);
  try {
    // Core runs as under `zapier-platform invoke` (it reads NODE_ENV once, when it loads), then the app.
    process.env.NODE_ENV ??= 'test';
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the app loads only now, after the base URLs are set
    const ctx = contextFor(require('../index') as AppDefinition, options);
    const where = Object.keys(options.bases).length
      ? Object.values(options.bases).join(' and ')
      : 'Stripe test mode and the PayPal sandbox';
    io.out(`PayPal & Stripe Tracking Sync — try it on your test accounts (${where})\n`);
    if (options.authData.paypal_client_id && !options.paypalOrder) return await listPayPalCaptures(ctx, io.out);
    return await runSteps(ctx, io.out);
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

if (require.main === module) {
  runTry().then(
    (code) => process.exit(code),
    (error: Error) => {
      process.stderr.write(`\nnpm run try FAILED: ${reasonOf(error)}\n`);
      process.exit(1);
    },
  );
}
