/**
 * `npm run demo`: a merchant's day, end to end, through the app's real operations, driven by
 * zapier-platform-core's `createAppTester` exactly as Zapier drives them — against the local sandbox.
 *
 *   connect → subscribe `order_status_changed` (both gateways) → a Stripe and a PayPal customer pay →
 *   the signed webhooks reach a local stand-in for Zapier's hook URL → each goes to the hook's perform →
 *   `add_tracking` on both (free-text carriers) → the replay answers `already_present` →
 *   `untracked_order` (the audit) → `tracking_audit` (the report, and its CSV through the hydrator) →
 *   `find_order` (both orders, with their tracking) → unsubscribe.
 *
 * Prints one block per step and a summary table; exits 0 when every step did what it should, 1 with the reason
 * otherwise. The app is loaded from the compiled build (`.build/index.js`) after the sandbox's base URLs are set.
 */
import type zapierCore from 'zapier-platform-core';
import type { ConnectionTestResult } from '../authentication';
import type { Order } from '../orders/order';
import type { CheckRow, SyncResult } from '../sync/reconcile/result';
import type { TrackingResult } from '../sync/tracking/result';
import { startCatcher, type Catcher, type CaughtDelivery } from './demo/catcher';
import { auditReportStep } from './demo/audit-step';
import { block, keyValues, maskSecrets, show, table } from './demo/format';
import { hookBundle } from './demo/zapier-request';
import { startSandbox, type Sandbox } from './server';
import type { AdminEventResult } from './stripe';

type Record_ = Record<string, unknown>;

/** `GET /_sandbox/state` (server.ts): each gateway's dump(), as JSON. */
interface SandboxState {
  stripe: ReturnType<Sandbox['state']['stripe']['dump']>;
  paypal: ReturnType<Sandbox['state']['paypal']['dump']>;
}

class DemoFailure extends Error {}

function check(condition: unknown, reason: string): asserts condition {
  if (!condition) throw new DemoFailure(reason);
}

/** Core puts a JSON `{message, …}` on its error classes; show the merchant-facing text. */
export function reasonOf(error: unknown): string {
  const e = error as Error;
  try {
    const parsed = JSON.parse(e.message) as { message?: string };
    return `${e.name}: ${parsed.message ?? e.message}`;
  } catch {
    return `${e.name}: ${e.message}`;
  }
}

// What a Zap shows for each kind of result.
const ORDER_FIELDS = [
  'id',
  'gateway',
  'status',
  'order_id',
  'payment_id',
  'amount',
  'currency',
  'customer_email',
  'event_type',
  'has_tracking',
  'tracking_number',
  'carrier_name',
  'tracking_url',
];
const TRACKING_FIELDS = [
  'id',
  'result',
  'gateway',
  'order_id',
  'payment_id',
  'tracking_number',
  'carrier',
  'carrier_name',
  'tracking_url',
  'notify_buyer',
  'dispute_evidence',
];

// The demo's shipments: ts-tracking-number's README USPS example and a valid S10 Royal Mail number (test/tracking).
const STRIPE_SHIPMENT = { tracking_number: '9400111202555842332669', carrier: 'usps' };
const PAYPAL_SHIPMENT = { tracking_number: 'RR473124829GB', carrier: 'Royal Mail' };
// The PayPal order's second parcel, which only the shop knows until sync_tracking puts it there.
const SECOND_PARCEL = { tracking_number: '1Z999AA10123456784', carrier: 'UPS' };

// Seeded orders still waiting for payment (sandbox/seed.ts): a processing PaymentIntent and an approved PayPal order.
const STRIPE_CUSTOMER_ORDER = 'pi_3SbxProcess000007';
const PAYPAL_CUSTOMER_ORDER = '4HJ67890KL123456M';

interface StepRecord {
  title: string;
  operation: string;
  outcome: string;
  gatewayCalls: number;
}

class Demo {
  readonly steps: StepRecord[] = [];
  private readonly appTester: (perform: unknown, bundle: Record_) => Promise<unknown>;

