/**
 * Load, webhooks: signed deliveries through order_status_changed's perform, in this process, on one connection
 * subscribed in both gateways to paid and refunded orders, run the way Zapier runs a REST hook:
 * - Zapier answers the gateway 200 before perform runs, so the gateway never delivers an event again;
 * - a perform that throws a ThrottledError is run once more (Zapier's one retry of a hook), and never again;
 * - any other error, or no Order, loses the event.
 *
 * Templates are real deliveries the sandbox sends when an order is paid or refunded (Stripe
 * payment_intent.succeeded: no read; charge.refunded: 1 read; PayPal PAYMENT.CAPTURE.COMPLETED: the event read
 * back + 1 read; PAYMENT.CAPTURE.REFUNDED: the event + 2 reads). Each is run once before any fault to learn the
 * Order it must give; then `total` copies with fresh event ids, each signed when sent (and, for PayPal, kept in
 * the sandbox as PayPal keeps the events it sends), are delivered `concurrency` at a time while `faults()` holds.
 *
 * A delivery is processed when it gives exactly one Order for its event: the expected one, or, when built from
 * the event alone (details_complete false, details_missing saying why), one that agrees with it as far as the
 * event goes (gateway, status or the other status of its row, order ID or none). Duplicated: more than one
 * Order. Lost: anything else.
 *
 *   prepareWebhookLoad(sandbox, runner, rpcCalls): Promise<WebhookLoad>
 *   runWebhookScenario(load, { name, total, concurrency, faults }): Promise<WebhookLoadResult>
 */
import pLimit from 'p-limit';
import { sandboxEvent, signedCopy, startCapture, subscribeHooks, type CapturedDelivery, type HookSubscription } from '../bench/deliveries';
import type { AppRunner } from '../bench/in-process';
import { bothAuth } from '../bench/lib';
import type { PayPalEvent } from '../sandbox/paypal';
import type { Sandbox } from '../sandbox/server';
import { attempt, faultsSince, tally, type Outcome } from './outcome';

export interface WebhookLoadResult {
  scenario: string;
  deliveries: number;
  by_gateway: Record<string, number>;
  by_event: Record<string, number>;
  processed: number;
  /** Of the processed: Orders built from the event alone (details_complete false). */
  from_event: number;
  duplicated: number;
  lost: number;
  /** Deliveries whose perform threw a ThrottledError, run once more as Zapier does. */
  zapier_retry: { retried: number; completed: number };
  wrong: string[];
  error_names: Record<string, number>;
  faults: Record<string, number>;
  gateway_requests: number;
  /** z.cache calls (get, set, delete) per delivery, through the RPC stand-in. */
  cache_calls_per_delivery: number;
  seconds: number;
}

const HOOK = 'triggers.order_status_changed.operation.perform';
const STATUSES = ['paid', 'refunded', 'partially_refunded'];
/** Order changes whose deliveries serve as templates: [order, admin event]. */
const CHANGES: Array<[string, string]> = [
  ['pi_3SbxProcess000007', 'pay'],
  ['pi_3SbxShip0000000001', 'refund'],
  ['4HJ67890KL123456M', 'pay'],
  ['5O190127TN364715T', 'refund'],
];

type OrderOut = {
  gateway: string;
  order_id: string | null;
  status: string;
  event_id: string | null;
  details_complete: boolean;
  details_missing: string;
};

interface Template {
  gateway: 'stripe' | 'paypal';
  eventType: string;
  delivery: CapturedDelivery;
  /** The complete Order the delivery gives when the gateway answers. */
  expected: OrderOut;
}

export interface WebhookLoad {
  sandbox: Sandbox;
  templates: Template[];
  deliver(rawRequest: unknown): Promise<Outcome<OrderOut[]>>;
  subscribeData: HookSubscription;
  rpcCalls: () => number;
}

const orderKey = (o: OrderOut) => `${o.gateway}:${o.order_id}:${o.status}`;
const gatewayOf = (delivery: CapturedDelivery) => (delivery.headers['stripe-signature'] ? 'stripe' : 'paypal');
const eventTypeOf = (delivery: CapturedDelivery): string => {
  const event = JSON.parse(delivery.body) as { type?: string; event_type?: string };
  return event.type ?? event.event_type ?? 'unknown';
};

async function captureTemplates(sandbox: Sandbox, runner: AppRunner, authData: Record<string, string>) {
  const capture = await startCapture();
  try {
    const subscribeData = await subscribeHooks(runner, authData, capture.url, STATUSES);
    const deliveries: CapturedDelivery[] = [];
    for (const [orderId, type] of CHANGES) {
      await sandboxEvent(sandbox, orderId, type);
      deliveries.push(await capture.next());
    }
    // Anything else the changes sent (none expected) is used as a template too.
    for (;;) {
      const extra = await capture.next(500).catch(() => null);
      if (!extra) break;
      deliveries.push(extra);
    }
    return { subscribeData, targetUrl: capture.url, deliveries };
  } finally {
    await capture.close();
  }
}

