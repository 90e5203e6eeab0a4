/**
 * PayPal token requests per 1,000 PayPal actions on one connection, counted at the sandbox.
 * The actions run in several fresh processes (cold Lambdas) sharing one connection's z.cache through the
 * RPC stand-in, each process repeating the action (a warm Lambda): a token must be minted once, then
 * found in z.cache by every new process and kept in memory by every warm one.
 * The action: add_tracking of one number to one PayPal order (the first adds it, the rest are
 * `already_present`: 1 read each).
 *
 *   paypalTokens(sandbox, processes, perProcess): Promise<PayPalTokenResult>
 */
import type { Sandbox } from '../sandbox/server';
import { APP_PATH, paypalAuth, round, runChild, resetKeepingTokens } from './lib';
import { startZapierRpc } from './zapier-rpc';

export interface PayPalTokenResult {
  actions: number;
  processes: number;
  token_requests: number;
  per_1000_actions: number;
  paypal_requests: number;
  seconds: number;
  zcache_calls: Record<string, number>;
}

export async function paypalTokens(sandbox: Sandbox, processes: number, perProcess: number): Promise<PayPalTokenResult> {
  const rpc = await startZapierRpc();
  resetKeepingTokens(sandbox);
  sandbox.resetStats();
  const started = performance.now();
  try {
    const bundle = {
      authData: paypalAuth(sandbox),
      inputData: { order: '5O190127TN364715T', tracking_number: '1Z999AA10123456784', carrier: 'UPS' },
    };
    for (let i = 0; i < processes; i += 1) {
      const job = {
        appPath: APP_PATH,
        method: 'creates.add_tracking.operation.perform',
        bundle,
        repeat: perProcess,
        rpc: { rpc_base: rpc.rpc_base, token: rpc.token },
      };
      await runChild(job, { ...sandbox.env, LOGGING_ENDPOINT: rpc.logging_endpoint });
    }
  } finally {
    await rpc.close();
  }
  const stats = sandbox.stats();
  const actions = processes * perProcess;
  const tokens = stats.byOperation['paypal POST /v1/oauth2/token'] ?? 0;
  return {
    actions,
    processes,
    token_requests: tokens,
    per_1000_actions: round((tokens * 1000) / actions, 2),
    paypal_requests: stats.byGateway.paypal,
    seconds: round((performance.now() - started) / 1000, 1),
    zcache_calls: rpc.calls,
  };
}
