/**
 * Load, webhooks: `total` signed deliveries through order_status_changed's perform, in this process, on one
 * connection subscribed in both gateways to paid and refunded orders.
 *
 * Templates are real deliveries the sandbox sends when an order is paid or refunded (Stripe
 * payment_intent.succeeded: no read; charge.refunded: 1 read; PayPal PAYMENT.CAPTURE.COMPLETED: 1 read;
 * PAYMENT.CAPTURE.REFUNDED: 2 reads). Each is run once before any fault to learn the Order it must give
 * (gateway, order ID, status); then `total` copies with fresh event ids, signed again, are delivered
 * `concurrency` at a time while the sandbox injects its faults (they land on the reads).
 *
 * A delivery is processed when it gives exactly that one Order, failed correctly when it ends in a
 * retryable ThrottledError naming the gateway, duplicated when it gives more than one Order, lost when it
 * gives none or another one, or any other error. Failed deliveries are delivered once more (a replay).
 *
 *   webhookLoad(sandbox, runner, { total, concurrency, beforeLoad }): Promise<WebhookLoadResult>
 */
import pLimit from 'p-limit';
import { sandboxEvent, signedCopy, startCapture, subscribeHooks, type CapturedDelivery } from '../bench/deliveries';
import type { AppRunner } from '../bench/in-process';
import { bothAuth } from '../bench/lib';
import type { Sandbox } from '../sandbox/server';
import { attempt, faultsSince, isCorrectFaultError, tally, type Outcome } from './outcome';

export interface WebhookLoadResult {
  deliveries: number;
  by_gateway: Record<string, number>;
  by_event: Record<string, number>;
  processed: number;
  failed_correctly: number;
  duplicated: number;
  lost: number;
  /** Failed deliveries delivered once more. */
  retry: { retried: number; completed: number };
  wrong: string[];
  error_names: Record<string, number>;
  faults: Record<string, number>;
  gateway_requests: number;
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

interface Template {
  gateway: 'stripe' | 'paypal';
  eventType: string;
  delivery: CapturedDelivery;
  /** `gateway:order_id:status` of the one Order the delivery must give. */
  expected: string;
}

type OrderOut = { gateway: string; order_id: string | null; status: string };
const orderKey = (o: OrderOut) => `${o.gateway}:${o.order_id}:${o.status}`;

function gatewayOf(delivery: CapturedDelivery): 'stripe' | 'paypal' {
  return delivery.headers['stripe-signature'] ? 'stripe' : 'paypal';
}

function eventTypeOf(delivery: CapturedDelivery): string {
  const event = JSON.parse(delivery.body) as { type?: string; event_type?: string };
  return event.type ?? event.event_type ?? 'unknown';
}

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

export async function webhookLoad(
  sandbox: Sandbox,
  runner: AppRunner,
  options: { total: number; concurrency: number; beforeLoad: () => void },
): Promise<WebhookLoadResult> {
  const authData = bothAuth(sandbox);
  const inputData = { gateways: ['stripe', 'paypal'], statuses: STATUSES };
  const { subscribeData, targetUrl, deliveries } = await captureTemplates(sandbox, runner, authData);
  const deliver = (rawRequest: unknown) =>
    attempt(() => runner.run<OrderOut[]>(HOOK, { authData, inputData, subscribeData, rawRequest, targetUrl }));

  const templates: Template[] = [];
  for (const [i, delivery] of deliveries.entries()) {
    const gateway = gatewayOf(delivery);
    const baseline = await deliver(signedCopy(delivery, gateway, subscribeData, `${gateway === 'stripe' ? 'evt_' : 'WH-'}baseline${i}`));
    if (!baseline.ok || baseline.value.length !== 1) {
      throw new Error(
        `the ${eventTypeOf(delivery)} delivery gave ${baseline.ok ? `${baseline.value.length} Orders` : baseline.message} before any fault`,
      );
    }
    templates.push({ gateway, eventType: eventTypeOf(delivery), delivery, expected: orderKey(baseline.value[0]!) });
  }

  options.beforeLoad();
  const statsBefore = sandbox.stats();
  const started = performance.now();
  const planned = Array.from({ length: options.total }, (_, i) => {
    const template = templates[i % templates.length]!;
    const eventId = template.gateway === 'stripe' ? `evt_load${String(i).padStart(8, '0')}` : `WH-LOAD-${i}`;
    return {
      template,
      rawRequest: signedCopy(template.delivery, template.gateway, subscribeData, eventId),
      outcomes: [] as Array<Outcome<OrderOut[]>>,
    };
  });
  const limit = pLimit(options.concurrency);
  await Promise.all(planned.map((p) => limit(async () => p.outcomes.push(await deliver(p.rawRequest)))));
  const failed = planned.filter((p) => isCorrectFaultError(p.outcomes[0]!));
  await Promise.all(failed.map((p) => limit(async () => p.outcomes.push(await deliver(p.rawRequest)))));

  let processed = 0;
  let failedCorrectly = 0;
  let duplicated = 0;
  let lost = 0;
  const wrong: string[] = [];
  for (const p of planned) {
    const verdicts = p.outcomes.map((o) =>
      o.ok
        ? o.value.length > 1
          ? 'duplicated'
          : o.value.length === 1 && orderKey(o.value[0]!) === p.template.expected
            ? 'processed'
            : 'lost'
        : isCorrectFaultError(o)
          ? 'failed'
          : 'lost',
    );
    const bad = verdicts.findIndex((v) => v === 'duplicated' || v === 'lost');
    if (bad >= 0) {
      if (verdicts[bad] === 'duplicated') duplicated += 1;
      else lost += 1;
      const o = p.outcomes[bad]!;
      if (wrong.length < 10)
        wrong.push(
          `${p.template.eventType}: ${o.ok ? `gave ${JSON.stringify(o.value.map(orderKey))}, expected ${p.template.expected}` : `${o.name}: ${o.message.slice(0, 200)}`}`,
        );
    } else if (verdicts[0] === 'processed') processed += 1;
    else failedCorrectly += 1;
  }

  const stats = sandbox.stats();
  return {
    deliveries: planned.length,
    by_gateway: tally(planned.map((p) => p.template.gateway)),
    by_event: tally(planned.map((p) => p.template.eventType)),
    processed,
    failed_correctly: failedCorrectly,
    duplicated,
    lost,
    retry: { retried: failed.length, completed: failed.filter((p) => p.outcomes[1]?.ok).length },
    wrong,
    error_names: tally(planned.flatMap((p) => p.outcomes).flatMap((o) => (o.ok ? [] : [o.name]))),
    faults: faultsSince(statsBefore, stats),
    gateway_requests: stats.total - statsBefore.total,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}