export async function prepareWebhookLoad(sandbox: Sandbox, runner: AppRunner, rpcCalls: () => number): Promise<WebhookLoad> {
  const authData = bothAuth(sandbox);
  const inputData = { gateways: ['stripe', 'paypal'], statuses: STATUSES };
  const { subscribeData, targetUrl, deliveries } = await captureTemplates(sandbox, runner, authData);
  const deliver = (rawRequest: unknown) =>
    attempt(() => runner.run<OrderOut[]>(HOOK, { authData, inputData, subscribeData, rawRequest, targetUrl }));
  const load: WebhookLoad = { sandbox, templates: [], deliver, subscribeData, rpcCalls };
  for (const [i, delivery] of deliveries.entries()) {
    const gateway = gatewayOf(delivery);
    const baseline = await deliver(copyOf(load, delivery, gateway, `${gateway === 'stripe' ? 'evt_' : 'WH-'}baseline${i}`));
    if (!baseline.ok || baseline.value.length !== 1 || !baseline.value[0]!.details_complete) {
      throw new Error(
        `the ${eventTypeOf(delivery)} delivery gave ${baseline.ok ? JSON.stringify(baseline.value) : baseline.message} before any fault`,
      );
    }
    load.templates.push({ gateway, eventType: eventTypeOf(delivery), delivery, expected: baseline.value[0]! });
  }
  return load;
}

/** A fresh event from a template, signed now; a PayPal one is also kept by the sandbox, as PayPal keeps what it sends. */
function copyOf(load: WebhookLoad, template: CapturedDelivery, gateway: 'stripe' | 'paypal', eventId: string) {
  const rawRequest = signedCopy(template, gateway, load.subscribeData, eventId);
  if (gateway === 'paypal') load.sandbox.state.paypal.events.push(JSON.parse(rawRequest.content) as PayPalEvent);
  return rawRequest;
}

/** One Order for the delivery's event: the expected one, or one built from the event that agrees with it. */
function verdict(outcome: Outcome<OrderOut[]>, template: Template, eventId: string): 'processed' | 'from_event' | 'duplicated' | 'lost' {
  if (!outcome.ok || outcome.value.length === 0) return 'lost';
  if (outcome.value.length > 1) return 'duplicated';
  const order = outcome.value[0]!;
  const expected = template.expected;
  if (order.event_id !== eventId) return 'lost';
  if (order.details_complete) return orderKey(order) === orderKey(expected) ? 'processed' : 'lost';
  const sameRow = order.status === expected.status || (/refunded$/.test(order.status) && /refunded$/.test(expected.status));
  const agrees = order.gateway === expected.gateway && sameRow && (order.order_id === expected.order_id || order.order_id === null);
  return agrees && order.details_missing !== '' ? 'from_event' : 'lost';
}

interface Planned {
  template: Template;
  eventId: string;
  /** Signed when first sent, as the gateway signs at sending (Stripe's signature is good for 300 s); Zapier's retry resends it as is. */
  rawRequest?: unknown;
  outcomes: Array<Outcome<OrderOut[]>>;
}

function summarise(planned: Planned[]) {
  const counts = { processed: 0, from_event: 0, duplicated: 0, lost: 0 };
  const wrong: string[] = [];
  for (const p of planned) {
    const last = p.outcomes[p.outcomes.length - 1]!;
    const v = verdict(last, p.template, p.eventId);
    if (v === 'processed' || v === 'from_event') counts.processed += 1;
    if (v === 'from_event') counts.from_event += 1;
    if (v === 'duplicated' || v === 'lost') {
      counts[v] += 1;
      if (wrong.length < 10)
        wrong.push(
          `${p.template.eventType}: ${last.ok ? JSON.stringify(last.value.map(orderKey)) : `${last.name}: ${last.message.slice(0, 200)}`}`,
        );
    }
  }
  return { ...counts, wrong };
}

export async function runWebhookScenario(
  load: WebhookLoad,
  options: { name: string; total: number; concurrency: number; faults: () => void },
): Promise<WebhookLoadResult> {
  const tag = options.name.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  const keptBefore = load.sandbox.state.paypal.events.length;
  const planned: Planned[] = Array.from({ length: options.total }, (_, i) => {
    const template = load.templates[i % load.templates.length]!;
    const eventId = template.gateway === 'stripe' ? `evt_load${tag}${String(i).padStart(8, '0')}` : `WH-LOAD-${tag}-${i}`;
    return { template, eventId, outcomes: [] };
  });
  options.faults();
  const statsBefore = load.sandbox.stats();
  const cacheBefore = load.rpcCalls();
  const started = performance.now();
  const limit = pLimit(options.concurrency);
  const send = async (p: Planned) => {
    p.rawRequest ??= copyOf(load, p.template.delivery, p.template.gateway, p.eventId);
    p.outcomes.push(await load.deliver(p.rawRequest));
  };
  await Promise.all(planned.map((p) => limit(() => send(p))));
  // Zapier's one retry of a throttled hook perform; nothing else is ever run again.
  const throttled = planned.filter((p) => !p.outcomes[0]!.ok && p.outcomes[0]!.name === 'ThrottledError');
  await Promise.all(throttled.map((p) => limit(() => send(p))));
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  load.sandbox.clearFaults();
  load.sandbox.state.paypal.events.splice(keptBefore); // the copies served their purpose: keep the sandbox small

  const stats = load.sandbox.stats();
  return {
    scenario: options.name,
    deliveries: planned.length,
    by_gateway: tally(planned.map((p) => p.template.gateway)),
    by_event: tally(planned.map((p) => p.template.eventType)),
    ...summarise(planned),
    zapier_retry: { retried: throttled.length, completed: throttled.filter((p) => p.outcomes[1]?.ok).length },
    error_names: tally(planned.flatMap((p) => p.outcomes).flatMap((o) => (o.ok ? [] : [o.name]))),
    faults: faultsSince(statsBefore, stats),
    gateway_requests: stats.total - statsBefore.total,
    cache_calls_per_delivery: Math.round(((load.rpcCalls() - cacheBefore) / planned.length) * 100) / 100,
    seconds,
  };
}
