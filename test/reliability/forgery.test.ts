/**
 * Webhook forgery matrix (docs/architecture.md#webhook-delivery): deliveries that are not genuine, or not new, sent through the
 * hook's own perform (`triggers.order_status_changed.operation.perform`) exactly as Zapier hands a delivery
 * over. For each gateway it counts the cases tried and rejected (all must be), and the Orders produced (none).
 * For every rejected delivery it also checks that
 * - no HTTP request was made but the download of PayPal's certificate (cached per connection), so a forged
 *   delivery costs no gateway read and no token;
 * - the log line names the reason, and carries neither the secret nor the signature.
 *
 * The forged deliveries are made from the documented events of test/orders/fixtures (sources cited there),
 * signed as the gateways sign: Stripe with the SDK's own test header, PayPal with the sandbox's test key,
 * whose certificate (sandbox/paypal-cert) stands in for PayPal's. A look-alike certificate host serves that
 * very certificate, so such a delivery would verify if the URL check let it through.
 */
import { createHmac, createSign, generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import nock from 'nock';
import { PI_SUCCEEDED, SHIPPING, stripeEvent } from '../orders/fixtures/stripe';
import { SANDBOX_CAPTURE_COMPLETED } from '../orders/fixtures/paypal';
import { paypalApi, paypalToken } from '../support/gateway-nock';
import { PAYPAL_AUTH, STRIPE_AUTH, STRIPE_WEBHOOK_SECRET } from '../support/fixtures';
import { App, runApp } from '../support/tester';
import { PAYPAL_WEBHOOK, SANDBOX_ORDER, SANDBOX_ORDER_ID, STRIPE_ENDPOINT, paypalDelivery, stripeDelivery } from '../triggers/fixtures';
import { PAYPAL_CERT_URL, SAMPLE_WEBHOOK_ID, sameCrc32, TEST_CERT_PEM } from '../webhooks/paypal-fixtures';
import { PAYPAL_MAX_AGE_SECONDS, PAYPAL_MAX_CLOCK_SKEW_SECONDS, verifyPayPalDelivery } from '../../webhooks';
import { crc32 } from '../../webhooks/crc32';
import { recordFigure } from './figures';
import { fakeDateOnly } from '../support/fake-date';

const perform = (App.triggers.order_status_changed.operation as { perform: unknown }).perform;

interface RawRequest {
  method: string;
  querystring: string;
  headers: Record<string, string>;
  content: string;
}

interface ForgeryCase {
  name: string;
  /** The delivery under test, built inside the test so timestamps are fresh; `first` is this case's genuine delivery. */
  delivery: (first: RawRequest) => RawRequest;
  /** What the log line must say. */
  reason: string;
  subscribeData?: Record<string, unknown>;
  /** Runs before the delivery, e.g. sends `first`, the genuine delivery a replay repeats. */
  before?: (first: RawRequest) => Promise<void>;
}

interface Tally {
  tried: number;
  rejected: number;
  produced: number;
}

// ---- observing every outgoing request, whatever the host (z.request goes through node's http/https) -------

const outgoing: string[] = [];
function observe(module: typeof http | typeof https, protocol: string) {
  const original = module.request.bind(module) as (...args: unknown[]) => http.ClientRequest;
  return jest.spyOn(module, 'request').mockImplementation((...args: unknown[]) => {
    outgoing.push(describeRequest(args[0], protocol));
    return original(...args);
  });
}
function describeRequest(target: unknown, protocol: string): string {
  if (typeof target === 'string' || target instanceof URL) return `GET ${String(target)}`;
  const o = target as { method?: string; protocol?: string; hostname?: string; host?: string; port?: string | number; path?: string };
  const port = o.port && !['80', '443'].includes(String(o.port)) ? `:${o.port}` : '';
  return `${o.method ?? 'GET'} ${o.protocol ?? protocol}//${o.hostname ?? o.host}${port}${o.path ?? '/'}`;
}
// node's http modules are shared by every test file of a jest worker: put them back afterwards.
let observers: jest.SpyInstance[] = [];
beforeAll(() => {
  observers = [observe(http, 'http:'), observe(https, 'https:')];
});
afterAll(() => observers.forEach((spy) => spy.mockRestore()));

const logLines = (): string[] => (console.log as unknown as jest.Mock).mock.calls.map((args) => args.map(String).join(' '));
const rejectionLines = () => logLines().filter((line) => line.includes('Order Status Changed:'));

/** Runs each case through perform and checks what a rejection must (and must not) leave behind. */
async function runCase(
  c: ForgeryCase,
  tally: Tally,
  base: { authData: unknown; subscribeData: Record<string, unknown> },
  genuine: () => RawRequest,
  allowedRequest?: string,
) {
  const subscribeData = c.subscribeData ?? base.subscribeData;
  const first = genuine();
  if (c.before) await c.before(first);
  const rawRequest = c.delivery(first);
  (console.log as unknown as jest.Mock).mockClear();
  outgoing.length = 0;
  tally.tried += 1;
  const orders = (await runApp(perform, {
    authData: base.authData,
    subscribeData,
    inputData: {},
    rawRequest,
    cleanedRequest: {},
  })) as unknown[];
  tally.produced += orders.length;
  if (orders.length === 0) tally.rejected += 1;

  expect(orders).toEqual([]);
  const lines = rejectionLines();
  expect(lines.join('\n')).toContain(c.reason);
  const signatures = Object.entries(rawRequest.headers)
    .filter(([name, value]) => /sig/i.test(name) && value.length > 8)
    .map(([, value]) => value);
  for (const line of lines) {
    expect(line).not.toContain(STRIPE_WEBHOOK_SECRET);
    for (const signature of signatures) expect(line).not.toContain(signature);
    expect(line).not.toContain(rawRequest.content.slice(0, 40));
  }
  // Nothing but the certificate download (once per connection: the cache is emptied before each case).
  expect(outgoing.filter((request) => request !== allowedRequest)).toEqual([]);
  expect(outgoing.length).toBeLessThanOrEqual(1);
}

/** `text` with the one character at `needle`'s first position replaced: a one-byte change. */
function oneByte(text: string, needle: string, replacement: string): string {
  const at = text.indexOf(needle);
  if (at < 0 || replacement.length !== 1) throw new Error(`cannot change ${needle}`);
  const changed = text.slice(0, at) + replacement + text.slice(at + 1);
  expect(Buffer.byteLength(changed)).toBe(Buffer.byteLength(text));
  return changed;
}
const withHeaders = (d: RawRequest, headers: Record<string, string | undefined>): RawRequest => {
  const merged: Record<string, string> = { ...d.headers };
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) delete merged[name];
    else merged[name] = value;
  }
  return { ...d, headers: merged };
};
const withoutHeader = (d: RawRequest, name: string) => withHeaders(d, { [name]: undefined });

