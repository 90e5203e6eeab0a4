/**
 * `npm run sandbox`: starts the sandbox on two loopback ports and prints how to point the app (and the official
 * clients, docs/sandbox.md) at it.
 *   --port N (PayPal and admin; default 0 = any free port)   --stripe-port N (Stripe, at the root; default 0)
 *   --host H (default 127.0.0.1)   --latency MS (added to every call)
 * Runs until interrupted. The sandbox credentials are in sandbox/seed.ts (SANDBOX_CREDENTIALS).
 */
import { startSandbox } from './server';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

async function main(): Promise<void> {
  const sandbox = await startSandbox({
    port: Number(option('port') ?? 0),
    stripePort: Number(option('stripe-port') ?? 0),
    host: option('host') ?? '127.0.0.1',
    latencyMs: option('latency') ? Number(option('latency')) : undefined,
  });
  process.stdout.write(
    [
      `Sandbox listening: Stripe at ${sandbox.stripeBase}, PayPal at ${sandbox.paypalBase}`,
      `STRIPE_API_BASE=${sandbox.env.STRIPE_API_BASE}`,
      `PAYPAL_API_BASE=${sandbox.env.PAYPAL_API_BASE}`,
      `Admin: ${sandbox.url}/_sandbox/state · credentials: sandbox/seed.ts (SANDBOX_CREDENTIALS) · Ctrl-C to stop`,
      '',
    ].join('\n'),
  );
  const stop = () => void sandbox.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: Error) => {
  process.stderr.write(`sandbox failed to start: ${error.message}\n`);
  process.exit(1);
});
