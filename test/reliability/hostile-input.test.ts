/**
 * Hostile and malformed input (docs/reliability.md), property-based with fast-check.
 *
 * Every operation that takes input — found in the app definition, so a new field (or a new operation, which
 * then needs a base input below) is covered automatically — runs against the in-process sandbox with 1–3 of
 * its input fields replaced by hostile values: random unicode, control characters, 10 kB strings, numbers,
 * booleans, arrays, objects, null, path and URL characters (`../`, `?`, `#`, `%2F`) spliced into real IDs,
 * SQL/HTML/template fragments, empty line items, 1,000 tracking numbers.
 *
 * The only outcomes allowed:
 *   - a correct result (the right shape; a lookup answer — not found, ambiguous, not trackable — only when a
 *     field that chooses what to look up was changed), or
 *   - ONE z.errors.Error `InvalidInput` 400 whose message names a changed field by its label or key,
 *     short and without control characters (it is shown to the merchant).
 * Never an unhandled exception or another error class, never a request to anything but the operation's own
 * spec endpoints with every ID path-encoded (checked on each request the sandbox serves: its spec template,
 * and the raw path rebuilt from the decoded path parameters with encodeURIComponent), never more requests
 * than documented (docs/performance.md round-trip table; operation header comments). The sandbox also checks every
 * request against the official OpenAPI specs and answers 400 to one that does not conform, which would
 * surface here as a gateway error, i.e. a failure.
 *
 * Seeded (SEED) so a failure reproduces; fast-check prints the counterexample and its path.
 */
import fc from 'fast-check';
import { PAYPAL_CHECKS_PER_POLL, STRIPE_PAGES } from '../../triggers/untracked_order';
import { PAYPAL_ROWS_PER_POLL, STRIPE_EVENTS_PER_POLL } from '../../triggers/order_status_changed_polling';
import { AUDIT_PAYPAL_ORDERS, AUDIT_PAYPAL_SEARCH_PAGES, AUDIT_STRIPE_PAGES } from '../../sync/audit/report';
import { forgetTokensInProcess } from '../../gateways/paypal';
import type { GatewayRequest } from '../../sandbox/http';
import { operation, useSandbox } from '../integration/support';
import { App, errorDetails, runApp } from '../support/tester';
import zcache from '../support/zcache';
import { recordFigure } from './figures';

const SEED = 20260707;
const h = useSandbox({ resetBeforeEach: false });
jest.setTimeout(600_000);

// Core's Lambda guard (tools/memory-checker.js) exits the process once it has served 250 invocations with an
// RSS over 450 MB, so that Zapier recycles a long-lived container. This file makes ~2,500 invocations in one
// jest worker that also holds ts-jest, the OpenAPI specs and the sandbox; the heap after GC stays near 200 MB
// (measured with --expose-gc), so the line is crossed by a lazy collector, not a leak. Only the guard is
// switched off here (as in faults.test.ts); the app's code is unchanged.
jest.mock('zapier-platform-core/src/tools/memory-checker', () => () => undefined);

// ---------------------------------------------------------------- the operations, from the app definition

type Kind = 'creates' | 'searches' | 'triggers';
type Method = 'perform' | 'performList' | 'performSubscribe';

interface Field {
  key: string;
  label: string;
  children?: Field[];
}

interface Base {
  auth: 'both' | 'stripe' | 'paypal';
  inputData: Record<string, unknown>;
  /** Tracking the order must hold before the case (update / cancel). */
  holds?: { order: string; tracking_number: string };
}

const STRIPE_ORDER = 'pi_3SbxShip0000000001'; // sandbox seed: paid, with shipping
const PAYPAL_ORDER = '5O190127TN364715T'; // sandbox seed: one COMPLETED capture
const PAYPAL_CAPTURE = '8MC585209K746392H';
const UPS = '1Z999AA10123456784'; // UPS check digit valid (ups.com format docs, as in test/creates/fixtures.ts)
const USPS = '9400111202555842332669'; // USPS IMpb (test/integration/merchant-day.test.ts)
const REAL_IDS = [
  STRIPE_ORDER,
  PAYPAL_ORDER,
  PAYPAL_CAPTURE,
  'ch_3SbxShip0000000001',
  'cs_test_3SbxCheckout00006',
  '1001',
  '#1001',
  'INV-2001',
];

