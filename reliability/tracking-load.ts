/**
 * Load, add_tracking: `total` calls on one connection (both gateways) against the sandbox while it injects
 * faults, then the sandbox's own state is read to count duplicates and numbers the app claimed but lost.
 *
 * The calls (deterministic plan, no randomness but the sandbox's seeded faults):
 *   56% first   a new (order, number), 1 in 8 by the Charge / capture ID instead of the order ID
 *               (orders paid in two captures always by the capture ID: the app asks for it)
 *   12% pairs   the same call twice at once (a Zap replay racing the original)
 *    8% fours   four different numbers on one order at once (Stripe keeps all numbers in one hash:
 *               each write is a read-modify-write that must not drop the others)
 *   24% replays an earlier call again after it finished (Zapier's replay / a second Zap)
 * Phase 1 runs first/pairs/fours interleaved, `concurrency` at a time; phase 2 the replays. Then every
 * call that ended in a retryable error is run again, up to `retryRounds` times, as Zapier's retry would
 * (after a short pause, not the full delay it asked for).
 *
 * With `lock` (the app's add_tracking lock definition), every call runs under Zapier's operation lock as the
 * schema describes it (test/support/zapier-lock.ts: same rendered key and connection, one at a time); without,
 * calls run as createAppTester runs them, the lock ignored — what the app's own guard holds on its own.
 *
 * A call is processed when its first attempt answered added / already_present for its number on its
 * order; failed correctly when it ended in a retryable ThrottledError naming the gateway (outcome.ts);
 * lost when any attempt did something else (wrong answer, unexpected error). A number that any attempt
 * reported as on the order but that the sandbox does not hold is lost too. Duplicated: a number held
 * twice by one order (Stripe's list, or two SHIPPED PayPal trackers, e.g. on two captures).
 *
 *   trackingLoad(sandbox, runner, shop, { total, concurrency, retryRounds, lock? }): Promise<TrackingLoadResult>
 */
import pLimit from 'p-limit';
import { bothAuth } from '../bench/lib';
import type { AppRunner } from '../bench/in-process';
import type { Sandbox } from '../sandbox/server';
import { zapierLocks, type LockDefinition } from '../test/support/zapier-lock';
import { loadNumber, type LoadShop, type ShopOrder } from './orders';
import { attempt, faultsSince, isCorrectFaultError, tally, type Outcome } from './outcome';

type CallKind = 'first' | 'pair' | 'four' | 'replay';

interface Call {
  index: number;
  kind: CallKind;
  order: ShopOrder;
  reference: string;
  number: string;
  attempts: Outcome[];
}

export interface TrackingLoadResult {
  /** Zapier's operation lock honoured, or ignored (as createAppTester runs). */
  lock: 'honoured' | 'ignored';
  /** Calls that waited for Zapier's lock (another call on the same order input was running). */
  waited_for_lock: number;
  calls: number;
  by_kind: Record<CallKind, number>;
  processed: number;
  failed_correctly: number;
  lost: number;
  duplicated: number;
  /** Calls whose first attempt failed correctly, run again as Zapier would. */
  retry: { rounds: number; retried: number; completed: number; still_failing: number };
  /** Of `lost`: numbers the app reported on an order that the sandbox does not hold. */
  missing_in_state: string[];
  duplicates: string[];
  /** Up to 10 examples of wrong answers / wrong errors. */
  wrong: string[];
  error_names: Record<string, number>;
  results: Record<string, number>;
  faults: Record<string, number>;
  gateway_requests: number;
  writes: { stripe_updates: number; paypal_track: number };
  seconds: number;
}

const ADD = 'creates.add_tracking.operation.perform';
const RETRY_PAUSE_MS = 500;

/** A permutation of 0..n-1 that interleaves the kinds of calls, the same every run. */
function interleaved<T>(items: readonly T[]): T[] {
  const n = items.length;
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let step = 7919;
  while (gcd(step, n) !== 1) step += 2;
  return items.map((_, i) => items[(i * step) % n]!);
}

function planCalls(shop: LoadShop, total: number): { phase1: Call[][]; replays: Call[] } {
  let numberIndex = 0;
  let callIndex = 0;
  const call = (kind: CallKind, order: ShopOrder, number: string, reference = order.reference): Call => ({
    index: callIndex++,
    kind,
    order,
    reference,
    number,
    attempts: [],
  });
  const orderFor = (j: number): ShopOrder => {
    const list = j % 2 ? shop.paypal : shop.stripe;
    return list[Math.floor(j / 2) % list.length]!;
  };
  const firstCount = Math.round(total * 0.56);
  const pairCount = Math.round(total * 0.06);
  const fourCount = Math.round(total * 0.02);
  const replayCount = total - firstCount - 2 * pairCount - 4 * fourCount;

  const firsts = Array.from({ length: firstCount }, (_, j) => {
    const order = orderFor(j);
    return call('first', order, loadNumber(numberIndex++), j % 8 === 7 ? order.otherReference : order.reference);
  });
  const pairs = Array.from({ length: pairCount }, (_, j) => {
    const order = orderFor(j + 1);
    const number = loadNumber(numberIndex++);
    return [call('pair', order, number), call('pair', order, number)];
  });
  const fours = Array.from({ length: fourCount }, (_, j) => {
    const order = orderFor(3 * j);
    return Array.from({ length: 4 }, () => call('four', order, loadNumber(numberIndex++)));
  });
  const replays = Array.from({ length: replayCount }, (_, r) => {
    const original = firsts[(r * 13) % firsts.length]!;
    return call('replay', original.order, original.number, original.reference);
  });
  return { phase1: interleaved([...firsts.map((c) => [c]), ...pairs, ...fours]), replays };
}

