/**
 * The sandbox HTTP servers: Stripe at the root of its own port (`stripeBase`), so the official `stripe` client
 * reaches it with `{ host, port, protocol: 'http' }` (docs/sandbox.md); PayPal under `/paypal` and the admin
 * API under `/_sandbox` on the other (`url`). Point the app at it with `sandbox.env` (STRIPE_API_BASE =
 * `stripeBase`, PAYPAL_API_BASE = `${url}/paypal`).
 * Routing, faults, latency and request counting live here; each gateway's behaviour in stripe.ts / paypal.ts.
 *
 *   startSandbox({ port = 0, stripePort = 0, host = '127.0.0.1', latencyMs?, seed?, paypal? }): Promise<Sandbox>
 *
 * Admin API (JSON):
 *   POST /_sandbox/orders/{id}/events {type: 'pay'|'refund'|'dispute'|<real event type>, amount?, outcome?}
 *        → changes the order (Stripe pi_/ch_/cs_ id, or PayPal order/capture id) and delivers its signed event
 *   GET  /_sandbox/state            POST /_sandbox/reset (state, faults, clock and stats back to the seed)
 *   POST /_sandbox/faults {match:{gateway?,method?,pathPrefix?}, fault: FaultKind, latencyMs?, retryAfter?, count?,
 *        probability?}   GET lists them, DELETE clears them
 *   GET  /_sandbox/stats → {total, byGateway, byOperation: {'paypal POST /v2/checkout/orders/{id}/track': n}, faults}
 *   POST /_sandbox/stats/reset      POST /_sandbox/clock {advance_seconds} (token expiry, order ages)
 *   GET  ${paypalBase}/_sandbox/certs/paypal-webhook.pem   the certificate PayPal deliveries are signed for
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { matchOperation, type Gateway } from './conformance';
import { randomId, type Clock, type GatewayRequest, type GatewayResponse, type SandboxContext } from './http';
import { PayPalSandbox, type PayPalSandboxOptions } from './paypal';
import { PAYPAL_SEED, SANDBOX_CREDENTIALS, STRIPE_SEED, type PayPalSeedOrder, type StripeSeedPayment } from './seed';
import { StripeSandbox, type AdminEventInput } from './stripe';
import { deliver, PAYPAL_CERT_PATH, PAYPAL_CERT_PEM, type SignedEvent } from './webhooks';

export interface SandboxOptions {
  /** PayPal and the admin API (0: any free port). */
  port?: number;
  /** Stripe, at the root (0: any free port). */
  stripePort?: number;
  host?: string;
  /** Added to every gateway call (benchmarks: 200). */
  latencyMs?: number;
  /** Replaces the default seed data of either gateway. */
  seed?: { stripe?: StripeSeedPayment[]; paypal?: PayPalSeedOrder[] };
  paypal?: PayPalSandboxOptions;
  /** Seed of the generator behind `probability` faults (default 1). */
  faultSeed?: number;
}

/**
 * - `latency`: waits `latencyMs` (default 1000) before answering normally (past the app's timeout: a slow gateway)
 * - `429` / `500` / `502` / `503`: the gateway's own error body (`Retry-After` on a 429 only when `retryAfter` is set)
 * - `html_error`: a 502 HTML page, as a load balancer in front of the gateway sends it
 * - `drop`: the connection closes before the request is handled (nothing changed)
 * - `drop_after_apply`: the request is handled (a write is stored), then the connection closes unanswered
 * - `malformed_json`: a 200 whose JSON body is cut off mid-object
 */
export type FaultKind = 'latency' | '429' | '500' | '502' | '503' | 'html_error' | 'drop' | 'drop_after_apply' | 'malformed_json';

export interface FaultRule {
  match: { gateway?: Gateway; method?: string; pathPrefix?: string };
  fault: FaultKind;
  latencyMs?: number;
  /** Seconds, sent as `Retry-After` with a 429. */
  retryAfter?: number;
  /** How many of the next matching calls it applies to (default 1; with `probability`, unlimited). */
  count?: number;
  /** Applies to each matching call with this chance (0–1), from a seeded generator: runs are reproducible. */
  probability?: number;
}

export interface SandboxStats {
  total: number;
  byGateway: Record<Gateway, number>;
  /** `<gateway> <METHOD> <spec path template>` → calls. */
  byOperation: Record<string, number>;
  /** Faults injected, by kind. */
  faults: Partial<Record<FaultKind, number>>;
}