const adding = (order: string): Record<string, unknown> => ({ order, tracking_number: UPS, carrier: 'UPS' });
const TRACKING_BASES: Record<string, Base[]> = {
  add_tracking: [
    { auth: 'both', inputData: adding(STRIPE_ORDER) },
    { auth: 'both', inputData: adding(PAYPAL_ORDER) },
  ],
  add_paypal_tracking: [{ auth: 'paypal', inputData: adding(PAYPAL_ORDER) }],
  add_stripe_tracking: [{ auth: 'stripe', inputData: adding(STRIPE_ORDER) }],
  update_tracking: [STRIPE_ORDER, PAYPAL_ORDER].map((order) => ({
    auth: 'both' as const,
    inputData: { order, old_tracking_number: UPS, tracking_number: USPS, carrier: 'USPS' },
    holds: { order, tracking_number: UPS },
  })),
  cancel_tracking: [STRIPE_ORDER, PAYPAL_ORDER].map((order) => ({
    auth: 'both' as const,
    inputData: { order, tracking_number: UPS },
    holds: { order, tracking_number: UPS },
  })),
  sync_tracking: [
    { auth: 'both', inputData: { order: STRIPE_ORDER, tracking: [{ tracking_number: UPS, carrier: 'UPS' }] } },
    {
      auth: 'both',
      inputData: {
        order: PAYPAL_ORDER,
        tracking: [
          { tracking_number: USPS, carrier: 'USPS', status: 'in_transit' },
          { tracking_number: UPS, carrier: 'UPS', status: 'delivered' },
        ],
        remove_others: 'false',
      },
      holds: { order: PAYPAL_ORDER, tracking_number: UPS },
    },
  ],
};

/** Base inputs: each operation's hostile cases start from one that succeeds. */
const BASES: Record<string, Base[]> = {
  ...TRACKING_BASES,
  find_order: [
    { auth: 'both', inputData: { order: STRIPE_ORDER } },
    { auth: 'both', inputData: { order: PAYPAL_ORDER } },
    { auth: 'both', inputData: { customer_email: 'hana@example.com' } },
    { auth: 'both', inputData: { order: '1001', gateways: ['stripe', 'paypal'] } },
  ],
  order_status_changed: [{ auth: 'both', inputData: { gateways: ['stripe', 'paypal'], statuses: ['paid'] } }],
  order_status_changed_polling: [{ auth: 'both', inputData: { gateways: ['stripe', 'paypal'], statuses: ['paid', 'refunded'] } }],
  untracked_order: [{ auth: 'both', inputData: { min_age_hours: '24', lookback_days: '14', require_shipping_address: 'true' } }],
  tracking_audit: [
    { auth: 'both', inputData: { gateways: ['stripe', 'paypal'], period: 'weekly', lookback_days: '14', min_age_hours: '24' } },
  ],
  check_tracking: [
    { auth: 'both', inputData: { order: STRIPE_ORDER, expected_tracking: [UPS], expected_carrier: 'UPS' } },
    { auth: 'both', inputData: { order: PAYPAL_ORDER, expected_tracking: [UPS] }, holds: { order: PAYPAL_ORDER, tracking_number: UPS } },
    { auth: 'both', inputData: { order: '1001' } },
  ],
};

interface Target {
  kind: Kind;
  key: string;
  method: Method;
  fields: Field[];
}

function fieldsOf(op: { inputFields?: unknown }): Field[] {
  const raw = Array.isArray(op.inputFields) ? (op.inputFields as Array<Record<string, any>>) : [];
  return raw
    .filter((f) => f.type !== 'copy')
    .map((f) => ({ key: f.key, label: f.label ?? f.key, ...(f.children ? { children: fieldsOf({ inputFields: f.children }) } : {}) }));
}