type Deliver = (rawRequest: RawRequest) => Promise<unknown[]>;
/** A case's `before`: the genuine delivery goes through (one Order), then the clock moves `laterMs` on. */
const acceptedFirst =
  (deliver: Deliver, laterMs = 0) =>
  async (first: RawRequest) => {
    expect(await deliver(first)).toHaveLength(1);
    if (laterMs > 0) jest.setSystemTime(Date.now() + laterMs);
  };
/** Only Date is faked, so a case can move the clock; timers, nock and http run as usual. */

// ---- Stripe ------------------------------------------------------------------------------------------------

describe('Webhook forgery · Stripe', () => {
  const SUBSCRIPTION = { stripe_webhook_id: STRIPE_ENDPOINT.id, stripe_secret: STRIPE_WEBHOOK_SECRET };
  const paid = stripeEvent('payment_intent.succeeded', { ...PI_SUCCEEDED, shipping: SHIPPING });
  const now = () => Math.floor(Date.now() / 1000);
  const genuine = (timestamp = now()) => stripeDelivery(paid, { timestamp }) as RawRequest;
  const SIG = 'Http-Stripe-Signature';
  const signature = (d: RawRequest) => d.headers[SIG]!;
  /** A v1 HMAC the way Stripe makes one, for headers Stripe would never send. */
  const hmac = (secret: string, t: number, body: string) => createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  const bad = 'Stripe check failed (bad_signature)';
  const stale = 'Stripe check failed (stale_timestamp)';
  const noHeader = 'neither a Stripe nor a PayPal signature header';
  const replayed = `event ${paid.id} was already delivered to this Zap`;

  const deliverStripe = (rawRequest: RawRequest) =>
    runApp(perform, {
      authData: STRIPE_AUTH,
      subscribeData: SUBSCRIPTION,
      inputData: {},
      rawRequest,
      cleanedRequest: {},
    }) as ReturnType<Deliver>;

  const cases: ForgeryCase[] = [
    {
      name: 'wrong secret: a guessed secret',
      delivery: () => stripeDelivery(paid, { secret: 'whsec_wrong_guess_0000000000000000' }),
      reason: bad,
    },
    {
      name: 'another webhook: signed with another Stripe endpoint’s secret (another Zap’s)',
      delivery: () => stripeDelivery(paid, { secret: 'whsec_another_endpoint_of_this_account' }),
      reason: bad,
    },
    {
      name: 'wrong secret: an empty secret',
      delivery: () => withHeaders(genuine(), { [SIG]: `t=${now()},v1=${hmac('', now(), genuine().content)}` }),
      reason: bad,
    },
    {
      name: 'body: one byte of the amount changed',
      delivery: () => ({ ...genuine(), content: oneByte(genuine().content, '2000', '9') }),
      reason: bad,
    },
    {
      name: 'body: one byte of the event id changed',
      delivery: () => ({ ...genuine(), content: oneByte(genuine().content, paid.id, 'f') }),
      reason: bad,
    },
    {
      name: 'body: one byte of the status changed',
      delivery: () => ({ ...genuine(), content: oneByte(genuine().content, 'succeeded', 'S') }),
      reason: bad,
    },
    { name: 'body: one trailing byte added', delivery: () => ({ ...genuine(), content: `${genuine().content} ` }), reason: bad },
    {
      name: 'body: re-serialised (same JSON, other bytes)',
      delivery: () => ({ ...genuine(), content: JSON.stringify(JSON.parse(genuine().content)) }),
      reason: bad,
    },
    {
      name: 'header: timestamp t changed by one second',
      delivery: () => {
        const d = genuine();
        return withHeaders(d, { [SIG]: signature(d).replace(/t=(\d+)/, (_, t) => `t=${Number(t) + 1}`) });
      },
      reason: bad,
    },
    {
      name: 'header: one hex digit of v1 changed',
      delivery: () => {
        const d = genuine();
        return withHeaders(d, { [SIG]: signature(d).replace(/v1=(.)/, (_, c) => `v1=${c === '0' ? '1' : '0'}`) });
      },
      reason: bad,
    },
    {
      name: 'header: the valid HMAC under the old v0 scheme only',
      delivery: () => {
        const d = genuine();
        return withHeaders(d, { [SIG]: signature(d).replace('v1=', 'v0=') });
      },
      reason: bad,
    },
    {
      name: 'header: another delivery’s valid signature spliced onto this body',
      delivery: () =>
        withHeaders(genuine(), {
          [SIG]: signature(stripeDelivery(stripeEvent('payment_intent.succeeded', PI_SUCCEEDED, { id: 'evt_1OtherEventOfThisAccount' }))),
        }),
      reason: bad,
    },
    {
      name: 'header: a second, forged signature header in Stripe’s raw spelling',
      delivery: () => {
        const d = genuine();
        return withHeaders(d, { 'Stripe-Signature': `t=${now()},v1=${'0'.repeat(64)}` });
      },
      reason: bad,
    },
    { name: 'stale: signed 301 s ago', delivery: () => genuine(now() - 301), reason: stale },
    { name: 'stale: signed an hour ago', delivery: () => genuine(now() - 3600), reason: stale },
    { name: 'stale: signed 3 days ago (after Stripe’s retry window)', delivery: () => genuine(now() - 3 * 86400), reason: stale },
    {
      name: 'replay: the same valid delivery again, at once',
      before: acceptedFirst(deliverStripe),
      delivery: (first) => first,
      reason: replayed,
    },
    {
      name: 'replay: the same event again under a fresh valid signature (Stripe’s own redelivery)',
      before: acceptedFirst(deliverStripe),
      delivery: () => genuine(),
      reason: replayed,
    },
    {
      name: 'replay: the same valid delivery 301 s later',
      before: acceptedFirst(deliverStripe, 301_000),
      delivery: (first) => first,
      reason: stale,
    },
    { name: 'missing: no Stripe-Signature header', delivery: () => withoutHeader(genuine(), SIG), reason: noHeader },
    { name: 'missing: an empty Stripe-Signature header', delivery: () => withHeaders(genuine(), { [SIG]: '' }), reason: noHeader },
    { name: 'missing: a Stripe-Signature without any v1', delivery: () => withHeaders(genuine(), { [SIG]: `t=${now()}` }), reason: bad },
    {
      name: 'missing: a Stripe-Signature without a timestamp',
      delivery: () => {
        const d = genuine();
        return withHeaders(d, { [SIG]: signature(d).replace(/t=\d+,/, '') });
      },
      reason: bad,
    },
    {
      name: 'wrong webhook: to a Zap that has no Stripe webhook',
      subscribeData: { paypal_webhook_id: PAYPAL_WEBHOOK.id },
      delivery: () => genuine(),
      reason: 'this Zap has no Stripe webhook',
    },
    {
      name: 'wrong webhook: to a Zap whose subscription lost its secret',
      subscribeData: { stripe_webhook_id: STRIPE_ENDPOINT.id },
      delivery: () => genuine(),
      reason: 'Stripe check failed (missing_secret)',
    },
    {
      name: 'ambiguous: valid Stripe signature plus PayPal headers',
      delivery: () => withHeaders(genuine(), { 'Http-Paypal-Transmission-Id': 'b2384410-f8d2-11ec-9f4e-7d7d4d7e0f55' }),
      reason: noHeader,
    },
  ];

  const tally: Tally = { tried: 0, rejected: 0, produced: 0 };

  beforeEach(() => fakeDateOnly());
  afterEach(() => jest.useRealTimers());

  it('the genuine delivery these forgeries start from does produce its Order (so the matrix can fail)', async () => {
    outgoing.length = 0;
    expect(await deliverStripe(genuine())).toHaveLength(1);
    expect(outgoing).toEqual([]);
  });

  it.each(cases.map((c) => [c.name, c] as const))('rejects: %s', async (_name, c) => {
    await runCase(c, tally, { authData: STRIPE_AUTH, subscribeData: SUBSCRIPTION }, () => genuine());
  });

  afterAll(() => {
    expect(tally).toEqual({ tried: cases.length, rejected: cases.length, produced: 0 });
    recordFigure({
      name: 'Webhook forgery · Stripe',
      tried: tally.tried,
      rejected: tally.rejected,
      produced: tally.produced,
      detail: 'wrong/other secret, 1-byte body, header, stale, replay/redelivery, missing header, wrong webhook',
    });
  });
});

