/**
 * writeOnce (sync/tracking/exactly-once.ts) on its own, with a z.cache that honours `nx` and a Stripe API
 * fake: what it claims, when it gives a claim back, and what a run refused a claim does (reads the order
 * again; past its wait, OrderBusyError with nothing sent).
 */
import type { ConnectionCache } from '../../../gateways/cache';
import type { Gateways } from '../../../gateways';
import type { Stripe, StripeApi } from '../../../gateways/stripe';
import { stripeOrderFrom } from '../../../sync/orders/load';
import type { ResolvedOrder } from '../../../sync/orders/resolve';
import { OrderBusyError, trackingState, WRITE_KEY_SECONDS, writeKey, writeOnce } from '../../../sync/tracking/exactly-once';
import { PI_ID, UPS_NUMBER, paymentIntent } from '../../creates/fixtures';

function fakeCache() {
  const entries = new Map<string, unknown>();
  const calls: string[] = [];
  const cache: ConnectionCache = {
    async get<T>(key: string) {
      calls.push(`get ${key}`);
      return (entries.get(key) ?? null) as T | null;
    },
    async set(key, value, ttlSeconds, options = {}) {
      calls.push(`set ${key} ${ttlSeconds}${options.onlyIfAbsent ? ' nx' : ''}`);
      if (options.onlyIfAbsent && entries.has(key)) return false;
      entries.set(key, value);
      return true;
    },
    async delete(key) {
      calls.push(`delete ${key}`);
      return entries.delete(key);
    },
  };
  return { cache, entries, calls };
}

function stripeFake(answers: { read?: () => object; write?: () => Promise<object> } = {}) {
  const api = {
    mode: 'test',
    reads: 0,
    writes: 0,
    async getPaymentIntent() {
      api.reads += 1;
      return (answers.read ?? (() => paymentIntent()))();
    },
    async updatePaymentIntent() {
      api.writes += 1;
      return answers.write ? answers.write() : paymentIntent({ tracking: UPS_NUMBER });
    },
  };
  return api;
}

const resolvedFrom = (pi: object): ResolvedOrder => ({
  gateway: 'stripe',
  reference: { kind: 'stripe_payment_intent', id: PI_ID },
  session: null,
  ...stripeOrderFrom(pi as Stripe.PaymentIntent, 'test'),
});

/** A write as writeTracking does it: from the order it is given, through the gateways it is given. */
const addUps = async (gateways: Gateways, resolved: ResolvedOrder) => {
  if (trackingState(resolved.order).includes(UPS_NUMBER)) return { result: 'already_present', order: resolved.order };
  const after = await gateways.stripe!.updatePaymentIntent(PI_ID, {}, 'adding tracking');
  return { result: 'added', order: stripeOrderFrom(after, 'test').order };
};

describe('writeOnce', () => {
  it('a run with nothing to write touches no cache', async () => {
    const { cache, calls } = fakeCache();
    const stripe = stripeFake();
    const result = await writeOnce(
      cache,
      { stripe: stripe as unknown as StripeApi },
      resolvedFrom(paymentIntent({ tracking: UPS_NUMBER })),
      addUps,
    );
    expect(result.result).toBe('already_present');
    expect(calls).toEqual([]);
    expect(stripe.writes).toBe(0);
  });

  it('a write claims the order in its read state once (set nx), and leaves the claim to lapse', async () => {
    const { cache, calls } = fakeCache();
    const resolved = resolvedFrom(paymentIntent());
    const result = await writeOnce(cache, { stripe: stripeFake() as unknown as StripeApi }, resolved, addUps);
    expect(result.result).toBe('added');
    expect(calls).toEqual([`set ${writeKey(resolved)} ${WRITE_KEY_SECONDS} nx`]);
    expect(writeKey(resolved)).toMatch(new RegExp(`^tracking-write:stripe:${PI_ID}:[0-9a-f]{24}$`));
    expect(writeKey(resolvedFrom(paymentIntent({ tracking: UPS_NUMBER })))).not.toBe(writeKey(resolved));
  });

  it('a failed write gives its claim back, so that the retry can write', async () => {
    const { cache, calls, entries } = fakeCache();
    const resolved = resolvedFrom(paymentIntent());
    const failing = stripeFake({ write: () => Promise.reject(new Error('HTTP 500')) });
    await expect(writeOnce(cache, { stripe: failing as unknown as StripeApi }, resolved, addUps)).rejects.toThrow('HTTP 500');
    expect(calls).toEqual([`set ${writeKey(resolved)} ${WRITE_KEY_SECONDS} nx`, `delete ${writeKey(resolved)}`]);
    expect(entries.size).toBe(0);
  });

  it('a run refused the claim sends nothing, reads the order again and answers from what the other run wrote', async () => {
    const { cache, entries } = fakeCache();
    const resolved = resolvedFrom(paymentIntent());
    entries.set(writeKey(resolved), 1); // another run is writing from the same state
    const stripe = stripeFake({ read: () => paymentIntent({ tracking: UPS_NUMBER }) });
    const result = await writeOnce(cache, { stripe: stripe as unknown as StripeApi }, resolved, addUps);
    expect(result.result).toBe('already_present');
    expect(stripe).toMatchObject({ reads: 1, writes: 0 });
  });

  it('a claim held past the wait: OrderBusyError, nothing sent', async () => {
    const { cache, entries } = fakeCache();
    const resolved = resolvedFrom(paymentIntent());
    entries.set(writeKey(resolved), 1);
    const stripe = stripeFake();
    await expect(writeOnce(cache, { stripe: stripe as unknown as StripeApi }, resolved, addUps, 300)).rejects.toBeInstanceOf(
      OrderBusyError,
    );
    expect(stripe.writes).toBe(0);
    expect(stripe.reads).toBeGreaterThan(0);
  });
});