/** Every operation with input fields; a hook trigger twice (its list and its subscribe read the input). */
function targets(): Target[] {
  const found: Target[] = [];
  for (const kind of ['creates', 'searches', 'triggers'] as const) {
    for (const [key, definition] of Object.entries((App as any)[kind] ?? {})) {
      const op = (definition as any).operation;
      const fields = fieldsOf(op);
      if (fields.length === 0) continue;
      const methods: Method[] = op.type === 'hook' ? ['performList', 'performSubscribe'] : ['perform'];
      for (const method of methods) found.push({ kind, key, method, fields });
    }
  }
  return found;
}

// ---------------------------------------------------------------- hostile values

const repeatTo = (piece: string, length: number) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length);
const PATH_PIECES = [
  '../',
  '..',
  '/',
  '\\',
  '?',
  '?expand[]=customer',
  '#',
  '#frag',
  '%2F',
  '%2f..%2f',
  '%2e%2e%2f',
  '%00',
  '%',
  '/track',
  '/../../v1/charges',
  ';',
  '&',
  '=',
  '@evil.example',
];
const FRAGMENTS = [
  "' OR '1'='1",
  "'; DROP TABLE orders; --",
  '" OR ""="',
  "metadata['order_id']:'1' OR status:'succeeded'",
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '${7*7}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  'javascript:alert(1)',
  'http://169.254.169.254/latest/meta-data/',
  'https://evil.example/track?tracking_number=1Z999AA10123456784',
  'https://www.ups.com/track?tracknum=../../etc/passwd',
  'file:///etc/passwd',
  '\u202eevil',
  '\ufeff1Z999AA10123456784',
  ' ',
  '\t\n',
  '',
  ',,,',
  '\n\n\n',
];
const char = (min: number, max: number) => fc.integer({ min, max }).map((c) => String.fromCharCode(c));

const unicode = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: char(0, 0xffff), maxLength: 20 }), // lone surrogates included
);
const control = fc.string({
  unit: fc.oneof(char(0, 0x1f), char(0x7f, 0x9f), fc.constantFrom('\u200b', '\u2028', '\ufeff')),
  minLength: 1,
  maxLength: 10,
});
const tenKilobytes = fc.oneof(
  fc.constantFrom('A', '1', '/', '\u0000', 'é', '😀', `${UPS},`, `${STRIPE_ORDER}/`).map((p) => repeatTo(p, 10_240)),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }).map((p) => repeatTo(p, 10_240)),
);
const numbers = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 1e21, Number.MAX_SAFE_INTEGER + 2, NaN, Infinity, -Infinity));
const spliced = fc
  .tuple(fc.constantFrom(...REAL_IDS), fc.constantFrom(...PATH_PIECES, ...FRAGMENTS), fc.constantFrom('prefix', 'suffix', 'middle'))
  .map(([id, piece, where]) => (where === 'prefix' ? piece + id : where === 'suffix' ? id + piece : id.slice(0, 5) + piece + id.slice(5)));
const manyTrackingNumbers = fc
  .tuple(fc.constantFrom(',', '\n', ';', ', ', '\r\n'), fc.constantFrom('ups', 'mixed', 'random'))
  .map(([separator, kind]) =>
    Array.from({ length: 1000 }, (_, i) =>
      kind === 'ups' ? UPS : kind === 'mixed' ? (i % 2 ? UPS : `RR${String(i).padStart(9, '0')}GB`) : `N${i}X${(i * 7919) % 10007}`,
    ).join(separator),
  );
const scalar = fc.oneof(
  { weight: 3, arbitrary: unicode },
  { weight: 2, arbitrary: control },
  { weight: 1, arbitrary: tenKilobytes },
  { weight: 2, arbitrary: numbers },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
  { weight: 3, arbitrary: fc.constantFrom(...FRAGMENTS) },
  { weight: 3, arbitrary: spliced },
  { weight: 1, arbitrary: manyTrackingNumbers },
);
const structured = fc.oneof(
  fc.array(scalar, { maxLength: 4 }),
  fc.dictionary(fc.oneof(unicode, fc.constantFrom('__proto__', 'constructor', 'toString', 'sku', 'name', 'quantity')), scalar, {
    maxKeys: 4,
  }),
  // As JSON input can have them: keys that shadow Object.prototype (coercing such an object throws a TypeError).
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}')),
  fc.constant(JSON.parse('{"toString": "x", "valueOf": "y", "hasOwnProperty": 1}')),
  fc.constant([[]]),
  fc.constant({}),
  fc.constant([]),
);