  constructor(
    readonly app: Record_,
    readonly sandbox: Sandbox,
    readonly catcher: Catcher,
    readonly out: (text: string) => void,
  ) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const zapier = require('zapier-platform-core') as typeof zapierCore;
    this.appTester = zapier.createAppTester(app) as never;
  }

  /**
   * Runs `path` of the app definition (e.g. `creates.add_tracking.operation.perform`) as Zapier would. Its answer
   * is what that perform returns (createAppTester does not type it): callers name the perform's declared type.
   */
  async run(path: string, bundle: Record_): Promise<unknown> {
    const perform = path
      .split('.')
      .reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record_)[key] : undefined), this.app);
    check(typeof perform === 'function', `the app has no ${path} (is the operation registered in index.ts?)`);
    try {
      return await this.appTester(perform, bundle);
    } catch (error) {
      throw new DemoFailure(`${path} failed — ${reasonOf(error)}`);
    }
  }

  /** One step: its block is printed, its outcome and gateway round trips go to the summary. */
  async step(title: string, operation: string, body: () => Promise<{ lines: string[]; outcome: string }>): Promise<void> {
    const before = this.sandbox.stats().total;
    const { lines, outcome } = await body();
    const gatewayCalls = this.sandbox.stats().total - before;
    this.steps.push({ title, operation, outcome, gatewayCalls });
    this.out(block(`${this.steps.length}. ${title}`, operation ? `Zapier runs ${operation}` : '', lines));
  }

  async admin(path: string, body: unknown): Promise<AdminEventResult['body']> {
    const response = await fetch(`${this.sandbox.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as AdminEventResult['body'];
    check(response.ok, `sandbox admin ${path} answered ${response.status}: ${JSON.stringify(json)}`);
    return json;
  }

  async state(): Promise<SandboxState> {
    return (await (await fetch(`${this.sandbox.url}/_sandbox/state`)).json()) as SandboxState;
  }
}

function orderLines(order: Order): string[] {
  return keyValues({ ...order }, ORDER_FIELDS, '    ');
}

function trackingLines(result: TrackingResult): string[] {
  return keyValues({ ...result }, TRACKING_FIELDS, '    ');
}

async function merchantsDay(demo: Demo, authData: Record_): Promise<void> {
  const hookUrl = demo.catcher.hookUrl('demo-zap-1');
  const hookInput = { gateways: ['stripe', 'paypal'], statuses: ['paid'] };
  let subscribeData: unknown;
  const paidOrders: Partial<Record<'stripe' | 'paypal', Order>> = {};

  await demo.step('Connect both gateways', 'authentication.test + connectionLabel', async () => {
    const result = (await demo.run('authentication.test', { authData })) as ConnectionTestResult;
    const label = await demo.run('authentication.connectionLabel', { authData, inputData: { ...result } });
    check(
      typeof label === 'string' && label.includes('Stripe') && label.includes('PayPal'),
      `the connection label should name both gateways, got ${JSON.stringify(label)}`,
    );
    return {
      lines: [
        `  Connection label: ${label}`,
        ...keyValues(
          { ...result },
          Object.keys(result).filter((k) => k !== 'label'),
        ),
      ],
      outcome: label,
    };
  });

  await demo.step(
    'Turn on a Zap: "Order Status Changed" (instant), both gateways, status paid',
    'triggers.order_status_changed.operation.performSubscribe',
    async () => {
      subscribeData = await demo.run('triggers.order_status_changed.operation.performSubscribe', {
        authData,
        inputData: hookInput,
        targetUrl: hookUrl,
      });
      check(
        subscribeData && typeof subscribeData === 'object',
        'performSubscribe should return the subscription (Zapier stores it as subscribeData)',
      );
      const state = await demo.state();
      const endpoints = state.stripe.webhook_endpoints.filter((e) => e.url === hookUrl);
      const webhooks = state.paypal.webhooks.filter((w) => w.url === hookUrl);
      check(
        endpoints.length === 1 && webhooks.length === 1,
        `one Stripe endpoint and one PayPal webhook should point at the Zap's URL (got ${endpoints.length} and ${webhooks.length})`,
      );
      return {
        lines: [
          `  Zap hook URL: ${hookUrl}`,
          `  Stripe webhook endpoint ${endpoints[0]!.id}: ${endpoints[0]!.enabled_events.join(', ')}`,
          `  PayPal webhook ${webhooks[0]!.id}: ${webhooks[0]!.event_types.map((t) => t.name).join(', ')}`,
          `  subscribeData (stored by Zapier): ${show(maskSecrets(subscribeData))}`,
        ],
        outcome: 'subscribed in Stripe and PayPal',
      };
    },
  );

  for (const [gateway, orderRef] of [
    ['stripe', STRIPE_CUSTOMER_ORDER],
    ['paypal', PAYPAL_CUSTOMER_ORDER],
  ] as const) {
    const name = gateway === 'stripe' ? 'Stripe' : 'PayPal';
    await demo.step(
      `A ${name} customer pays → signed webhook → the Zap fires`,
      'triggers.order_status_changed.operation.perform',
      async () => {
        const paid = await demo.admin(`/_sandbox/orders/${orderRef}/events`, { type: 'pay' });
        const deliveries: CaughtDelivery[] = demo.catcher.take(new URL(hookUrl).pathname);
        check(
          deliveries.length >= 1,
          `${name} should have delivered a signed event to the Zap's URL (sandbox deliveries: ${JSON.stringify(paid.deliveries)})`,
        );
        const lines = [
          `  ${name} sent ${deliveries.length} signed event(s): ${(paid.deliveries ?? []).map((d) => `${d.eventType} → HTTP ${d.status}`).join(', ')}`,
        ];
        const orders: Order[] = [];
        for (const delivery of deliveries) {
          const bundle = hookBundle(delivery, { authData, inputData: hookInput, subscribeData, targetUrl: hookUrl });
          const signatureHeaders = Object.keys(bundle.rawRequest.headers).filter((h) => /Signature|Transmission-Sig/.test(h));
          lines.push(
            `  Zapier hands the perform rawRequest (headers ${signatureHeaders.join(', ')}; raw body ${delivery.body.length} bytes)`,
          );
          const results = await demo.run('triggers.order_status_changed.operation.perform', bundle);
          check(Array.isArray(results), 'a hook perform must return an array');
          orders.push(...(results as Order[]));
        }
        check(orders.length === 1, `one delivery should yield exactly one Order, got ${orders.length}`);
        const order = orders[0]!;
        check(order.gateway === gateway && order.status === 'paid', `expected a paid ${name} Order, got ${order.gateway} ${order.status}`);
        check(
          typeof order.payment_id === 'string' && order.payment_id !== '',
          'the Order should carry the payment ID tracking attaches to',
        );
        paidOrders[gateway] = order;
        return { lines: [...lines, '  Order (trigger output):', ...orderLines(order)], outcome: `Order ${order.id}` };
      },
    );
  }

  const shipments = [
    { gateway: 'stripe', label: 'Stripe payment ID', shipment: STRIPE_SHIPMENT },
    { gateway: 'paypal', label: 'PayPal capture ID', shipment: PAYPAL_SHIPMENT },
  ] as const;
  const trackingInput = (gateway: 'stripe' | 'paypal') => {
    const spec = shipments.find((s) => s.gateway === gateway)!;
    return { order: paidOrders[gateway]!.payment_id, ...spec.shipment };
  };

  for (const { gateway, label, shipment } of shipments) {
    await demo.step(
      `Add Tracking to Order, with the ${label} and carrier "${shipment.carrier}"`,
      'creates.add_tracking.operation.perform',
      async () => {
        const inputData = trackingInput(gateway);
        const result = (await demo.run('creates.add_tracking.operation.perform', { authData, inputData })) as TrackingResult;
        check(result?.result === 'added', `expected result "added", got ${JSON.stringify(result?.result)}`);
        check(
          result.gateway === gateway && result.tracking_number === shipment.tracking_number,
          `the tracking should be on the ${gateway} order with number ${shipment.tracking_number}`,
        );
        return {
          lines: [
            `  inputs: order=${inputData.order} tracking_number=${inputData.tracking_number} carrier="${inputData.carrier}"`,
            ...trackingLines(result),
          ],
          outcome: `${result.result} (${result.carrier})`,
        };
      },
    );
  }

  await demo.step('Zapier replays both steps (a retry, a second Zap)', 'creates.add_tracking.operation.perform ×2', async () => {
    const lines: string[] = [];
    const outcomes: string[] = [];
    for (const { gateway } of shipments) {
      const result = (await demo.run('creates.add_tracking.operation.perform', {
        authData,
        inputData: trackingInput(gateway),
      })) as TrackingResult;
      check(
        result?.result === 'already_present',
        `a replay on ${gateway} should answer already_present, got ${JSON.stringify(result?.result)}`,
      );
      lines.push(`  ${gateway.padEnd(6)}  ${result.id}  → ${result.result}`);
      outcomes.push(result.result);
    }
    const state = await demo.state();
    const paypalTrackers = state.paypal.trackers.filter((t) =>
      String(t.tracking_number ?? t.id ?? '').includes(PAYPAL_SHIPMENT.tracking_number),
    );
    lines.push(`  PayPal trackers with ${PAYPAL_SHIPMENT.tracking_number}: ${paypalTrackers.length} (no duplicate)`);
    check(paypalTrackers.length === 1, `the replay must not add a second PayPal tracker (found ${paypalTrackers.length})`);
    return { lines, outcome: outcomes.join(', ') };
  });

  await demo.step(
    'The shop shipped a second PayPal parcel: Check Order Tracking finds it missing, Sync Order Tracking adds it',
    'searches.check_tracking.operation.perform + creates.sync_tracking.operation.perform',
    async () => {
      const order = paidOrders.paypal!.order_id!;
      const shop = [PAYPAL_SHIPMENT, SECOND_PARCEL];
      const checkTracking = async () =>
        (await demo.run('searches.check_tracking.operation.perform', {
          authData,
          inputData: { order, expected_tracking: shop.map((p) => p.tracking_number) },
        })) as CheckRow[];
      const [before] = await checkTracking();
      check(before?.agrees === false, 'the second parcel is not on PayPal yet: check_tracking must say they disagree');
      const synced = (await demo.run('creates.sync_tracking.operation.perform', {
        authData,
        inputData: { order, tracking: shop },
      })) as SyncResult;
      check(synced?.result === 'changed', `sync_tracking should add the missing parcel, got ${JSON.stringify(synced?.result)}`);
      const [after] = await checkTracking();
      check(after?.agrees === true, 'after the sync, PayPal should hold what the shop shipped');
      return {
        lines: [
          `  before  agrees=${before.agrees}  ${before.verdict}`,
          `  sync    result=${synced.result}  added=${String(synced.added)}  kept=${String(synced.kept)}`,
          `  after   agrees=${after.agrees}  ${after.verdict}`,
        ],
        outcome: `${synced.result}, then agrees`,
      };
    },
  );

  await demo.step(
    'Audit: "Paid Order Missing Tracking" (polling), both gateways',
    'triggers.untracked_order.operation.perform',
    async () => {
      // Minimum age 0 (a Zap would use the default, 24 h) so the orders paid a moment ago are audited too.
      const inputData = { gateways: ['stripe', 'paypal'], min_age_hours: 0, lookback_days: 14, require_shipping_address: true };
      const orders = (await demo.run('triggers.untracked_order.operation.perform', { authData, inputData })) as Order[];
      check(Array.isArray(orders) && orders.length > 0, 'the seeded paid orders without tracking should be reported');
      const tracked = new Set(Object.values(paidOrders).map((o) => o.order_id));
      check(!orders.some((o) => tracked.has(o.order_id)), 'an order that has tracking must not be reported as missing it');
      check(
        orders.every((o) => o.has_tracking === false),
        'the audit reports only orders without tracking',
      );
      const rows = orders.map((o) => [
        o.gateway,
        o.order_id ?? '',
        o.status,
        `${o.amount} ${o.currency}`,
        show(o.customer_email),
        show(o.created_at),
      ]);
      return {
        lines: [
          `  inputs: min_age_hours=0 lookback_days=14 require_shipping_address=true`,
          `  ${orders.length} paid order(s) still need tracking (the two just tracked are not among them):`,
          ...table(['gateway', 'order_id', 'status', 'amount', 'customer_email', 'created_at'], rows, '    '),
        ],
        outcome: `${orders.length} order(s) still missing tracking`,
      };
    },
  );

  await demo.step(
    'Tracking Audit Report (polling, daily), then its CSV for an email step',
    'triggers.tracking_audit.operation.perform + hydrators.trackingAuditCsv',
    () => auditReportStep(demo, authData, check),
  );

  await demo.step("Find Order, by each gateway's order ID", 'searches.find_order.operation.perform ×2', async () => {
    const lines: string[] = [];
    for (const gateway of ['stripe', 'paypal'] as const) {
      const order = paidOrders[gateway]!;
      const found = (await demo.run('searches.find_order.operation.perform', {
        authData,
        inputData: { order: order.order_id },
      })) as Order[];
      check(
        Array.isArray(found) && found.length === 1,
        `find_order ${order.order_id} should return exactly that order, got ${Array.isArray(found) ? found.length : typeof found}`,
      );
      const match = found[0]!;
      const number = gateway === 'stripe' ? STRIPE_SHIPMENT.tracking_number : PAYPAL_SHIPMENT.tracking_number;
      check(
        match.has_tracking === true && show(match.tracking_number).includes(number),
        `the found ${gateway} order should show tracking ${number}, got ${show(match.tracking_number)}`,
      );
      lines.push(`  order=${order.order_id}:`, ...orderLines(match));
    }
    return { lines, outcome: 'both found, with tracking' };
  });

  await demo.step('Turn the Zap off', 'triggers.order_status_changed.operation.performUnsubscribe', async () => {
    await demo.run('triggers.order_status_changed.operation.performUnsubscribe', {
      authData,
      inputData: hookInput,
      subscribeData,
      targetUrl: hookUrl,
    });
    const state = await demo.state();
    const left = [...state.stripe.webhook_endpoints, ...state.paypal.webhooks].filter((w) => w.url === hookUrl);
    check(left.length === 0, `unsubscribe should remove the webhooks it created (${left.length} left)`);
    return { lines: ['  Stripe webhook endpoint and PayPal webhook deleted; no more deliveries.'], outcome: 'unsubscribed' };
  });
}