// ---- PayPal ------------------------------------------------------------------------------------------------

describe('Webhook forgery · PayPal', () => {
  const SUBSCRIPTION = { paypal_webhook_id: PAYPAL_WEBHOOK.id };
  const CERT_PATH = new URL(PAYPAL_CERT_URL).pathname;
  const CERT_FETCH = `GET ${PAYPAL_CERT_URL}`;
  const event = SANDBOX_CAPTURE_COMPLETED;
  const genuine = (options: { transmissionTime?: Date; certUrl?: string; webhookId?: string } = {}) =>
    paypalDelivery(event, { webhookId: PAYPAL_WEBHOOK.id, ...options });
  const H = {
    id: 'Http-Paypal-Transmission-Id',
    time: 'Http-Paypal-Transmission-Time',
    sig: 'Http-Paypal-Transmission-Sig',
    cert: 'Http-Paypal-Cert-Url',
    algo: 'Http-Paypal-Auth-Algo',
  };
  const failed = (code: string) => `PayPal check failed (${code})`;
  const bad = failed('bad_signature');
  const untrusted = failed('untrusted_cert_url');
  const transmissionSeen = 'this PayPal transmission was already delivered to this Zap';
  const eventSeen = `event ${event.id} was already delivered to this Zap`;

  // An RSA key that is not PayPal's: what a forger has.
  const { privateKey: wrongKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const resign = (d: RawRequest) => {
    const message = `${d.headers[H.id]}|${d.headers[H.time]}|${PAYPAL_WEBHOOK.id}|${crc32(d.content)}`;
    return withHeaders(d, { [H.sig]: createSign('SHA256').update(message).sign(wrongKey, 'base64') });
  };
  const flipSignatureByte = (d: RawRequest) => {
    const bytes = Buffer.from(d.headers[H.sig]!, 'base64');
    const last = bytes.length - 1;
    bytes.writeUInt8(bytes.readUInt8(last) ^ 0x01, last);
    return withHeaders(d, { [H.sig]: bytes.toString('base64') });
  };

  /** Certificate URLs that must never be fetched; each host is served the genuine test certificate. */
  const LOOK_ALIKES: Array<[string, string]> = [
    ['a non-PayPal host', 'https://evil.example/v1/notifications/certs/CERT-360caa42-fca2a594-1d93a270'],
    ['an http: URL on PayPal’s own host', 'http://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-1d93a270'],
    ['a look-alike host paypal.com.evil.example', 'https://paypal.com.evil.example/v1/notifications/certs/CERT-1'],
    ['a look-alike host api.paypal.com.evil.example', 'https://api.paypal.com.evil.example/v1/notifications/certs/CERT-1'],
    ['a look-alike host evilpaypal.com', 'https://evilpaypal.com/v1/notifications/certs/CERT-1'],
    ['userinfo: https://api.paypal.com@evil.example/', 'https://api.paypal.com@evil.example/v1/notifications/certs/CERT-1'],
    [
      'userinfo with a password: https://api.paypal.com:x@evil.example/',
      'https://api.paypal.com:x@evil.example/v1/notifications/certs/CERT-1',
    ],
    ['a backslash: https://evil.example\\@api.paypal.com/', 'https://evil.example\\@api.paypal.com/v1/notifications/certs/CERT-1'],
    ['an encoded dot: https://api.paypal.com%2eevil.example/', 'https://api.paypal.com%2eevil.example/v1/notifications/certs/CERT-1'],
    ['a Cyrillic а in paypal.com', 'https://api.p\u0430ypal.com/v1/notifications/certs/CERT-1'],
    ['PayPal’s host on another port', 'https://api.paypal.com:8443/v1/notifications/certs/CERT-1'],
    ['a file: URL', 'file:///etc/ssl/certs/ca-certificates.crt'],
    ['not a URL', 'api.paypal.com/v1/notifications/certs/CERT-1'],
  ];

  const deliverPayPal = (rawRequest: RawRequest) =>
    runApp(perform, {
      authData: PAYPAL_AUTH,
      subscribeData: SUBSCRIPTION,
      inputData: {},
      rawRequest,
      cleanedRequest: {},
    }) as ReturnType<Deliver>;

  const cases: ForgeryCase[] = [
    { name: 'wrong key: signed with an RSA key that is not PayPal’s', delivery: () => resign(genuine()), reason: bad },
    {
      name: 'another webhook: signed for another webhook of this app (another Zap’s)',
      delivery: () => genuine({ webhookId: SAMPLE_WEBHOOK_ID }),
      reason: bad,
    },
    {
      name: 'wrong webhook id: to a Zap whose webhook id is another (an unknown webhook)',
      subscribeData: { paypal_webhook_id: 'WH-UNKNOWN-00000000000' },
      delivery: () => genuine(),
      reason: bad,
    },
    {
      name: 'wrong webhook: to a Zap that has no PayPal webhook',
      subscribeData: { stripe_webhook_id: STRIPE_ENDPOINT.id, stripe_secret: STRIPE_WEBHOOK_SECRET },
      delivery: () => genuine(),
      reason: 'this Zap has no PayPal webhook',
    },
    {
      name: 'body: one byte of the amount changed',
      delivery: () => ({ ...genuine(), content: oneByte(genuine().content, '100.00', '9') }),
      reason: bad,
    },
    {
      name: 'body: one byte of the event id changed',
      delivery: () => ({ ...genuine(), content: oneByte(genuine().content, event.id, 'X') }),
      reason: bad,
    },
    {
      name: 'body: one byte of the event type changed',
      delivery: () => ({ ...genuine(), content: oneByte(genuine().content, 'COMPLETED', 'D') }),
      reason: bad,
    },
    { name: 'body: one trailing byte added', delivery: () => ({ ...genuine(), content: `${genuine().content}\n` }), reason: bad },
    {
      name: 'body: another event with the same CRC32 under a signature already used (PayPal signs only the checksum)',
      before: acceptedFirst(deliverPayPal),
      delivery: (first) => {
        const forged = sameCrc32(
          JSON.stringify({ ...event, id: 'WH-1FORGED00000000000-000000000000000', pad: '' }),
          first.content,
          '"pad":"',
        );
        expect(crc32(forged)).toBe(crc32(first.content));
        return { ...first, content: forged };
      },
      reason: transmissionSeen,
    },
    {
      name: 'header: transmission id, one character changed',
      delivery: () => {
        const d = genuine();
        const id = d.headers[H.id]!;
        return withHeaders(d, { [H.id]: (id[0] === '0' ? '1' : '0') + id.slice(1) });
      },
      reason: bad,
    },
    {
      name: 'header: transmission time moved by one second',
      delivery: () => {
        const d = genuine();
        return withHeaders(d, { [H.time]: new Date(Date.parse(d.headers[H.time]!) - 1000).toISOString().replace(/\.\d{3}Z$/, 'Z') });
      },
      reason: bad,
    },
    { name: 'header: one byte of the signature changed', delivery: () => flipSignatureByte(genuine()), reason: bad },
    {
      name: 'header: auth algorithm downgraded to SHA1withRSA',
      delivery: () => withHeaders(genuine(), { [H.algo]: 'SHA1withRSA' }),
      reason: failed('unsupported_algorithm'),
    },
    {
      name: 'header: transmission time not a date',
      delivery: () => withHeaders(genuine(), { [H.time]: 'yesterday' }),
      reason: failed('malformed_header'),
    },
    {
      name: 'stale: sent longer ago than PayPal retries (3 days + 1 h + 1 s)',
      delivery: () => genuine({ transmissionTime: new Date(Date.now() - (PAYPAL_MAX_AGE_SECONDS + 1) * 1000) }),
      reason: failed('stale_timestamp'),
    },
    {
      name: 'stale: dated in the future beyond clock skew',
      delivery: () => genuine({ transmissionTime: new Date(Date.now() + (PAYPAL_MAX_CLOCK_SKEW_SECONDS + 60) * 1000) }),
      reason: failed('stale_timestamp'),
    },
    {
      name: 'replay: the same valid delivery again, at once',
      before: acceptedFirst(deliverPayPal),
      delivery: (first) => first,
      reason: transmissionSeen,
    },
    {
      name: 'replay: the same valid delivery 301 s later',
      before: acceptedFirst(deliverPayPal, 301_000),
      delivery: (first) => first,
      reason: transmissionSeen,
    },
    {
      name: 'replay: the same valid delivery 3 days later (inside PayPal’s retry window)',
      before: acceptedFirst(deliverPayPal, 3 * 86400_000),
      delivery: (first) => first,
      reason: transmissionSeen,
    },
    {
      name: 'replay: the same event in a new valid transmission (PayPal’s own redelivery)',
      before: acceptedFirst(deliverPayPal),
      delivery: () => genuine(),
      reason: eventSeen,
    },
    ...Object.values(H).map((header) => ({
      name: `missing: no ${header.replace('Http-', '')} header`,
      delivery: () => withoutHeader(genuine(), header),
      reason: failed('missing_header'),
    })),
    {
      name: 'missing: no PayPal header at all',
      delivery: () => withHeaders(genuine(), Object.fromEntries(Object.values(H).map((h) => [h, undefined]))),
      reason: 'neither a Stripe nor a PayPal signature header',
    },
    ...LOOK_ALIKES.map(([what, certUrl]) => ({
      name: `certificate URL: ${what}`,
      delivery: () => genuine({ certUrl }),
      reason: untrusted,
    })),
    {
      name: 'ambiguous: valid PayPal signature plus a Stripe signature header',
      delivery: () => withHeaders(genuine(), { 'Http-Stripe-Signature': `t=1,v1=${'0'.repeat(64)}` }),
      reason: 'neither a Stripe nor a PayPal signature header',
    },
  ];

  const tally: Tally = { tried: 0, rejected: 0, produced: 0 };
  const lookAlikeServers: nock.Scope[] = [];

  beforeEach(() => {
    fakeDateOnly();
    nock('https://api.paypal.com').get(CERT_PATH).reply(200, TEST_CERT_PEM).persist();
    // Every look-alike host serves PayPal's (test) certificate: fetching it would let the forgery verify.
    lookAlikeServers.length = 0;
    for (const [, url] of LOOK_ALIKES) {
      let origin: string;
      try {
        origin = new URL(url).origin;
      } catch {
        continue;
      }
      if (origin.startsWith('http')) lookAlikeServers.push(nock(origin).get(/.*/).reply(200, TEST_CERT_PEM).persist());
    }
    // What the genuine first delivery of a replay case reads: PayPal's copy of the event, then its order.
    paypalToken();
    paypalApi().get(`/v1/notifications/webhooks-events/${event.id}`).reply(200, event);
    paypalApi().get(`/v2/checkout/orders/${SANDBOX_ORDER_ID}`).reply(200, SANDBOX_ORDER);
  });
  afterEach(() => {
    expect(lookAlikeServers.filter((scope) => scope.isDone())).toEqual([]);
    jest.useRealTimers();
  });

  it('the genuine delivery these forgeries start from does produce its Order (so the matrix can fail)', async () => {
    outgoing.length = 0;
    expect(await deliverPayPal(genuine())).toHaveLength(1);
    // The observer sees what the app sends: the certificate, the token, the event read back and the order read.
    expect(outgoing).toEqual([
      CERT_FETCH,
      'POST https://api-m.sandbox.paypal.com/v1/oauth2/token',
      `GET https://api-m.sandbox.paypal.com/v1/notifications/webhooks-events/${event.id}`,
      `GET https://api-m.sandbox.paypal.com/v2/checkout/orders/${SANDBOX_ORDER_ID}`,
    ]);
  });

  it('a look-alike certificate would verify if it were fetched (so the URL check is what refuses it)', async () => {
    const d = genuine({ certUrl: 'https://paypal.com.evil.example/v1/notifications/certs/CERT-1' });
    expect(Object.keys(d.headers)).toContain(H.cert);
    const result = await verifyPayPalDelivery({
      rawBody: d.content,
      headers: d.headers,
      webhookId: PAYPAL_WEBHOOK.id,
      fetchCertificate: async () => TEST_CERT_PEM,
      trustedCertOrigin: 'https://paypal.com.evil.example',
    });
    expect(result.ok).toBe(true);
  });

  it.each(cases.map((c) => [c.name, c] as const))('rejects: %s', async (_name, c) => {
    await runCase(c, tally, { authData: PAYPAL_AUTH, subscribeData: SUBSCRIPTION }, () => genuine(), CERT_FETCH);
  });

  afterAll(() => {
    expect(tally).toEqual({ tried: cases.length, rejected: cases.length, produced: 0 });
    recordFigure({
      name: 'Webhook forgery · PayPal',
      tried: tally.tried,
      rejected: tally.rejected,
      produced: tally.produced,
      detail: `wrong key/webhook, 1-byte body, each header, stale, replay/redelivery, missing headers, ${LOOK_ALIKES.length} cert URLs`,
    });
  });
});