/** Line items: empty ones, hostile children, 1,000 of them, and non-objects in the list. */
function lineItems(children: Field[]) {
  const child = fc.record(
    Object.fromEntries(
      children.map((c) => [c.key, fc.oneof(scalar, fc.constantFrom('sku01', '1', '0', '-1', '1.5', '1e3', '99999999999'))]),
    ),
    { requiredKeys: [] },
  );
  return fc.oneof(
    fc.array(child, { minLength: 1, maxLength: 4 }),
    fc.constantFrom(
      [{}],
      [{ sku: '', name: '', quantity: '' }],
      [{ sku: null, name: null, quantity: null }],
      Array.from({ length: 1000 }, () => ({ sku: 'sku01', name: 'T-Shirt', quantity: 1 })),
    ),
    fc.array(fc.oneof(scalar, fc.constant(null)), { minLength: 1, maxLength: 3 }),
  );
}

function hostileValue(field: Field) {
  return field.children
    ? fc.oneof({ weight: 3, arbitrary: lineItems(field.children) }, scalar, structured)
    : fc.oneof({ weight: 4, arbitrary: scalar }, structured);
}

interface Case {
  base: Base;
  changed: Record<string, unknown>;
}

function cases(target: Target, bases: Base[]): fc.Arbitrary<Case> {
  return fc
    .tuple(fc.constantFrom(...bases), fc.shuffledSubarray(target.fields, { minLength: 1, maxLength: Math.min(3, target.fields.length) }))
    .chain(([base, fields]) =>
      fc.record(Object.fromEntries(fields.map((f) => [f.key, hostileValue(f)]))).map((changed) => ({ base, changed: changed })),
    );
}

// ---------------------------------------------------------------- what each operation may send

const TOKEN = 'paypal POST /v1/oauth2/token';
const LOOKUP = [
  'stripe GET /v1/payment_intents/{intent}',
  'stripe GET /v1/charges/{charge}',
  'stripe GET /v1/checkout/sessions/{session}',
  'stripe GET /v1/payment_intents/search',
  'paypal GET /v2/checkout/orders/{id}',
  'paypal GET /v2/payments/captures/{capture_id}',
  'paypal GET /v1/reporting/transactions',
];
const TRACKING_WRITES = [
  'stripe POST /v1/payment_intents/{intent}',
  'stripe GET /v1/disputes',
  'stripe POST /v1/disputes/{dispute}',
  'paypal POST /v2/checkout/orders/{id}/track',
  'paypal PATCH /v2/checkout/orders/{id}/trackers/{tracker_id}',
  'paypal GET /v1/shipping/trackers',
];
const POLLING = [
  'stripe GET /v1/events',
  'stripe GET /v1/payment_intents',
  'stripe GET /v1/payment_intents/{intent}',
  'stripe GET /v1/charges/{charge}',
  'stripe GET /v1/disputes/{dispute}',
  'paypal GET /v1/reporting/transactions',
  'paypal GET /v2/checkout/orders/{id}',
  'paypal GET /v2/payments/captures/{capture_id}',
  'paypal GET /v1/shipping/trackers',
];

function allowedEndpoints(target: Target): Set<string> {
  if (target.key === 'sync_tracking') return new Set([TOKEN, ...LOOKUP, ...TRACKING_WRITES, 'paypal PUT /v1/shipping/trackers/{id}']);
  if (target.kind === 'creates') return new Set([TOKEN, ...LOOKUP, ...TRACKING_WRITES]);
  if (target.key === 'check_tracking') return new Set([TOKEN, ...LOOKUP, 'paypal GET /v1/shipping/trackers']);
  if (target.key === 'find_order') return new Set([TOKEN, ...LOOKUP, 'stripe GET /v1/charges/search', 'paypal GET /v1/shipping/trackers']);
  if (target.method === 'performSubscribe') {
    return new Set([
      TOKEN,
      'stripe GET /v1/webhook_endpoints',
      'stripe DELETE /v1/webhook_endpoints/{webhook_endpoint}',
      'stripe POST /v1/webhook_endpoints',
      'paypal POST /v1/notifications/webhooks',
      'paypal GET /v1/notifications/webhooks',
      'paypal DELETE /v1/notifications/webhooks/{webhook_id}',
    ]);
  }
  if (target.key === 'order_status_changed') return new Set([TOKEN, 'paypal GET /v1/notifications/webhooks-events', ...POLLING]);
  return new Set([TOKEN, ...POLLING]);
}

