/**
 * z.cache calls per tracking action, counted at the bench's stand-in for Zapier's RPC (zapier-rpc.ts): on
 * Zapier each get, set and delete is a round trip. Each row runs on a fresh connection (its own RPC stand-in,
 * sandbox back to the seed), its setup first, then the action once in a fresh process (a cold Lambda, so a
 * PayPal token is never in memory). Targets: replay path (already_present) ≤ 1 for PayPal (its
 * token) and 0 for Stripe; write path ≤ 2. A cold PayPal token (none in z.cache yet) adds a set, once per
 * connection and token lifetime: those rows have no target.
 *
 *   zcacheCalls(sandbox): Promise<ZCacheCallsRow[]>
 */
import type { Sandbox } from '../sandbox/server';
import { APP_PATH, paypalAuth, resetKeepingTokens, runChild, stripeAuth } from './lib';
import { startZapierRpc, type ZapierRpc } from './zapier-rpc';

export interface ZCacheCallsRow {
  action: string;
  gateway: 'stripe' | 'paypal';
  path: 'replay' | 'write';
  token: 'cold' | 'in z.cache' | null;
  /** get + set + delete, or null when the action failed. */
  calls: number | null;
  by_method: Record<string, number>;
  target: number | null;
  result?: string;
  error?: string;
}

const STRIPE_PI = 'pi_3SbxShip0000000001';
const PAYPAL_ORDER = '5O190127TN364715T';
const UPS_A = '1Z999AA10123456784';
const UPS_B = '1Z12345E0205271688';
const ADD = 'creates.add_tracking.operation.perform';
const UPDATE = 'creates.update_tracking.operation.perform';
const FIND = 'searches.find_order.operation.perform';

interface RowSpec {
  action: string;
  gateway: 'stripe' | 'paypal';
  path: 'replay' | 'write';
  token: 'cold' | 'in z.cache' | null;
  method: string;
  inputData: Record<string, unknown>;
  /** Runs before the counted one, each in its own fresh process. */
  setup: Array<{ method: string; inputData: Record<string, unknown> }>;
}

const addA = (order: string) => ({ method: ADD, inputData: { order, tracking_number: UPS_A, carrier: 'UPS' } });
/** A PayPal read that leaves the connection's token in z.cache. */
const warmToken = { method: FIND, inputData: { order: PAYPAL_ORDER } };

const ROWS: RowSpec[] = [
  { action: 'add_tracking', gateway: 'stripe', path: 'replay', token: null, ...addA(STRIPE_PI), setup: [addA(STRIPE_PI)] },
  { action: 'add_tracking', gateway: 'stripe', path: 'write', token: null, ...addA(STRIPE_PI), setup: [] },
  {
    action: 'update_tracking',
    gateway: 'stripe',
    path: 'write',
    token: null,
    method: UPDATE,
    inputData: { order: STRIPE_PI, tracking_number: UPS_B, old_tracking_number: UPS_A, carrier: 'UPS' },
    setup: [addA(STRIPE_PI)],
  },
  { action: 'add_tracking', gateway: 'paypal', path: 'replay', token: 'in z.cache', ...addA(PAYPAL_ORDER), setup: [addA(PAYPAL_ORDER)] },
  { action: 'add_tracking', gateway: 'paypal', path: 'write', token: 'in z.cache', ...addA(PAYPAL_ORDER), setup: [warmToken] },
  {
    action: 'add_tracking (two numbers)',
    gateway: 'paypal',
    path: 'write',
    token: 'in z.cache',
    method: ADD,
    inputData: { order: PAYPAL_ORDER, tracking_number: `${UPS_A},${UPS_B}`, carrier: 'UPS' },
    setup: [warmToken],
  },
  {
    action: 'update_tracking',
    gateway: 'paypal',
    path: 'write',
    token: 'in z.cache',
    method: UPDATE,
    inputData: { order: PAYPAL_ORDER, tracking_number: UPS_B, old_tracking_number: UPS_A, carrier: 'UPS' },
    setup: [addA(PAYPAL_ORDER)],
  },
  { action: 'add_tracking', gateway: 'paypal', path: 'write', token: 'cold', ...addA(PAYPAL_ORDER), setup: [] },
];

const targetOf = (row: RowSpec): number | null =>
  row.token === 'cold' ? null : row.path === 'write' ? 2 : row.gateway === 'paypal' ? 1 : 0;

function total(calls: Record<string, number>): number {
  return Object.values(calls).reduce((sum, n) => sum + n, 0);
}

async function inFreshProcess(sandbox: Sandbox, rpc: ZapierRpc, auth: Record<string, string>, method: string, inputData: object) {
  const job = { appPath: APP_PATH, method, bundle: { authData: auth, inputData }, rpc: { rpc_base: rpc.rpc_base, token: rpc.token } };
  return (await runChild(job, { ...sandbox.env, LOGGING_ENDPOINT: rpc.logging_endpoint })).results;
}

export async function zcacheCalls(sandbox: Sandbox): Promise<ZCacheCallsRow[]> {
  const rows: ZCacheCallsRow[] = [];
  for (const spec of ROWS) {
    const row: ZCacheCallsRow = {
      action: spec.action,
      gateway: spec.gateway,
      path: spec.path,
      token: spec.token,
      calls: null,
      by_method: {},
      target: targetOf(spec),
    };
    rows.push(row);
    const rpc = await startZapierRpc();
    const auth = spec.gateway === 'stripe' ? stripeAuth(sandbox) : paypalAuth(sandbox);
    try {
      resetKeepingTokens(sandbox);
      for (const step of spec.setup) await inFreshProcess(sandbox, rpc, auth, step.method, step.inputData);
      // Past any claim the setup's write left (10 s), as a later step would come.
      rpc.advanceSeconds(60);
      const before = { ...rpc.calls };
      const result = await inFreshProcess(sandbox, rpc, auth, spec.method, spec.inputData);
      row.result = String((result as { result?: string })?.result ?? 'ok');
      row.by_method = Object.fromEntries(Object.entries(rpc.calls).map(([method, n]) => [method, n - (before[method] ?? 0)]));
      row.calls = total(row.by_method);
    } catch (error) {
      row.error = String((error as Error).message).slice(0, 300);
    } finally {
      await rpc.close();
    }
  }
  return rows;
}