function summary(steps: readonly StepRecord[], sandbox: Sandbox): string {
  const rows = steps.map((s, i) => [
    String(i + 1),
    s.operation.split(' ')[0]!.replace(/\.operation\./, '.'),
    String(s.gatewayCalls),
    s.outcome,
  ]);
  const stats = sandbox.stats();
  return block('Summary', '', [
    ...table(['#', 'operation', 'gateway calls', 'result'], rows),
    '',
    `  ${stats.total} gateway requests in all (Stripe ${stats.byGateway.stripe}, PayPal ${stats.byGateway.paypal}), every one checked against the official OpenAPI specs.`,
  ]);
}

export async function runDemo(out: (text: string) => void = (text) => process.stdout.write(`${text}\n`)): Promise<StepRecord[]> {
  const sandbox = await startSandbox({ port: 0 });
  const catcher = await startCatcher();
  try {
    // The app reads its gateway hosts from these; set them before it loads (it also reads them per call).
    Object.assign(process.env, sandbox.env);
    // Run core the way `zapier-platform invoke` does: its response checks throw instead of logging, and no
    // per-invocation memory lines on stdout. Core reads this once, when it loads.
    process.env.NODE_ENV = 'test';
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const app = require('../index') as Record_;
    const { credentials } = sandbox;
    const authData = {
      stripe_secret_key: credentials.stripeSecretKey,
      paypal_client_id: credentials.paypalClientId,
      paypal_client_secret: credentials.paypalClientSecret,
      paypal_environment: 'sandbox',
    };
    out(`PayPal & Stripe Tracking Sync — demo against the local sandbox at ${sandbox.url} (Stripe test mode, PayPal sandbox)\n`);
    const demo = new Demo(app, sandbox, catcher, out);
    try {
      await merchantsDay(demo, authData);
    } finally {
      if (demo.steps.length) out(summary(demo.steps, sandbox));
    }
    return demo.steps;
  } finally {
    await catcher.close();
    await sandbox.close();
  }
}

if (require.main === module) {
  runDemo().then(
    () => {
      process.stdout.write('Demo finished: every step did what it should.\n');
      process.exit(0);
    },
    (error: Error) => {
      process.stderr.write(`\nDemo FAILED: ${error instanceof DemoFailure ? error.message : reasonOf(error)}\n`);
      process.exit(1);
    },
  );
}