/** The documented round trips (token mint aside) — docs/performance.md "Round trips" rows and the operations' header comments. */
function requestBudget(target: Target, input: Record<string, unknown>, result: unknown): number {
  const reference = typeof input.order === 'string' ? input.order.trim() : '';
  // Reads to resolve a reference: a Stripe ID 1; a PayPal ID up to 3 (order 404, capture, its order); a merchant
  // reference: Stripe Search + Transaction Search, + capture and order reads of the PayPal match.
  const resolveReads = /^(pi|ch|py|cs)_/.test(reference) ? 1 : /^[A-Z0-9]{17}$/.test(reference) ? 3 : 4;
  if (target.key === 'sync_tracking') {
    // + the Tracking v1 list; PayPal per number an add (+ a status PUT) or a correction, a cancel per other number;
    // Stripe one update, a Checkout Session read, and the dispute list and evidence.
    const lines = Array.isArray(input.tracking) ? (input.tracking as Array<{ tracking_number?: unknown }>) : [];
    const numbers = lines.flatMap((l) => String(l?.tracking_number ?? '').split(/[,;\r\n]+/)).filter((n) => n.trim()).length;
    return resolveReads + 1 + Math.max(2 * numbers + 1, 4);
  }
  if (target.key === 'check_tracking') {
    // Each order found: its resolve reads and a Tracking v1 list; a merchant reference: both searches (≤ 3 pages) + 3 per PayPal match.
    const matches = Array.isArray(result) ? result.length : 0;
    return resolveReads < 4 ? resolveReads + 1 : 1 + 3 + 3 * matches;
  }
  if (target.kind === 'creates') {
    const numbers = (typeof input.tracking_number === 'string' ? input.tracking_number : '')
      .split(/[,;\r\n]+/)
      .filter((n) => n.trim()).length;
    // Writes: PayPal one per new number (update: cancel + add); Stripe one update, + dispute list and evidence.
    const writes = target.key === 'cancel_tracking' ? 1 : target.key === 'update_tracking' ? 3 : Math.max(numbers, 3);
    return resolveReads + writes;
  }
  if (target.key === 'find_order') {
    // Stripe Search + Transaction Search (up to 3 pages) + capture and order reads per PayPal match.
    const matches = Array.isArray(result) ? result.length : 0;
    const searched = 1 + 3 + 2 * matches;
    return reference && resolveReads < 4 ? resolveReads : searched;
  }
  // Stripe list + create, PayPal create (a webhook left by a lost answer adds its deletes; none here: the sandbox is reset per case).
  if (target.method === 'performSubscribe') return 3;
  if (target.key === 'order_status_changed') return 1 + 10 + 1 + 2 * 10; // 10 recent per gateway, ≤ 1 / 2 reads each
  if (target.key === 'order_status_changed_polling') return 1 + STRIPE_EVENTS_PER_POLL + 2 + 2 * PAYPAL_ROWS_PER_POLL;
  if (target.key === 'untracked_order') return STRIPE_PAGES + 2 + 3 * PAYPAL_CHECKS_PER_POLL;
  if (target.key === 'tracking_audit') {
    // Stripe list pages + search pages + per PayPal order counted ≤ 3 reads: capture, order, Tracking v1 (sync/audit/report.ts).
    const counted = (result as Array<{ paypal?: { paid?: number } }> | undefined)?.[0]?.paypal?.paid ?? AUDIT_PAYPAL_ORDERS;
    return AUDIT_STRIPE_PAGES + AUDIT_PAYPAL_SEARCH_PAGES + 3 * counted;
  }
  throw new Error(`no documented request count for ${target.key}`);
}

// ---------------------------------------------------------------- one case

const served: GatewayRequest[] = [];