export interface Sandbox {
  /** PayPal (under `/paypal`) and the admin API (under `/_sandbox`). */
  url: string;
  /** Stripe, at the root of its own port. */
  stripeBase: string;
  paypalBase: string;
  /** The two lines that point the app at this sandbox. */
  env: { STRIPE_API_BASE: string; PAYPAL_API_BASE: string };
  credentials: typeof SANDBOX_CREDENTIALS;
  /** Live state; replaced by reset(). */
  readonly state: { stripe: StripeSandbox; paypal: PayPalSandbox };
  stats(): SandboxStats;
  resetStats(): void;
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  advanceClock(seconds: number): void;
  reset(): void;
  close(): Promise<void>;
}

const FAULTS: FaultKind[] = ['latency', '429', '500', '502', '503', 'html_error', 'drop', 'drop_after_apply', 'malformed_json'];

/** mulberry32: a tiny seeded generator, so a run with probabilistic faults can be repeated exactly. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HTML_ERROR_PAGE =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What each gateway answers when it is overloaded or failing (Stripe `{error}`, PayPal `{name, message}`). */
function faultBody(gateway: Gateway, status: 429 | 500 | 502 | 503): unknown {
  if (gateway === 'stripe') {
    if (status === 429)
      return {
        error: {
          type: 'invalid_request_error',
          code: 'rate_limit',
          message: 'Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.',
        },
      };
    return {
      error: {
        type: 'api_error',
        message: status === 503 ? 'Stripe is temporarily unavailable. Please try again.' : 'An unknown error occurred',
      },
    };
  }
  const debug_id = randomId(13, 'upper').toLowerCase();
  if (status === 429)
    return {
      name: 'RATE_LIMIT_REACHED',
      message: 'Too many requests. Blocked due to rate limiting.',
      debug_id,
      details: [{ issue: 'RATE_LIMIT_REACHED', description: 'Too many requests. Blocked due to rate limiting.' }],
    };
  if (status === 503 || status === 502) return { name: 'SERVICE_UNAVAILABLE', message: 'Service Unavailable.', debug_id };
  return {
    name: 'INTERNAL_SERVER_ERROR',
    message: 'An internal server error has occurred.',
    debug_id,
    links: [{ href: 'https://developer.paypal.com/docs/api/orders/v2/#error-INTERNAL_SERVER_ERROR', rel: 'information_link' }],
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, response: GatewayResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  if (response.body === undefined) {
    res.writeHead(response.status, headers).end();
    return;
  }
  const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
  res.writeHead(response.status, { 'content-type': 'application/json', ...headers }).end(text);
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  let offsetMs = 0;
  const clock: Clock = { now: () => Date.now() + offsetMs };
  let faults: Array<FaultRule & { remaining: number }> = [];
  const emptyStats = (): SandboxStats => ({ total: 0, byGateway: { stripe: 0, paypal: 0 }, byOperation: {}, faults: {} });
  let stats = emptyStats();
  let random = seededRandom(options.faultSeed ?? 1);
  let url = '';
  let stripeUrl = '';

  const deliverAll = (events: SignedEvent[]) => Promise.all(events.map((event) => deliver(event, clock.now())));
  const baseOf = (gateway: Gateway) => (gateway === 'stripe' ? stripeUrl : `${url}/paypal`);
  const contextFor = (gateway: Gateway): SandboxContext => ({
    clock,
    deliver: deliverAll,
    get base() {
      return baseOf(gateway);
    },
  });
  const build = () => ({
    stripe: new StripeSandbox(contextFor('stripe'), options.seed?.stripe ?? STRIPE_SEED),
    paypal: new PayPalSandbox(contextFor('paypal'), options.paypal, options.seed?.paypal ?? PAYPAL_SEED),
  });
  let state = build();

  const takeFault = (gateway: Gateway, method: string, path: string) => {
    const rule = faults.find(
      (f) =>
        f.remaining > 0 &&
        (!f.match.gateway || f.match.gateway === gateway) &&
        (!f.match.method || f.match.method.toUpperCase() === method) &&
        (!f.match.pathPrefix || path.startsWith(f.match.pathPrefix)) &&
        (f.probability === undefined || random() < f.probability),
    );
    if (rule) {
      rule.remaining -= 1;
      stats.faults[rule.fault] = (stats.faults[rule.fault] ?? 0) + 1;
    }
    faults = faults.filter((f) => f.remaining > 0);
    return rule;
  };

  const addFault = (rule: FaultRule) => {
    if (!FAULTS.includes(rule.fault)) throw new Error(`fault must be one of ${FAULTS.join(', ')}`);
    if (rule.probability !== undefined && !(rule.probability > 0 && rule.probability <= 1))
      throw new Error('probability must be in (0, 1]');
    const count = rule.count ?? (rule.probability === undefined ? 1 : Number.POSITIVE_INFINITY);
    if (!(Number.isInteger(count) || count === Number.POSITIVE_INFINITY) || count < 1) throw new Error('count must be a positive integer');
    faults.push({ ...rule, match: rule.match ?? {}, remaining: count });
  };

  async function serveGateway(
    req: IncomingMessage,
    res: ServerResponse,
    gateway: Gateway,
    path: string,
    search: URLSearchParams,
    rawBody: string,
  ): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    if (gateway === 'paypal' && path === PAYPAL_CERT_PATH && method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/x-pem-file' }).end(PAYPAL_CERT_PEM);
      return;
    }
    const match = matchOperation(method, path, gateway);
    const template = match?.template ?? path;
    stats.total += 1;
    stats.byGateway[gateway] += 1;
    const key = `${gateway} ${method} ${template}`;
    stats.byOperation[key] = (stats.byOperation[key] ?? 0) + 1;

    if (options.latencyMs) await sleep(options.latencyMs);
    const fault = takeFault(gateway, method, path);
    if (fault?.fault === 'latency') await sleep(fault.latencyMs ?? 1000);
    if (fault?.fault === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault?.fault === 'malformed_json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id": "truncated-by-sandbox-fault", "object": ');
      return;
    }
    if (fault?.fault === 'html_error') {
      res.writeHead(502, { 'content-type': 'text/html' }).end(HTML_ERROR_PAGE);
      return;
    }
    if (fault && fault.fault !== 'latency' && fault.fault !== 'drop_after_apply') {
      const status = Number(fault.fault) as 429 | 500 | 502 | 503;
      send(res, {
        status,
        body: faultBody(gateway, status),
        headers: status === 429 && fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {},
      });
      return;
    }

    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers))
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    const request: GatewayRequest = {
      method,
      path,
      query: search,
      headers,
      rawBody,
      operationId: match?.operationId ?? '',
      template,
      pathParams: match?.pathParams ?? {},
    };
    const response = await state[gateway].serve(request);
    if (fault?.fault === 'drop_after_apply') {
      req.socket.destroy();
      return;
    }
    if (gateway === 'paypal') response.headers = { 'paypal-debug-id': randomId(13, 'upper').toLowerCase(), ...response.headers };
    send(res, response);
  }

  async function serveAdmin(res: ServerResponse, method: string, path: string, rawBody: string): Promise<void> {
    let body: object = {};
    try {
      const parsed: unknown = rawBody.trim() ? JSON.parse(rawBody) : {};
      if (typeof parsed === 'object' && parsed !== null) body = parsed;
    } catch {
      return send(res, { status: 400, body: { error: 'admin requests take a JSON body' } });
    }
    const events = /^\/_sandbox\/orders\/([^/]+)\/events$/.exec(path);
    if (events && method === 'POST') {
      const id = decodeURIComponent(events[1]!);
      if (!('type' in body) || typeof body.type !== 'string')
        return send(res, { status: 400, body: { error: "body.type is required: 'pay', 'refund', 'dispute' or a real event type" } });
      const gateway = state.stripe.owns(id) ? state.stripe : state.paypal;
      const result = await gateway.adminEvent(id, body as AdminEventInput);
      return send(res, result);
    }
    switch (`${method} ${path}`) {
      case 'GET /_sandbox/state':
        return send(res, {
          status: 200,
          body: {
            stripe: state.stripe.dump(),
            paypal: state.paypal.dump(),
            faults,
            clock: { offset_seconds: offsetMs / 1000, now: new Date(clock.now()).toISOString() },
          },
        });
      case 'POST /_sandbox/reset':
        sandbox.reset();
        return send(res, { status: 200, body: { reset: true } });
      case 'POST /_sandbox/faults':
        try {
          addFault(body as FaultRule);
        } catch (error) {
          return send(res, { status: 400, body: { error: (error as Error).message } });
        }
        return send(res, { status: 201, body: { faults } });
      case 'GET /_sandbox/faults':
        return send(res, { status: 200, body: { faults } });
      case 'DELETE /_sandbox/faults':
        faults = [];
        return send(res, { status: 200, body: { faults } });
      case 'GET /_sandbox/stats':
        return send(res, { status: 200, body: stats });
      case 'POST /_sandbox/stats/reset':
        sandbox.resetStats();
        return send(res, { status: 200, body: stats });
      case 'POST /_sandbox/clock':
        if (!('advance_seconds' in body) || typeof body.advance_seconds !== 'number')
          return send(res, { status: 400, body: { error: 'body.advance_seconds (number) is required' } });
        sandbox.advanceClock(body.advance_seconds);
        return send(res, { status: 200, body: { now: new Date(clock.now()).toISOString() } });
      default:
        return send(res, { status: 404, body: { error: `no admin endpoint ${method} ${path}` } });
    }
  }

  /** One server; `route` says what a path is: the admin API, or a gateway and the path below its base. */
  const serve = (route: (pathname: string) => { gateway: Gateway; path: string } | 'admin' | GatewayResponse) =>
    createServer((req, res) => {
      void (async () => {
        const target = new URL(req.url ?? '/', 'http://sandbox.invalid');
        const rawBody = await readBody(req);
        const method = (req.method ?? 'GET').toUpperCase();
        const routed = route(target.pathname);
        if (routed === 'admin') return serveAdmin(res, method, target.pathname, rawBody);
        if ('status' in routed) return send(res, routed);
        return serveGateway(req, res, routed.gateway, routed.path, target.searchParams, rawBody);
      })().catch((error: Error) => {
        if (!res.headersSent) send(res, { status: 500, body: { error: `sandbox bug: ${error.message}` } });
      });
    });
  const server = serve((pathname) => {
    if (pathname.startsWith('/_sandbox/')) return 'admin';
    const [, prefix, ...rest] = pathname.split('/');
    if (prefix === 'paypal') return { gateway: 'paypal', path: `/${rest.join('/')}` };
    const stripe = prefix === 'stripe' ? ` Stripe is at the root of ${stripeUrl}.` : '';
    return { status: 404, body: { error: `unknown path ${pathname}: PayPal is under /paypal, admin under /_sandbox.${stripe}` } };
  });
  const stripeServer = serve((pathname) => ({ gateway: 'stripe', path: pathname }));

  const listen = (target: typeof server, port: number) =>
    new Promise<string>((resolve, reject) => {
      target.once('error', reject);
      target.listen(port, host, () => {
        const address = target.address() as AddressInfo;
        resolve(`http://${host.includes(':') ? `[${host}]` : host}:${address.port}`);
      });
    });
  url = await listen(server, options.port ?? 0);
  try {
    stripeUrl = await listen(stripeServer, options.stripePort ?? 0);
  } catch (error) {
    server.close();
    throw error;
  }
  const closeServer = (target: typeof server) =>
    new Promise<void>((resolve, reject) => {
      target.closeAllConnections();
      target.close((error) => (error ? reject(error) : resolve()));
    });

  const sandbox: Sandbox = {
    url,
    stripeBase: baseOf('stripe'),
    paypalBase: baseOf('paypal'),
    env: { STRIPE_API_BASE: baseOf('stripe'), PAYPAL_API_BASE: baseOf('paypal') },
    credentials: SANDBOX_CREDENTIALS,
    get state() {
      return state;
    },
    stats: () => structuredClone(stats),
    resetStats: () => {
      stats = emptyStats();
    },
    addFault,
    clearFaults: () => {
      faults = [];
    },
    advanceClock: (seconds) => {
      offsetMs += seconds * 1000;
    },
    reset: () => {
      offsetMs = 0;
      faults = [];
      random = seededRandom(options.faultSeed ?? 1);
      sandbox.resetStats();
      state = build();
    },
    close: async () => {
      await Promise.all([closeServer(server), closeServer(stripeServer)]);
    },
  };
  return sandbox;
}
