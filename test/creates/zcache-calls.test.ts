/**
 * z.cache calls per tracking action, counted at the cache (every get, set and delete): on Zapier each is a
 * round trip. Targets: the replay path (`already_present`) at most 1 for PayPal (its token) and
 * 0 for Stripe; the write path at most 2. The PayPal token is
 *   cold        in no cache: read, minted, stored (+1 set, once per connection and token lifetime, 9 h);
 *   in z.cache  a fresh process, as most Zapier runs are: one read;
 *   in process  a warm process that already holds it: no call.
 */
import nock from 'nock';
import { forgetTokensInProcess } from '../../gateways/paypal';
import { statefulPayPalOrder, statefulStripePayment } from '../support/exactly-once';
import { paypalToken } from '../support/gateway-nock';
import { STRIPE_AUTH } from '../support/fixtures';
import zcache from '../support/zcache';
import { PI_ID, PP_NUMBER, PP_ORDER_ID, UPS_NUMBER } from './fixtures';
import { runAction, type ActionKey } from './helpers';

type Token = 'cold' | 'in z.cache' | 'in process';

interface Case {
  name: string;
  path: 'replay' | 'write';
  action: ActionKey;
  input: Record<string, unknown>;
}

const SECOND = '1Z12345E0205271688';

const STRIPE_CASES: Case[] = [
  {
    name: 'add_tracking, number already there',
    path: 'replay',
    action: 'add_tracking',
    input: { order: PI_ID, tracking_number: UPS_NUMBER },
  },
  {
    name: 'add_tracking, new number',
    path: 'write',
    action: 'add_tracking',
    input: { order: PI_ID, tracking_number: SECOND, carrier: 'UPS' },
  },
  {
    name: 'update_tracking',
    path: 'write',
    action: 'update_tracking',
    input: { order: PI_ID, tracking_number: SECOND, old_tracking_number: UPS_NUMBER, carrier: 'UPS' },
  },
  { name: 'cancel_tracking', path: 'write', action: 'cancel_tracking', input: { order: PI_ID, tracking_number: UPS_NUMBER } },
];

const PAYPAL_CASES: Case[] = [
  {
    name: 'add_tracking, number already there',
    path: 'replay',
    action: 'add_tracking',
    input: { order: PP_ORDER_ID, tracking_number: PP_NUMBER },
  },
  { name: 'add_tracking, new number', path: 'write', action: 'add_tracking', input: { order: PP_ORDER_ID, tracking_number: UPS_NUMBER } },
  {
    name: 'add_tracking, two new numbers',
    path: 'write',
    action: 'add_tracking',
    input: { order: PP_ORDER_ID, tracking_number: `${UPS_NUMBER},${SECOND}`, carrier: 'UPS' },
  },
  {
    name: 'update_tracking (cancel + add)',
    path: 'write',
    action: 'update_tracking',
    input: { order: PP_ORDER_ID, tracking_number: UPS_NUMBER, old_tracking_number: PP_NUMBER },
  },
  { name: 'cancel_tracking', path: 'write', action: 'cancel_tracking', input: { order: PP_ORDER_ID, tracking_number: PP_NUMBER } },
];

const total = (c: { get: number; set: number; delete: number }) => c.get + c.set + c.delete;

/** The z.cache calls of one run of `c`, the order holding the first number already. */
async function countStripe(c: Case): Promise<number> {
  const stripe = statefulStripePayment({ numbers: [UPS_NUMBER] });
  zcache.resetCalls();
  const result = await runAction(c.action, c.input, STRIPE_AUTH);
  expect(result.result).toBe(
    c.path === 'replay'
      ? 'already_present'
      : c.action === 'add_tracking'
        ? 'added'
        : c.action === 'update_tracking'
          ? 'replaced'
          : 'cancelled',
  );
  expect(stripe.writes()).toBe(c.path === 'replay' ? 0 : 1);
  return total(zcache.callCounts());
}

async function countPayPal(c: Case, token: Token): Promise<number> {
  const paypal = statefulPayPalOrder({ numbers: [PP_NUMBER] });
  paypalToken();
  if (token !== 'cold') {
    // Another step of this connection minted the token (a replay: it writes nothing).
    await runAction('add_tracking', { order: PP_ORDER_ID, tracking_number: PP_NUMBER });
    if (token === 'in z.cache') forgetTokensInProcess();
  }
  const writesBefore = paypal.writes();
  zcache.resetCalls();
  const result = await runAction(c.action, c.input);
  expect(result.result).toBe(
    c.path === 'replay'
      ? 'already_present'
      : c.action === 'add_tracking'
        ? 'added'
        : c.action === 'update_tracking'
          ? 'replaced'
          : 'cancelled',
  );
  expect(paypal.writes() > writesBefore).toBe(c.path === 'write');
  return total(zcache.callCounts());
}

describe('z.cache calls per tracking action', () => {
  it.each(STRIPE_CASES)('Stripe $name ($path path)', async (c) => {
    expect(await countStripe(c)).toBe(c.path === 'replay' ? 0 : 1);
  });

  it.each(PAYPAL_CASES.flatMap((c) => (['in z.cache', 'in process', 'cold'] as const).map((token) => ({ ...c, token }))))(
    'PayPal $name ($path path), token $token',
    async ({ token, ...c }) => {
      const tokenCalls = { 'in process': 0, 'in z.cache': 1, cold: 2 }[token];
      expect(await countPayPal(c, token)).toBe(tokenCalls + (c.path === 'replay' ? 0 : 1));
    },
  );

  it('the targets: replay ≤ 1 for PayPal (its token) and 0 for Stripe, write ≤ 2, with the token in z.cache', async () => {
    const measured: Record<string, number> = {};
    // Each case on a fresh connection and order, as the cases above.
    for (const c of STRIPE_CASES) {
      nock.cleanAll();
      zcache.clear();
      measured[`stripe ${c.name}`] = await countStripe(c);
    }
    for (const c of PAYPAL_CASES) {
      nock.cleanAll();
      zcache.clear();
      forgetTokensInProcess();
      measured[`paypal ${c.name}`] = await countPayPal(c, 'in z.cache');
    }
    const target = (name: string) => (name.includes('already there') ? (name.startsWith('paypal') ? 1 : 0) : 2);
    for (const [name, calls] of Object.entries(measured)) expect({ name, calls: Math.min(calls, target(name)) }).toEqual({ name, calls });
  });
});