/** Records what the sandbox serves (its state is rebuilt on reset, so the wrap is renewed each case). */
function recordServed(): void {
  for (const gateway of ['stripe', 'paypal'] as const) {
    const state = (h.sandbox.state as any)[gateway];
    const serve = state.serve.bind(state);
    state.serve = (req: GatewayRequest) => {
      served.push({ ...req, headers: { gateway } });
      return serve(req);
    };
  }
}

const endpointOf = (req: GatewayRequest) => `${req.headers.gateway} ${req.method} ${req.operationId ? req.template : req.path}`;

/** The raw path must be the template with each decoded parameter put back through encodeURIComponent. */
function pathProblem(req: GatewayRequest): string | null {
  if (!req.operationId) return `no spec endpoint for ${req.method} ${req.path}`;
  const rebuilt = req.template.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(req.pathParams[name] ?? ''));
  if (rebuilt !== req.path) return `path ${req.path} is not ${req.template} with encoded IDs (${rebuilt})`;
  const bad = Object.values(req.pathParams).find((value) => !/^[A-Za-z0-9_-]+$/.test(value));
  return bad === undefined ? null : `ID ${JSON.stringify(bad)} in the path of ${req.template}`;
}

const LOOKUP_ANSWERS = new Set(['NotFound', 'AmbiguousOrder', 'NotTrackable']);
const LOOKUP_FIELDS = new Set(['order', 'tracking_number', 'old_tracking_number', 'items', 'gateways', 'tracking']);
const TRACKING_RESULTS = new Set(['added', 'already_present', 'replaced', 'cancelled', 'in_sync', 'changed']);

interface Tally {
  tried: number;
  rejected: number;
  processed: number;
  requests: number;
}

async function prepare(base: Base): Promise<void> {
  if (!base.holds) return;
  await runApp(operation('creates', 'add_tracking').perform, { authData: h.authData.both, inputData: { ...base.holds, carrier: 'UPS' } });
}

function checkResult(target: Target, result: unknown): string | null {
  if (target.kind === 'creates') {
    const r = result as Record<string, any>;
    if (!r || !TRACKING_RESULTS.has(r.result) || !Array.isArray(r.trackings) || r.trackings.length === 0)
      return `not a tracking result: ${JSON.stringify(r).slice(0, 300)}`;
    const bad = r.trackings.find((t: any) => typeof t.tracking_number !== 'string' || !/^[^\s\p{C}]{1,64}$/u.test(t.tracking_number));
    return bad ? `tracking number ${JSON.stringify(bad.tracking_number).slice(0, 80)} written` : null;
  }
  if (target.method === 'performSubscribe')
    return result && typeof result === 'object' ? null : `subscribe returned ${JSON.stringify(result)}`;
  if (!Array.isArray(result)) return `not a list: ${JSON.stringify(result).slice(0, 200)}`;
  const bad = result.find((o) => !o || typeof o.id !== 'string' || !o.id);
  return bad ? `item without id: ${JSON.stringify(bad).slice(0, 200)}` : null;
}

function checkError(
  target: Target,
  changed: Record<string, unknown>,
  error: unknown,
): { verdict: 'rejected' | 'processed' } | { problem: string } {
  const details = errorDetails(error);
  const described = `${details.name} ${details.code ?? ''} ${details.status ?? ''}: ${details.message.slice(0, 400)}`;
  if (details.name !== 'AppError') return { problem: `not a z.errors.Error: ${described}` };
  if (details.message.length > 1000) return { problem: `message of ${details.message.length} characters: ${described}` };

  if (/[\u0000-\u001f\u007f-\u009f]/.test(details.message))
    return { problem: `control characters in the message: ${JSON.stringify(details.message.slice(0, 300))}` };
  const keys = Object.keys(changed);
  if (details.code === 'InvalidInput' && details.status === 400) {
    const named = target.fields
      .filter((f) => keys.includes(f.key))
      .some((f) => details.message.includes(f.label) || details.message.includes(f.key));
    return named ? { verdict: 'rejected' } : { problem: `InvalidInput naming none of ${keys.join(', ')}: ${described}` };
  }
  if (LOOKUP_ANSWERS.has(details.code ?? '') && keys.some((k) => LOOKUP_FIELDS.has(k))) return { verdict: 'processed' };
  return { problem: `not an input error: ${described}` };
}