function isRightAnswer(callItem: Call, outcome: Outcome): boolean {
  if (!outcome.ok) return false;
  const result = outcome.value as {
    order_id?: string;
    trackings?: Array<{ tracking_number: string; result: string }>;
    order?: { trackings?: Array<{ tracking_number: string | null }> };
  };
  const row = result.trackings?.find((t) => t.tracking_number === callItem.number);
  return (
    result.order_id === callItem.order.id &&
    (row?.result === 'added' || row?.result === 'already_present') &&
    Boolean(result.order?.trackings?.some((t) => t.tracking_number === callItem.number))
  );
}

const explain = (c: Call, o: Outcome) =>
  `${c.kind} ${c.reference} ${c.number}: ${o.ok ? `answered ${JSON.stringify(o.value).slice(0, 160)}` : `${o.name}: ${o.message.slice(0, 200)}`}`;

/** Numbers each order holds in the sandbox, counted (Stripe: the shipping hash's list; PayPal: SHIPPED trackers). */
function numbersHeld(sandbox: Sandbox): Map<string, Map<string, number>> {
  const held = new Map<string, Map<string, number>>();
  const add = (orderId: string, number: string) => {
    const counts = held.get(orderId) ?? new Map<string, number>();
    counts.set(number, (counts.get(number) ?? 0) + 1);
    held.set(orderId, counts);
  };
  for (const pi of sandbox.state.stripe.dump().payment_intents as Array<{
    id: string;
    shipping?: { tracking_number?: string | null } | null;
  }>) {
    for (const number of (pi.shipping?.tracking_number ?? '').split(',')) if (number.trim()) add(pi.id, number.trim());
  }
  for (const tracker of sandbox.state.paypal.trackers.values()) {
    if (tracker.status === 'SHIPPED' && tracker.tracking_number) add(tracker.order_id, tracker.tracking_number);
  }
  return held;
}

export async function trackingLoad(
  sandbox: Sandbox,
  runner: AppRunner,
  shop: LoadShop,
  options: { total: number; concurrency: number; retryRounds: number; lock?: LockDefinition },
): Promise<TrackingLoadResult> {
  const started = performance.now();
  const authData = bothAuth(sandbox);
  const { phase1, replays } = planCalls(shop, options.total);
  const all = [...phase1.flat(), ...replays];
  const limit = pLimit(options.concurrency);
  const locks = zapierLocks();
  const run = async (c: Call) => {
    const bundle = { authData, inputData: { order: c.reference, tracking_number: c.number, carrier: 'UPS' } };
    c.attempts.push(await attempt(() => locks.run(options.lock, bundle, () => runner.run(ADD, bundle))));
  };
  const statsBefore = sandbox.stats();

  await Promise.all(phase1.map((group) => limit(() => Promise.all(group.map(run)))));
  await Promise.all(replays.map((c) => limit(() => run(c))));

  const last = (c: Call) => c.attempts[c.attempts.length - 1]!;
  const firstFailed = all.filter((c) => isCorrectFaultError(c.attempts[0]!));
  let round = 0;
  for (; round < options.retryRounds; round += 1) {
    const failing = all.filter((c) => isCorrectFaultError(last(c)));
    if (failing.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
    await Promise.all(failing.map((c) => limit(() => run(c))));
  }

  const wrong: string[] = [];
  let processed = 0;
  let failedCorrectly = 0;
  let lostCalls = 0;
  for (const c of all) {
    const bad = c.attempts.find((o) => !isRightAnswer(c, o) && !isCorrectFaultError(o));
    if (bad) {
      lostCalls += 1;
      if (wrong.length < 10) wrong.push(explain(c, bad));
    } else if (c.attempts[0]!.ok) processed += 1;
    else failedCorrectly += 1;
  }

  const held = numbersHeld(sandbox);
  const claimed = new Set(all.filter((c) => c.attempts.some((o) => isRightAnswer(c, o))).map((c) => `${c.order.id} ${c.number}`));
  const missing = [...claimed].filter((key) => {
    const [orderId, number] = key.split(' ') as [string, string];
    return !held.get(orderId)?.get(number);
  });
  const duplicates: string[] = [];
  let duplicated = 0;
  for (const [orderId, counts] of held) {
    for (const [number, count] of counts) {
      if (count > 1) {
        duplicated += count - 1;
        duplicates.push(`${orderId} holds ${number} ${count}×`);
      }
    }
  }

  const stats = sandbox.stats();
  const delta = (key: string) => (stats.byOperation[key] ?? 0) - (statsBefore.byOperation[key] ?? 0);
  const outcomes = all.flatMap((c) => c.attempts);
  return {
    lock: options.lock ? 'honoured' : 'ignored',
    waited_for_lock: locks.waited,
    calls: all.length,
    by_kind: tally(all.map((c) => c.kind)),
    processed,
    failed_correctly: failedCorrectly,
    lost: lostCalls + missing.length,
    duplicated,
    retry: {
      rounds: round,
      retried: firstFailed.length,
      completed: firstFailed.filter((c) => last(c).ok).length,
      still_failing: firstFailed.filter((c) => !last(c).ok).length,
    },
    missing_in_state: missing.slice(0, 20),
    duplicates: duplicates.slice(0, 20),
    wrong,
    error_names: tally(outcomes.filter((o) => !o.ok).map((o) => (o.ok ? '' : o.name))),
    results: tally(outcomes.filter((o) => o.ok).map((o) => String((o.ok && (o.value as { result?: string }).result) ?? 'none'))),
    faults: faultsSince(statsBefore, stats),
    gateway_requests: stats.total - statsBefore.total,
    writes: {
      stripe_updates: delta('stripe POST /v1/payment_intents/{intent}'),
      paypal_track: delta('paypal POST /v2/checkout/orders/{id}/track'),
    },
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}