async function runCase(target: Target, { base, changed }: Case, tally: Tally): Promise<void> {
  h.sandbox.reset();
  zcache.clear();
  forgetTokensInProcess();
  recordServed();
  await prepare(base);
  served.length = 0;
  const inputData = { ...base.inputData, ...changed };
  const perform = operation(target.kind, target.key)[target.method];
  const bundle: Record<string, unknown> = { authData: h.authData[base.auth], inputData };
  if (target.method === 'performSubscribe') bundle.targetUrl = 'https://hooks.zapier.com/hooks/standard/1/2/3/';

  let result: unknown;
  let verdict: 'rejected' | 'processed';
  try {
    result = await runApp(perform, bundle);
    const problem = checkResult(target, result);
    if (problem) throw new Error(problem);
    verdict = 'processed';
  } catch (error) {
    if (result !== undefined) throw error;
    const checked = checkError(target, changed, error);
    if ('problem' in checked) throw new Error(checked.problem);
    verdict = checked.verdict;
  }

  const requests = served.filter((req) => endpointOf(req) !== TOKEN);
  const allowed = allowedEndpoints(target);
  for (const req of served) {
    const problem = pathProblem(req);
    if (problem) throw new Error(problem);
    if (!allowed.has(endpointOf(req))) throw new Error(`request to ${endpointOf(req)}, not an endpoint of ${target.key}`);
  }
  // The tracking actions check their whole input before the first request (docs/architecture.md#order-references).
  if (verdict === 'rejected' && target.kind === 'creates' && requests.length > 0)
    throw new Error(`input refused after ${requests.map(endpointOf).join(', ')}`);
  const budget = requestBudget(target, inputData, result);
  if (requests.length > budget)
    throw new Error(`${requests.length} requests (${requests.map(endpointOf).join(', ')}); documented at most ${budget}`);
  tally.tried += 1;
  tally.requests += requests.length;
  tally[verdict] += 1;
}

// ---------------------------------------------------------------- the properties

/** Cases per operation: update and cancel first write the tracking they change, so they cost twice as much. */
const RUNS: Record<string, number> = {
  add_tracking: 300,
  add_paypal_tracking: 300,
  add_stripe_tracking: 300,
  update_tracking: 200,
  cancel_tracking: 200,
  find_order: 300,
};
const runsOf = (target: Target) => RUNS[target.key] ?? 100;
const ALL = targets();
const totals = { tried: 0, rejected: 0, processed: 0, fields: new Set<string>() };

describe('hostile and malformed input', () => {
  it('covers every operation that takes input, each with a base input', () => {
    expect(ALL.length).toBeGreaterThanOrEqual(9);
    for (const target of ALL) expect(BASES[target.key]).toBeDefined();
  });

  it.each(ALL.map((t) => [`${t.kind} ${t.key}${t.method === 'perform' ? '' : ` (${t.method})`}`, t] as const))(
    '%s: a correct result or one field-naming input error; only its endpoints, IDs encoded, requests within the documented count',
    async (_name, target) => {
      const tally: Tally = { tried: 0, rejected: 0, processed: 0, requests: 0 };
      await fc.assert(
        fc.asyncProperty(cases(target, BASES[target.key]!), (c) => runCase(target, c, tally)),
        { seed: SEED, numRuns: runsOf(target), endOnFailure: true },
      );
      expect(tally.tried).toBe(runsOf(target));
      totals.tried += tally.tried;
      totals.rejected += tally.rejected;
      totals.processed += tally.processed;
      for (const f of target.fields) totals.fields.add(`${target.key}.${f.key}`);
    },
  );

  afterAll(() => {
    const operations = new Set(ALL.map((t) => t.key)).size;
    recordFigure({
      name: 'Hostile input',
      tried: totals.tried,
      rejected: totals.rejected,
      processed: totals.processed,
      lost: 0,
      detail: `${operations} operations, ${totals.fields.size} fields`,
    });
    process.stdout.write(
      `hostile input: ${totals.tried} generated cases (${totals.rejected} refused, ${totals.processed} processed), ${operations} operations, ${totals.fields.size} fields\n`,
    );
  });
});
