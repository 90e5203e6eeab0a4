/**
 * The sandbox's PayPal: state seeded from seed.ts and the endpoints the app uses, answering in PayPal's shapes
 * (Orders v2 order with purchase_units[].payments.captures[] and shipping.trackers[], Payments v2 capture with
 * supplementary_data.related_ids, Tracking v1 list, Notifications v1, Transaction Search) and its errors
 * `{name,message,debug_id,details:[{issue,description,field?}],links}`; OAuth errors `{error,error_description}`.
 * Every request passes auth (token, expiry, scope) → spec check → handler.
 *
 *   new PayPalSandbox(ctx, { tokenExpiresIn?, scope? }, seed = PAYPAL_SEED)
 *     .serve(req): Promise<GatewayResponse>
 *     .adminEvent(id, {type, amount?, outcome?}): Promise<AdminEventResult>
 *     .owns(id): boolean   .dump(): object
 *
 * Trackers are stored once (by tracker id) and rendered both into the order (Orders v2, no tracking number, as
 * PayPal does) and into the Tracking v1 list (`GET /v1/shipping/trackers?transaction_id=<capture id>`, with it);
 * either API's update (Orders v2 PATCH, Tracking v1 PUT `/v1/shipping/trackers/{capture id}-{number}`) changes that one record.
 */
import { checkRequest, type ConformanceIssue, type ConformanceResult } from './conformance';
import { isoTime, parseJson, randomId, type GatewayRequest, type GatewayResponse, type SandboxContext } from './http';
import type { PayPalTrackRequest } from '../gateways/paypal-types';
import { PAYPAL_SEED, SANDBOX_CREDENTIALS, type PayPalSeedOrder } from './seed';
import type { AdminEventInput, AdminEventResult } from './stripe';
import { PAYPAL_CERT_PATH, paypalSignatureHeaders, verifyPaypalSignature, type Delivery, type SignedEvent } from './webhooks';

/** PayPal's wire JSON as this sandbox stores and renders it (every field it writes; gateways/paypal-types.ts has the app's reading). */
interface Money {
  currency_code: string;
  value: string;
}
interface Link {
  href: string;
  rel: string;
  method: string;
}
interface Capture {
  id: string;
  status: string;
  amount: Money;
  final_capture: boolean;
  seller_protection: { status: string; dispute_categories: string[] };
  seller_receivable_breakdown: { gross_amount: Money; paypal_fee: Money; net_amount: Money };
  invoice_id?: string;
  custom_id?: string;
  create_time: string;
  update_time: string;
}
interface Refund {
  id: string;
  amount: Money;
  invoice_id?: string;
  custom_id?: string;
  status: string;
  capture_id: string;
  create_time: string;
  update_time: string;
}
interface Authorization {
  id: string;
  status: string;
  amount: Money;
  expiration_time: string;
  create_time: string;
  update_time: string;
}
interface OrderItem {
  name: string;
  unit_amount: Money;
  quantity: string;
  sku: string;
}
type ShippingAddress = NonNullable<PayPalSeedOrder['shipping']>['address'];
interface Payments {
  captures?: Capture[];
  refunds?: Refund[];
  authorizations?: Authorization[];
}
interface PurchaseUnit {
  reference_id: string;
  amount: Money & { breakdown: { item_total: Money } };
  payee: { email_address: string; merchant_id: string };
  custom_id?: string;
  invoice_id?: string;
  items: OrderItem[];
  shipping?: { name: { full_name: string }; address: ShippingAddress };
  payments: Payments;
}
interface Payer {
  name: { given_name: string; surname: string };
  email_address: string;
  payer_id: string;
  address: { country_code: string };
}
/** An order as stored: one purchase unit, trackers kept apart (see `Tracker`). */
interface StoredOrder {
  id: string;
  intent: PayPalSeedOrder['intent'];
  status: string;
  payment_source: { paypal: Record<string, unknown> };
  purchase_units: [PurchaseUnit];
  payer: Payer;
  create_time: string;
  update_time: string;
}
/** An order as GET answers it: `payments` dropped when empty, trackers and links added. */
interface RenderedOrder extends Omit<StoredOrder, 'purchase_units'> {
  purchase_units: [
    Omit<PurchaseUnit, 'payments' | 'shipping'> & {
      payments?: Payments;
      shipping?: Partial<NonNullable<PurchaseUnit['shipping']>> & { trackers?: RenderedTracker[] };
    },
  ];
  links?: Link[];
}
interface RenderedTracker {
  id: string;
  status: Tracker['status'];
  items: TrackItem[];
  links: Link[];
  create_time: string;
  update_time: string;
}
interface Dispute {
  dispute_id: string;
  create_time: string;
  update_time: string;
  disputed_transactions: [
    { seller_transaction_id: string; seller: { merchant_id: string }; items: never[]; seller_protection_eligible: boolean },
  ];
  reason: string;
  status: string;
  dispute_amount: Money;
  dispute_life_cycle_stage: string;
  dispute_channel: string;
  dispute_outcome?: { outcome_code: string };
}
export interface PayPalEvent {
  id: string;
  event_version: string;
  create_time: string;
  resource_type: string;
  resource_version: string;
  event_type: string;
  summary: string;
  resource: object;
  links: Link[];
}
interface Webhook {
  id: string;
  url: string;
  event_types: Array<{ name: string; description: string; status: string }>;
  links: Link[];
}

/**
 * Request bodies as the operations' spec schemas define them: serve() runs checkRequest on every body before
 * route() reads it, so route() types them by operation.
 */
interface TrackItem {
  name?: string;
  sku?: string;
  quantity?: string;
  url?: string;
  image_url?: string;
}
interface TrackBody extends Omit<PayPalTrackRequest, 'items'> {
  items?: TrackItem[];
}
interface PatchOperation {
  op: string;
  path?: string;
  value?: unknown;
}
interface V1TrackerBody {
  transaction_id: string;
  tracking_number?: string;
  status: string;
  carrier?: string;
  carrier_name_other?: string;
  notify_buyer?: boolean;
}
interface WebhookBody {
  url: string;
  event_types: Array<{ name: string }>;
}
interface VerifySignatureBody {
  auth_algo: string;
  cert_url: string;
  transmission_id: string;
  transmission_sig: string;
  transmission_time: string;
  webhook_id: string;
  webhook_event: unknown;
}

/** A JSON scalar's text (string, number, boolean); undefined for null, objects and arrays. */
const scalarText = (value: unknown): string | undefined =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
/** A patch's `value` as a list of items: an array of objects (anything else fails the sku check). */
const isObjectList = (value: unknown): value is Array<Record<string, unknown>> => Array.isArray(value) && value.every(isObject);
/** A webhook patch's `/event_types` value: `[{name}]`. */
const isEventTypeList = (value: unknown): value is WebhookBody['event_types'] =>
  isObjectList(value) && value.every((e) => typeof e.name === 'string');

/** A Transaction Search row (`transaction_details[]`); `fields` picks its sections. */
interface TransactionRow {
  transaction_info: { transaction_id: string; transaction_initiation_date: string } & Record<string, unknown>;
  payer_info: object;
  shipping_info: object;
  cart_info: object;
}

const SCOPES = {
  payments: 'https://uri.paypal.com/services/payments/payment',
  authcapture: 'https://uri.paypal.com/services/payments/payment/authcapture',
  trackersRead: 'https://uri.paypal.com/services/shipping/trackers/read',
  trackersReadWrite: 'https://uri.paypal.com/services/shipping/trackers/readwrite',
  webhooks: 'https://uri.paypal.com/services/applications/webhooks',
  verify: 'https://uri.paypal.com/services/applications/verify-webhook-signature',
  reporting: 'https://uri.paypal.com/services/reporting/search/read',
};
/** What a REST app with tracking and Transaction Search enabled is granted (plus PayPal's usual extras). */
const DEFAULT_PAYPAL_SCOPE = [
  'https://uri.paypal.com/services/invoicing',
  'openid',
  ...Object.values(SCOPES),
  'https://uri.paypal.com/services/disputes/read-seller',
].join(' ');

/** Scope each operation needs (spec `security`; docs/gateways.md#paypal-token-and-scopes). */
function requiredScopes(operationId: string): string[][] {
  if (operationId.startsWith('orders.')) return [[SCOPES.payments]];
  if (operationId === 'captures.get') return [[SCOPES.authcapture], [SCOPES.payments]];
  if (operationId === 'trackers.put') return [[SCOPES.trackersReadWrite]];
  if (operationId.startsWith('trackers')) return [[SCOPES.trackersRead], [SCOPES.trackersReadWrite]];
  if (operationId === 'verify-webhook-signature.post') return [[SCOPES.webhooks, SCOPES.verify]];
  if (operationId.startsWith('webhooks') || operationId.startsWith('event-types')) return [[SCOPES.webhooks]];
  if (operationId === 'search.get') return [[SCOPES.reporting]];
  return [];
}

const TRACKABLE_CAPTURE = ['COMPLETED', 'PARTIALLY_REFUNDED', 'PENDING'];
const WEBHOOK_CAP = 10;

const debugId = () => randomId(13, 'upper').toLowerCase();

/** An order, capture or refund ID of PayPal's shape: 17 upper-case letters and digits, with both (orders/reference.ts). */
function paypalId(): string {
  for (;;) {
    const id = randomId(17, 'upper');
    if (/[0-9]/.test(id) && /[A-Z]/.test(id)) return id;
  }
}
const infoLink = (api: string, issue: string) => [
  { href: `https://developer.paypal.com/docs/api/${api}/#error-${issue}`, rel: 'information_link', method: 'GET' },
];

function paypalError(
  status: number,
  name: string,
  message: string,
  details: Array<{ issue: string; description: string; field?: string; value?: string; location?: string }> = [],
  api = 'orders/v2',
): GatewayResponse {
  return {
    status,
    body: { name, message, debug_id: debugId(), ...(details.length ? { details } : {}), links: infoLink(api, details[0]?.issue ?? name) },
  };
}

const notFound = (api = 'orders/v2') =>
  paypalError(
    404,
    'RESOURCE_NOT_FOUND',
    'The specified resource does not exist.',
    [{ issue: 'INVALID_RESOURCE_ID', description: 'Specified resource ID does not exist. Please check the resource ID and try again.' }],
    api,
  );
const unprocessable = (issue: string, description: string) =>
  paypalError(
    422,
    'UNPROCESSABLE_ENTITY',
    'The requested action could not be performed, semantically incorrect, or failed business validation.',
    [{ issue, description }],
  );
const invalidRequest = (
  details: Array<{ issue: string; description: string; field?: string; value?: string; location?: string }>,
  api = 'orders/v2',
) => paypalError(400, 'INVALID_REQUEST', 'Request is not well-formed, syntactically incorrect, or violates schema.', details, api);

const money = (currency: string, value: string) => ({ currency_code: currency, value });
/** Amount arithmetic in minor units; JPY has no decimals. */
const decimals = (currency: string) => (['JPY', 'HUF', 'TWD'].includes(currency) ? 0 : 2);
const toMinor = (value: string, currency: string) => Math.round(Number(value) * 10 ** decimals(currency));
const fromMinor = (minor: number, currency: string) => (minor / 10 ** decimals(currency)).toFixed(decimals(currency));
/** Transaction Search prints times as `2026-11-02T10:00:00+0000`. */
const reportingTime = (iso: string) => iso.replace(/Z$/, '+0000');

interface Tracker {
  id: string;
  order_id: string;
  capture_id: string;
  tracking_number: string | null;
  carrier: string | null;
  carrier_name_other: string | null;
  notify_payer: boolean;
  items: TrackItem[];
  status: 'SHIPPED' | 'CANCELLED';
  /** The shipment status a Tracking v1 PUT set (DELIVERED, …), which only Tracking v1 shows. */
  shipment_status?: string;
  create_time: string;
  update_time: string;
}

export interface PayPalSandboxOptions {
  /** Token lifetime in seconds (default 32400, the commonly seen value). */
  tokenExpiresIn?: number;
  /** Scope string granted to tokens (default: everything the app needs). */
  scope?: string;
}

export class PayPalSandbox {
  readonly orders = new Map<string, StoredOrder>();
  readonly trackers = new Map<string, Tracker>();
  readonly webhooks = new Map<string, Webhook>();
  /** Oldest first. */
  readonly events: PayPalEvent[] = [];
  readonly deliveries: Delivery[] = [];
  readonly tokens = new Map<string, { expiresAt: number; scope: string }>();
  readonly disputes: Dispute[] = [];
  /** Token requests served (benchmarks count them). */
  tokenRequests = 0;

  constructor(
    private readonly ctx: SandboxContext,
    private readonly options: PayPalSandboxOptions = {},
    seed: PayPalSeedOrder[] = PAYPAL_SEED,
  ) {
    for (const order of seed) this.seedOrder(order);
  }

  owns(id: string): boolean {
    return /^[A-Z0-9]{10,20}$/.test(id);
  }

  dump() {
    return {
      orders: [...this.orders.keys()].map((id) => this.renderOrder(id)),
      trackers: [...this.trackers.values()],
      webhooks: [...this.webhooks.values()],
      events: this.events,
      deliveries: this.deliveries,
      tokens_issued: this.tokenRequests,
    };
  }

  // ------------------------------------------------------------------------------------------------ seeding

  private seedOrder(seed: PayPalSeedOrder): void {
    const created = this.ctx.clock.now() - seed.ageHours * 3600_000;
    const time = isoTime(created);
    const itemTotal = fromMinor(
      seed.items.reduce((sum, i) => sum + toMinor(i.unit_amount, seed.currency) * Number(i.quantity), 0),
      seed.currency,
    );
    const order: StoredOrder = {
      id: seed.id,
      intent: seed.intent,
      status: seed.status,
      payment_source: {
        paypal: {
          email_address: seed.payer.email,
          account_id: seed.payer.payer_id,
          account_status: 'VERIFIED',
          name: { given_name: seed.payer.given_name, surname: seed.payer.surname },
          address: { country_code: seed.shipping?.address.country_code ?? 'US' },
        },
      },
      purchase_units: [
        {
          reference_id: 'default',
          amount: { ...money(seed.currency, itemTotal), breakdown: { item_total: money(seed.currency, itemTotal) } },
          payee: { email_address: 'merchant@example.com', merchant_id: 'C7CYMKZDG8D6E' },
          ...(seed.custom_id ? { custom_id: seed.custom_id } : {}),
          ...(seed.invoice_id ? { invoice_id: seed.invoice_id } : {}),
          items: seed.items.map((i) => ({
            name: i.name,
            unit_amount: money(seed.currency, i.unit_amount),
            quantity: i.quantity,
            sku: i.sku,
          })),
          ...(seed.shipping ? { shipping: { name: { full_name: seed.shipping.full_name }, address: { ...seed.shipping.address } } } : {}),
          payments: {},
        },
      ],
      payer: {
        name: { given_name: seed.payer.given_name, surname: seed.payer.surname },
        email_address: seed.payer.email,
        payer_id: seed.payer.payer_id,
        address: { country_code: seed.shipping?.address.country_code ?? 'US' },
      },
      create_time: time,
      update_time: time,
    };
    this.orders.set(order.id, order);
    if (seed.status === 'APPROVED') this.recordEvent('CHECKOUT.ORDER.APPROVED', 'checkout-order', this.renderOrder(order.id), created);
    if (seed.authorization) {
      order.purchase_units[0].payments.authorizations = [
        {
          id: seed.authorization.id,
          status: 'CREATED',
          amount: money(seed.currency, seed.authorization.amount),
          expiration_time: isoTime(created + 29 * 86400_000),
          create_time: time,
          update_time: time,
        },
      ];
    }
    for (const capture of seed.captures ?? []) {
      this.addCapture(order, capture.id, capture.amount, created);
      if (capture.refunded) this.refund(order, capture.id, capture.refunded, created + 3600_000);
    }
  }

  // ------------------------------------------------------------------------------------------------ requests

  async serve(req: GatewayRequest): Promise<GatewayResponse> {
    const isToken = req.path === '/v1/oauth2/token';
    const denied = isToken ? this.authenticateClient(req) : this.authenticateToken(req);
    if (denied) return denied;
    const conformance = checkRequest({
      gateway: 'paypal',
      method: req.method,
      path: req.path,
      query: req.query,
      body: req.rawBody,
      headers: req.headers,
    });
    if (!conformance.ok) return isToken ? this.tokenSpecError(conformance) : this.specError(conformance);
    return this.route(req);
  }

  private authenticateClient(req: GatewayRequest): GatewayResponse | undefined {
    const header = req.headers.authorization ?? '';
    const [id, secret] = header.startsWith('Basic ') ? Buffer.from(header.slice(6), 'base64').toString('utf8').split(':') : [];
    if (id !== SANDBOX_CREDENTIALS.paypalClientId || secret !== SANDBOX_CREDENTIALS.paypalClientSecret) {
      return { status: 401, body: { error: 'invalid_client', error_description: 'Client Authentication failed' } };
    }
    return undefined;
  }

  private authenticateToken(req: GatewayRequest): GatewayResponse | undefined {
    const header = req.headers.authorization ?? '';
    if (!header.startsWith('Bearer ')) {
      return {
        status: 401,
        body: {
          name: 'AUTHENTICATION_FAILURE',
          message: 'Authentication failed due to invalid authentication credentials or a missing Authorization header.',
          links: infoLink('overview', 'AUTHENTICATION_FAILURE'),
        },
      };
    }
    const token = this.tokens.get(header.slice(7).trim());
    if (!token) return { status: 401, body: { error: 'invalid_token', error_description: 'Token signature verification failed' } };
    if (token.expiresAt <= this.ctx.clock.now())
      return { status: 401, body: { error: 'invalid_token', error_description: 'Access Token not found in cache' } };
    const needed = requiredScopes(req.operationId);
    const granted = token.scope.split(' ');
    if (needed.length && !needed.some((set) => set.every((s) => granted.includes(s)))) {
      return paypalError(403, 'NOT_AUTHORIZED', 'Authorization failed due to insufficient permissions.', [
        { issue: 'PERMISSION_DENIED', description: 'You do not have permission to access or perform operations on this resource.' },
      ]);
    }
    return undefined;
  }

  private tokenSpecError(result: ConformanceResult): GatewayResponse {
    const grant = result.issues.find((i) => i.param === '/grant_type');
    if (grant?.problem === 'missing')
      return { status: 400, body: { error: 'unsupported_grant_type', error_description: 'Grant Type is NULL' } };
    if (grant)
      return {
        status: 400,
        body: { error: 'unsupported_grant_type', error_description: `Grant Type is not supported: ${String(grant.value)}` },
      };
    return { status: 400, body: { error: 'invalid_request', error_description: result.errors.join('; ') } };
  }

  private specError(result: ConformanceResult): GatewayResponse {
    const route = result.issues.find((i) => i.in === 'route');
    if (route?.problem === 'not_found') return paypalError(404, 'NOT_FOUND', 'The specified resource does not exist.', [], 'overview');
    if (route) return paypalError(405, 'METHOD_NOT_SUPPORTED', 'The server does not implement the requested HTTP method.', [], 'overview');
    if (result.issues.some((i) => i.problem === 'unsupported_media_type')) {
      return paypalError(415, 'UNSUPPORTED_MEDIA_TYPE', 'The server does not support the request payload’s media type.', [], 'overview');
    }
    const issueName = (i: ConformanceIssue) =>
      i.problem === 'missing'
        ? 'MISSING_REQUIRED_PARAMETER'
        : i.problem === 'malformed'
          ? 'MALFORMED_REQUEST_JSON'
          : i.keyword === 'pattern' || i.keyword === 'format'
            ? 'INVALID_PARAMETER_SYNTAX'
            : /Length$/.test(i.keyword ?? '')
              ? 'INVALID_STRING_LENGTH'
              : i.problem === 'unknown'
                ? 'UNKNOWN_PARAMETER'
                : 'INVALID_PARAMETER_VALUE';
    return invalidRequest(
      result.issues.map((i) => {
        const value = scalarText(i.value);
        return {
          field: i.param,
          ...(value !== undefined ? { value } : {}),
          location: i.in === 'header' ? 'header' : i.in,
          issue: issueName(i),
          description: i.message,
        };
      }),
    );
  }

  // eslint-disable-next-line @typescript-eslint/require-await -- routes answer synchronously; async keeps a throw a rejection
  private async route(req: GatewayRequest): Promise<GatewayResponse> {
    const p = req.pathParams;
    let body: unknown;
    try {
      body = parseJson(req.rawBody);
    } catch {
      body = undefined; // the token's form body; JSON bodies were already parsed by the spec check
    }
    switch (req.operationId) {
      case 'oauth2.token':
        return this.issueToken();
      case 'orders.get':
        return this.orders.has(p.id!) ? { status: 200, body: this.renderOrder(p.id!) } : notFound();
      case 'orders.track.create':
        return this.track(p.id!, body as TrackBody);
      case 'orders.trackers.patch':
        return this.patchTracker(p.id!, p.tracker_id!, body as PatchOperation[]);
      case 'captures.get':
        return this.getCapture(p.capture_id!);
      case 'trackers-batch.get':
        return this.listV1Trackers(req.query);
      case 'trackers.put':
        return this.putV1Tracker(p.id!, body as V1TrackerBody);
      case 'webhooks.post':
        return this.createWebhook(body as WebhookBody);
      case 'webhooks.list':
        return { status: 200, body: { webhooks: [...this.webhooks.values()] } };
      case 'webhooks.get':
        return this.webhooks.has(p.webhook_id!) ? { status: 200, body: this.webhooks.get(p.webhook_id!) } : this.webhookNotFound();
      case 'webhooks.update':
        return this.updateWebhook(p.webhook_id!, body as PatchOperation[]);
      case 'webhooks.delete':
        return this.webhooks.delete(p.webhook_id!) ? { status: 204 } : this.webhookNotFound();
      case 'verify-webhook-signature.post':
        return this.verifySignature(body as VerifySignatureBody);
      case 'webhooks-events.list':
        return this.listEvents(req.query);
      case 'webhooks-events.get': {
        const event = this.events.find((e) => e.id === p.event_id);
        return event ? { status: 200, body: event } : paypalError(404, 'INVALID_RESOURCE_ID', 'Resource id is invalid.', [], 'webhooks/v1');
      }
      case 'search.get':
        return this.searchTransactions(req.query);
      default:
        return paypalError(
          400,
          'NOT_SUPPORTED_BY_SANDBOX',
          `The sandbox does not emulate ${req.method} ${req.template} (${req.operationId}); it serves the endpoints the app uses.`,
        );
    }
  }

  private issueToken(): GatewayResponse {
    this.tokenRequests += 1;
    const accessToken = `A21AA${randomId(92)}`;
    const expiresIn = this.options.tokenExpiresIn ?? 32400;
    const scope = this.options.scope ?? DEFAULT_PAYPAL_SCOPE;
    this.tokens.set(accessToken, { expiresAt: this.ctx.clock.now() + expiresIn * 1000, scope });
    return {
      status: 200,
      body: {
        scope,
        access_token: accessToken,
        token_type: 'Bearer',
        app_id: SANDBOX_CREDENTIALS.paypalAppId,
        expires_in: expiresIn,
        nonce: `${isoTime(this.ctx.clock.now())}${randomId(43)}`,
      },
    };
  }

  // ------------------------------------------------------------------------------------------------ orders, captures, trackers

  private link(path: string, rel: string, method = 'GET') {
    return { href: `${this.ctx.base}${path}`, rel, method };
  }

  /** The order as GET returns it: trackers rendered from the tracker store, links to this sandbox. */
  renderOrder(id: string): RenderedOrder {
    const order: RenderedOrder = structuredClone(this.orders.get(id)!);
    const unit = order.purchase_units[0];
    const trackers = [...this.trackers.values()].filter((t) => t.order_id === id);
    if (trackers.length) {
      unit.shipping = unit.shipping ?? {};
      unit.shipping.trackers = trackers.map((t) => ({
        id: t.id,
        status: t.status,
        items: t.items,
        links: [this.link(`/v2/checkout/orders/${id}/trackers/${t.id}`, 'self'), this.link(`/v2/checkout/orders/${id}`, 'up')],
        create_time: t.create_time,
        update_time: t.update_time,
      }));
    }
    if (Object.keys(unit.payments ?? {}).length === 0) delete unit.payments;
    const links = [this.link(`/v2/checkout/orders/${id}`, 'self')];
    if (order.status === 'APPROVED')
      links.push(
        this.link(`/v2/checkout/orders/${id}/${order.intent === 'CAPTURE' ? 'capture' : 'authorize'}`, order.intent.toLowerCase(), 'POST'),
      );
    order.links = links;
    return order;
  }

  private findCapture(captureId: string): { order: StoredOrder; capture: Capture } | undefined {
    for (const order of this.orders.values()) {
      const capture = order.purchase_units[0].payments.captures?.find((c) => c.id === captureId);
      if (capture) return { order, capture };
    }
    return undefined;
  }

  private renderCapture(order: StoredOrder, capture: Capture) {
    return {
      ...structuredClone(capture),
      supplementary_data: {
        related_ids: {
          order_id: order.id,
          ...(order.purchase_units[0].payments.authorizations?.[0]
            ? { authorization_id: order.purchase_units[0].payments.authorizations[0].id }
            : {}),
        },
      },
      payee: order.purchase_units[0].payee,
      links: [
        this.link(`/v2/payments/captures/${capture.id}`, 'self'),
        this.link(`/v2/payments/captures/${capture.id}/refund`, 'refund', 'POST'),
        this.link(`/v2/checkout/orders/${order.id}`, 'up'),
      ],
    };
  }

  private getCapture(captureId: string): GatewayResponse {
    const found = this.findCapture(captureId);
    return found ? { status: 200, body: this.renderCapture(found.order, found.capture) } : notFound('payments/v2');
  }

  private track(orderId: string, body: TrackBody): GatewayResponse {
    const order = this.orders.get(orderId);
    if (!order) return notFound();
    const unit = order.purchase_units[0];
    const captures = unit.payments.captures ?? [];
    if (captures.length === 0) {
      return unprocessable(
        'CAPTURE_STATUS_NOT_VALID',
        `Invalid capture status. Tracker information can only be added to captures in ${TRACKABLE_CAPTURE.join(', ')} state; order ${orderId} has no captured payment (status ${order.status}).`,
      );
    }
    const capture = captures.find((c) => c.id === body.capture_id);
    if (!capture) return unprocessable('CAPTURE_ID_NOT_FOUND', 'Specified capture ID does not exist. Check the capture ID and try again.');
    if (!TRACKABLE_CAPTURE.includes(capture.status)) {
      return unprocessable(
        'CAPTURE_STATUS_NOT_VALID',
        `Invalid capture status. Tracker information can only be added to captures in ${TRACKABLE_CAPTURE.join(', ')} state; capture ${capture.id} is ${capture.status}.`,
      );
    }
    const skus = new Set<string | undefined>(unit.items.map((i) => i.sku));
    if ((body.items ?? []).some((i) => i.sku !== undefined && !skus.has(i.sku))) {
      return unprocessable('ITEM_SKU_MISMATCH', 'Item sku must match one of the items sku that was provided in the order.');
    }
    if (body.carrier === 'OTHER' && !body.carrier_name_other) {
      return invalidRequest([
        {
          field: '/carrier_name_other',
          location: 'body',
          issue: 'MISSING_REQUIRED_PARAMETER',
          description: 'carrier_name_other is required when carrier is OTHER.',
        },
      ]);
    }
    const now = isoTime(this.ctx.clock.now());
    // Tracker ids as in PayPal's docs example: capture id + tracking number.
    const id = `${capture.id}${body.tracking_number ?? randomId(12, 'upper')}`.toUpperCase().replace(/[^A-Z0-9]/g, '');
    const existing = this.trackers.get(id);
    if (existing?.status === 'SHIPPED') return { status: 200, body: this.renderOrder(orderId) };
    const items = (body.items ?? []).map((i) => {
      const ordered = unit.items.find((o) => o.sku === i.sku);
      return {
        name: i.name ?? ordered?.name,
        sku: i.sku,
        quantity: i.quantity ?? '1',
        ...(i.url ? { url: i.url } : {}),
        ...(i.image_url ? { image_url: i.image_url } : {}),
      };
    });
    this.trackers.set(id, {
      id,
      order_id: orderId,
      capture_id: capture.id,
      tracking_number: body.tracking_number ?? null,
      carrier: body.carrier ?? null,
      carrier_name_other: body.carrier_name_other ?? null,
      notify_payer: body.notify_payer ?? false,
      items,
      status: 'SHIPPED',
      create_time: existing?.create_time ?? now,
      update_time: now,
    });
    order.update_time = now;
    return { status: 201, body: this.renderOrder(orderId) };
  }

  private patchTracker(orderId: string, trackerId: string, operations: PatchOperation[]): GatewayResponse {
    const tracker = this.trackers.get(trackerId);
    if (!this.orders.has(orderId) || !tracker || tracker.order_id !== orderId) return notFound();
    const patched = structuredClone(tracker);
    const skus = new Set<unknown>(this.orders.get(orderId)!.purchase_units[0].items.map((i) => i.sku));
    for (const op of operations) {
      const rules: Record<string, string[]> = { '/status': ['replace'], '/items': ['replace'], '/notify_payer': ['replace', 'add'] };
      if (!op.path)
        return unprocessable('PATCH_PATH_REQUIRED', 'Specify a path for the field for which the operation needs to be performed.');
      if (!rules[op.path])
        return invalidRequest([
          { field: op.path, location: 'body', issue: 'FIELD_NOT_PATCHABLE', description: 'Field cannot be patched.' },
        ]);
      if (!rules[op.path]!.includes(op.op))
        return invalidRequest([
          {
            field: op.path,
            location: 'body',
            issue: 'INVALID_PATCH_OPERATION',
            description:
              "The operation cannot be honored. Cannot add a property that's already present, use replace. Cannot remove a property thats not present, use add. Cannot replace a property thats not present, use add.",
          },
        ]);
      if (op.value === undefined)
        return unprocessable('PATCH_VALUE_REQUIRED', 'Please specify a value to for the field that is being patched.');
      if (op.path === '/status') {
        if (op.value !== 'CANCELLED')
          return invalidRequest([
            {
              field: '/status',
              value: scalarText(op.value) ?? JSON.stringify(op.value),
              location: 'body',
              issue: 'INVALID_PARAMETER_VALUE',
              description: 'Only patching status to CANCELLED is supported.',
            },
          ]);
        patched.status = 'CANCELLED';
      } else if (op.path === '/notify_payer') {
        patched.notify_payer = op.value === true;
      } else {
        if (!isObjectList(op.value) || op.value.some((i) => !skus.has(i.sku)))
          return unprocessable('ITEM_SKU_MISMATCH', 'Item sku must match one of the items sku that was provided in the order.');
        patched.items = op.value;
      }
    }
    patched.update_time = isoTime(this.ctx.clock.now());
    this.trackers.set(trackerId, patched);
    return { status: 204 };
  }

  /** Tracking v1 list, consistent with trackers added through Orders v2 /track (v1 `transaction_id` = capture id). */
  private listV1Trackers(query: URLSearchParams): GatewayResponse {
    const transactionId = query.get('transaction_id')!;
    if (!this.findCapture(transactionId)) return notFound('tracking/v1');
    const number = query.get('tracking_number');
    const trackers = [...this.trackers.values()]
      .filter((t) => t.capture_id === transactionId && (!number || t.tracking_number === number))
      .map((t) => ({
        transaction_id: t.capture_id,
        tracking_number: t.tracking_number,
        status: t.status === 'CANCELLED' ? t.status : (t.shipment_status ?? t.status),
        carrier: t.carrier,
        ...(t.carrier_name_other ? { carrier_name_other: t.carrier_name_other } : {}),
        notify_buyer: t.notify_payer,
        shipment_date: t.create_time.slice(0, 10),
        last_updated_time: t.update_time,
        links: [this.link(`/v1/shipping/trackers/${t.capture_id}-${t.tracking_number ?? ''}`, 'self')],
      }));
    return { status: 200, body: { trackers, links: [this.link(`/v1/shipping/trackers?transaction_id=${transactionId}`, 'self')] } };
  }

  /**
   * Tracking v1 full update of the tracker `{capture id}-{tracking number}` (the number as stored): carrier and
   * status change in the one stored tracker, so the Orders v2 view and the v1 list both show it (Orders v2 as
   * SHIPPED or CANCELLED, the v1 list with the shipment status as sent).
   */
  private putV1Tracker(id: string, body: V1TrackerBody): GatewayResponse {
    const tracker = [...this.trackers.values()].find((t) => `${t.capture_id}-${t.tracking_number ?? ''}` === id);
    if (!tracker) return notFound('tracking/v1');
    const mismatch = (field: string, value: string) =>
      invalidRequest(
        [
          {
            field,
            value,
            location: 'body',
            issue: 'INVALID_PARAMETER_VALUE',
            description: `${field.slice(1)} must match the tracker id ${id}.`,
          },
        ],
        'tracking/v1',
      );
    if (body.transaction_id !== tracker.capture_id) return mismatch('/transaction_id', String(body.transaction_id));
    if (body.tracking_number !== undefined && body.tracking_number !== tracker.tracking_number)
      return mismatch('/tracking_number', String(body.tracking_number));
    if (body.carrier === 'OTHER' && !body.carrier_name_other) {
      return invalidRequest(
        [
          {
            field: '/carrier_name_other',
            location: 'body',
            issue: 'MISSING_REQUIRED_PARAMETER',
            description: 'carrier_name_other is required when carrier is OTHER.',
          },
        ],
        'tracking/v1',
      );
    }
    const now = isoTime(this.ctx.clock.now());
    // A full update: what the body leaves out is gone, as with PayPal's PUT.
    // Orders v2 shows only SHIPPED or CANCELLED; the Tracking v1 list shows the shipment status as sent.
    Object.assign(tracker, {
      status: body.status === 'CANCELLED' ? 'CANCELLED' : 'SHIPPED',
      shipment_status: body.status,
      carrier: body.carrier ?? null,
      carrier_name_other: body.carrier === 'OTHER' ? body.carrier_name_other : null,
      notify_payer: body.notify_buyer ?? false,
      update_time: now,
    });
    this.orders.get(tracker.order_id)!.update_time = now;
    return { status: 204 };
  }

  // ------------------------------------------------------------------------------------------------ webhooks

  private webhookNotFound(): GatewayResponse {
    return paypalError(
      404,
      'INVALID_RESOURCE_ID',
      'Resource id is invalid.',
      [{ issue: 'INVALID_RESOURCE_ID', description: 'Webhook id not found.' }],
      'webhooks/v1',
    );
  }

  private createWebhook(body: WebhookBody): GatewayResponse {
    const url = new URL(body.url);
    // PayPal delivers over HTTPS only; plain HTTP is accepted for loopback catchers in tests and the demo.
    if (url.protocol !== 'https:' && !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
      return invalidRequest(
        [
          {
            field: '/url',
            value: body.url,
            location: 'body',
            issue: 'INVALID_PARAMETER_SYNTAX',
            description: 'The webhook URL must use HTTPS.',
          },
        ],
        'webhooks/v1',
      );
    }
    if ([...this.webhooks.values()].some((w) => w.url === body.url))
      return paypalError(400, 'WEBHOOK_URL_ALREADY_EXISTS', 'Webhook URL already exists.', [], 'webhooks/v1');
    if (this.webhooks.size >= WEBHOOK_CAP)
      return paypalError(
        400,
        'WEBHOOK_NUMBER_LIMIT_EXCEEDED',
        'You can create a maximum of ten webhooks for an application.',
        [],
        'webhooks/v1',
      );
    const id = paypalId();
    const webhook: Webhook = {
      id,
      url: body.url,
      event_types: body.event_types.map((e) => ({
        name: e.name,
        description: EVENT_DESCRIPTIONS[e.name] ?? e.name,
        status: 'ENABLED',
      })),
      links: [
        this.link(`/v1/notifications/webhooks/${id}`, 'self'),
        this.link(`/v1/notifications/webhooks/${id}`, 'update', 'PATCH'),
        this.link(`/v1/notifications/webhooks/${id}`, 'delete', 'DELETE'),
      ],
    };
    this.webhooks.set(id, webhook);
    return { status: 201, body: webhook };
  }

  private updateWebhook(id: string, operations: PatchOperation[]): GatewayResponse {
    const webhook = this.webhooks.get(id);
    if (!webhook) return this.webhookNotFound();
    for (const op of operations) {
      const { value } = op;
      const url = op.path === '/url' && typeof value === 'string' ? value : undefined;
      const eventTypes = op.path === '/event_types' && isEventTypeList(value) ? value : undefined;
      if (op.op !== 'replace' || (url === undefined && eventTypes === undefined)) {
        return invalidRequest(
          [
            {
              field: op.path,
              location: 'body',
              issue: 'INVALID_PATCH_OPERATION',
              description: 'Only replace of /url or /event_types is supported.',
            },
          ],
          'webhooks/v1',
        );
      }
      if (url !== undefined) webhook.url = url;
      else if (eventTypes)
        webhook.event_types = eventTypes.map((e) => ({
          name: e.name,
          description: EVENT_DESCRIPTIONS[e.name] ?? e.name,
          status: 'ENABLED',
        }));
    }
    return { status: 200, body: webhook };
  }

  /** Postback verification: the same RSA check an app does offline, over the event as re-serialised here. */
  private verifySignature(body: VerifySignatureBody): GatewayResponse {
    const genuine =
      body.auth_algo === 'SHA256withRSA' &&
      body.cert_url === `${this.ctx.base}${PAYPAL_CERT_PATH}` &&
      this.webhooks.has(body.webhook_id) &&
      verifyPaypalSignature({
        transmissionId: body.transmission_id,
        transmissionTime: body.transmission_time,
        webhookId: body.webhook_id,
        body: JSON.stringify(body.webhook_event),
        signature: body.transmission_sig,
      });
    return { status: 200, body: { verification_status: genuine ? 'SUCCESS' : 'FAILURE' } };
  }

  private listEvents(query: URLSearchParams): GatewayResponse {
    const pageSize = Number(query.get('page_size') ?? 10);
    const start = query.get('start_time') ? Date.parse(query.get('start_time')!) : -Infinity;
    const end = query.get('end_time') ? Date.parse(query.get('end_time')!) : Infinity;
    const events = this.events
      .filter(
        (e) =>
          (!query.get('event_type') || e.event_type === query.get('event_type')) &&
          (!query.get('transaction_id') || ('id' in e.resource && e.resource.id === query.get('transaction_id'))),
      )
      .filter((e) => Date.parse(e.create_time) >= start && Date.parse(e.create_time) <= end)
      .reverse()
      .slice(0, pageSize);
    return { status: 200, body: { events, count: events.length, links: [] } };
  }

  // ------------------------------------------------------------------------------------------------ Transaction Search

  private transactions() {
    const rows: TransactionRow[] = [];
    for (const order of this.orders.values()) {
      const unit = order.purchase_units[0];
      const common = {
        payer_info: {
          account_id: order.payer.payer_id,
          email_address: order.payer.email_address,
          address_status: 'Y',
          payer_status: 'Y',
          payer_name: {
            given_name: order.payer.name.given_name,
            surname: order.payer.name.surname,
            alternate_full_name: `${order.payer.name.given_name} ${order.payer.name.surname}`,
          },
          country_code: order.payer.address.country_code,
        },
        shipping_info: unit.shipping
          ? {
              name: unit.shipping.name.full_name,
              address: {
                line1: unit.shipping.address.address_line_1,
                ...(unit.shipping.address.address_line_2 ? { line2: unit.shipping.address.address_line_2 } : {}),
                city: unit.shipping.address.admin_area_2,
                ...(unit.shipping.address.admin_area_1 ? { state: unit.shipping.address.admin_area_1 } : {}),
                country_code: unit.shipping.address.country_code,
                postal_code: unit.shipping.address.postal_code,
              },
            }
          : {},
        cart_info: {
          item_details: unit.items.map((i) => ({
            item_code: i.sku,
            item_name: i.name,
            item_quantity: i.quantity,
            item_unit_price: i.unit_amount,
            item_amount: money(
              i.unit_amount.currency_code,
              fromMinor(toMinor(i.unit_amount.value, i.unit_amount.currency_code) * Number(i.quantity), i.unit_amount.currency_code),
            ),
          })),
        },
      };
      const info = (id: string, code: string, amount: Money, status: string, created: string, updated: string) => ({
        paypal_account_id: order.payer.payer_id,
        transaction_id: id,
        paypal_reference_id: order.id,
        paypal_reference_id_type: 'ODR',
        transaction_event_code: code,
        transaction_initiation_date: reportingTime(created),
        transaction_updated_date: reportingTime(updated),
        transaction_amount: amount,
        transaction_status: status,
        ...(unit.invoice_id ? { invoice_id: unit.invoice_id } : {}),
        ...(unit.custom_id ? { custom_field: unit.custom_id } : {}),
        protection_eligibility: '01',
      });
      for (const capture of unit.payments.captures ?? []) {
        rows.push({
          transaction_info: info(
            capture.id,
            'T0006',
            capture.amount,
            capture.status === 'PENDING' ? 'P' : capture.status === 'DECLINED' || capture.status === 'FAILED' ? 'D' : 'S',
            capture.create_time,
            capture.update_time,
          ),
          ...common,
        });
      }
      for (const refund of unit.payments.refunds ?? []) {
        rows.push({
          transaction_info: {
            ...info(
              refund.id,
              'T1107',
              money(refund.amount.currency_code, `-${refund.amount.value}`),
              'S',
              refund.create_time,
              refund.update_time,
            ),
            paypal_reference_id: refund.capture_id,
            paypal_reference_id_type: 'TXN',
          },
          ...common,
        });
      }
    }
    return rows.sort((a, b) =>
      a.transaction_info.transaction_initiation_date.localeCompare(b.transaction_info.transaction_initiation_date),
    );
  }

  private searchTransactions(query: URLSearchParams): GatewayResponse {
    const startText = query.get('start_date')!;
    const endText = query.get('end_date')!;
    const [start, end] = [Date.parse(startText), Date.parse(endText)];
    const dateError = (issue: string) =>
      invalidRequest([{ field: 'start_date', value: startText, location: 'query', issue, description: issue }], 'transaction-search/v1');
    if (end < start) return dateError('End date should be greater than start date.');
    if (end - start > 31 * 86400_000) return dateError('Date range is greater than 31 days');
    const transactionId = query.get('transaction_id');
    const fields = (query.get('fields') ?? 'transaction_info').split(',').map((f) => f.trim());
    const keep = (row: TransactionRow) =>
      fields.includes('all')
        ? row
        : Object.fromEntries(Object.entries(row).filter(([k]) => k === 'transaction_info' || fields.includes(k)));
    const matching = this.transactions().filter((row) => {
      const at = Date.parse(row.transaction_info.transaction_initiation_date.replace(/\+0000$/, 'Z'));
      return at >= start && at <= end && (!transactionId || row.transaction_info.transaction_id === transactionId);
    });
    const pageSize = Number(query.get('page_size') ?? 100);
    const page = Number(query.get('page') ?? 1);
    const totalPages = Math.max(1, Math.ceil(matching.length / pageSize));
    return {
      status: 200,
      body: {
        transaction_details: matching.slice((page - 1) * pageSize, page * pageSize).map(keep),
        account_number: 'C7CYMKZDG8D6E',
        start_date: startText,
        end_date: endText,
        last_refreshed_datetime: reportingTime(isoTime(this.ctx.clock.now())),
        page,
        total_items: matching.length,
        total_pages: totalPages,
        links: [this.link(`/v1/reporting/transactions?${query.toString()}`, 'self')],
      },
    };
  }

  // ------------------------------------------------------------------------------------------------ state changes

  private addCapture(order: StoredOrder, id: string, amount: string, createdMs: number, status = 'COMPLETED'): Capture {
    const unit = order.purchase_units[0];
    const currency = unit.amount.currency_code;
    // PayPal's standard US rate, 3.49 % + a fixed fee (0.49, or 40 in zero-decimal currencies).
    const fee = fromMinor(Math.round(toMinor(amount, currency) * 0.0349) + (decimals(currency) ? 49 : 40), currency);
    const capture: Capture = {
      id,
      status,
      amount: money(currency, amount),
      final_capture: true,
      seller_protection: { status: 'ELIGIBLE', dispute_categories: ['ITEM_NOT_RECEIVED', 'UNAUTHORIZED_TRANSACTION'] },
      seller_receivable_breakdown: {
        gross_amount: money(currency, amount),
        paypal_fee: money(currency, fee),
        net_amount: money(currency, fromMinor(toMinor(amount, currency) - toMinor(fee, currency), currency)),
      },
      ...(unit.invoice_id ? { invoice_id: unit.invoice_id } : {}),
      ...(unit.custom_id ? { custom_id: unit.custom_id } : {}),
      create_time: isoTime(createdMs),
      update_time: isoTime(createdMs),
    };
    unit.payments.captures = [...(unit.payments.captures ?? []), capture];
    order.status = 'COMPLETED';
    this.recordEvent('PAYMENT.CAPTURE.COMPLETED', 'capture', this.renderCapture(order, capture), createdMs);
    return capture;
  }

  private refund(order: StoredOrder, captureId: string, amount: string, createdMs: number): Refund {
    const unit = order.purchase_units[0];
    // Callers pass one of this order's capture ids.
    const capture = unit.payments.captures!.find((c) => c.id === captureId)!;
    const currency = capture.amount.currency_code;
    const refundedBefore = (unit.payments.refunds ?? [])
      .filter((r) => r.capture_id === captureId)
      .reduce((s, r) => s + toMinor(r.amount.value, currency), 0);
    const total = refundedBefore + toMinor(amount, currency);
    capture.status = total >= toMinor(capture.amount.value, currency) ? 'REFUNDED' : 'PARTIALLY_REFUNDED';
    capture.update_time = isoTime(createdMs);
    const refund: Refund = {
      id: paypalId(),
      amount: money(currency, amount),
      ...(unit.invoice_id ? { invoice_id: unit.invoice_id } : {}),
      ...(unit.custom_id ? { custom_id: unit.custom_id } : {}),
      status: 'COMPLETED',
      capture_id: captureId,
      create_time: isoTime(createdMs),
      update_time: isoTime(createdMs),
    };
    unit.payments.refunds = [...(unit.payments.refunds ?? []), refund];
    const { capture_id: _c, ...shown } = refund;
    this.recordEvent(
      'PAYMENT.CAPTURE.REFUNDED',
      'refund',
      { ...shown, links: [this.link(`/v2/payments/refunds/${refund.id}`, 'self'), this.link(`/v2/payments/captures/${captureId}`, 'up')] },
      createdMs,
    );
    return refund;
  }

  private recordEvent(type: string, resourceType: string, resource: object, createdMs = this.ctx.clock.now()): PayPalEvent {
    const id = `WH-${randomId(17, 'upper')}-${randomId(17, 'upper')}`;
    const event: PayPalEvent = {
      id,
      event_version: '1.0',
      create_time: isoTime(createdMs),
      resource_type: resourceType,
      resource_version: '2.0',
      event_type: type,
      summary: EVENT_DESCRIPTIONS[type] ?? type,
      resource,
      links: [
        this.link(`/v1/notifications/webhooks-events/${id}`, 'self'),
        this.link(`/v1/notifications/webhooks-events/${id}/resend`, 'resend', 'POST'),
      ],
    };
    this.events.push(event);
    return event;
  }

  /** `pay`, `refund`, `dispute` or a real event type: changes the order and delivers the event. */
  async adminEvent(id: string, input: AdminEventInput): Promise<AdminEventResult> {
    const order = this.orders.get(id) ?? this.findCapture(id)?.order;
    if (!order) return { status: 404, body: { error: `no PayPal order or capture ${id} in the sandbox` } };
    const unit = order.purchase_units[0];
    const now = this.ctx.clock.now();
    const fail = (error: string): AdminEventResult => ({ status: 409, body: { error } });
    const type =
      { pay: 'PAYMENT.CAPTURE.COMPLETED', refund: 'PAYMENT.CAPTURE.REFUNDED', dispute: 'CUSTOMER.DISPUTE.CREATED' }[input.type] ??
      input.type;
    const captures = unit.payments.captures ?? [];
    const lastCapture = captures[captures.length - 1];
    let event: PayPalEvent;
    switch (type) {
      case 'PAYMENT.CAPTURE.COMPLETED': {
        const authorization = unit.payments.authorizations?.find((a) => a.status === 'CREATED');
        if (order.status !== 'APPROVED' && !authorization)
          return fail(`order ${order.id} has nothing left to capture (status ${order.status})`);
        if (authorization) authorization.status = 'CAPTURED';
        this.addCapture(order, paypalId(), authorization?.amount.value ?? unit.amount.value, now);
        event = this.events[this.events.length - 1]!;
        break;
      }
      case 'PAYMENT.CAPTURE.REFUNDED': {
        const refundable = [...captures].reverse().find((c) => c.status === 'COMPLETED' || c.status === 'PARTIALLY_REFUNDED');
        if (!refundable) return fail(`order ${order.id} has no capture to refund`);
        const currency = refundable.amount.currency_code;
        const refunded = (unit.payments.refunds ?? [])
          .filter((r) => r.capture_id === refundable.id)
          .reduce((s, r) => s + toMinor(r.amount.value, currency), 0);
        const remaining = toMinor(refundable.amount.value, currency) - refunded;
        const minor = input.amount !== undefined ? Math.min(input.amount, remaining) : remaining;
        this.refund(order, refundable.id, fromMinor(minor, currency), now);
        event = this.events[this.events.length - 1]!;
        break;
      }
      case 'PAYMENT.CAPTURE.PENDING':
      case 'PAYMENT.CAPTURE.DENIED':
      case 'PAYMENT.CAPTURE.DECLINED':
      case 'PAYMENT.CAPTURE.REVERSED': {
        if (!lastCapture) return fail(`order ${order.id} has no capture`);
        lastCapture.status = {
          'PAYMENT.CAPTURE.PENDING': 'PENDING',
          'PAYMENT.CAPTURE.DENIED': 'DECLINED',
          'PAYMENT.CAPTURE.DECLINED': 'DECLINED',
          'PAYMENT.CAPTURE.REVERSED': 'REFUNDED',
        }[type];
        lastCapture.update_time = isoTime(now);
        event = this.recordEvent(type, 'capture', this.renderCapture(order, lastCapture), now);
        break;
      }
      case 'CUSTOMER.DISPUTE.CREATED':
      case 'CUSTOMER.DISPUTE.RESOLVED': {
        if (!lastCapture) return fail(`order ${order.id} has no capture to dispute`);
        let dispute = this.disputes.find((d) => d.disputed_transactions[0].seller_transaction_id === lastCapture.id);
        if (type === 'CUSTOMER.DISPUTE.CREATED') {
          if (dispute) return fail(`capture ${lastCapture.id} is already disputed`);
          dispute = {
            dispute_id: `PP-D-${Math.floor(10000 + Math.random() * 89999)}`,
            create_time: isoTime(now),
            update_time: isoTime(now),
            disputed_transactions: [
              {
                seller_transaction_id: lastCapture.id,
                seller: { merchant_id: unit.payee.merchant_id },
                items: [],
                seller_protection_eligible: true,
              },
            ],
            reason: 'MERCHANDISE_OR_SERVICE_NOT_RECEIVED',
            status: 'OPEN',
            dispute_amount: lastCapture.amount,
            dispute_life_cycle_stage: 'INQUIRY',
            dispute_channel: 'INTERNAL',
          };
          this.disputes.push(dispute);
        } else {
          if (!dispute) return fail(`capture ${lastCapture.id} has no dispute to resolve`);
          Object.assign(dispute, {
            status: 'RESOLVED',
            update_time: isoTime(now),
            dispute_outcome: { outcome_code: input.outcome === 'lost' ? 'RESOLVED_BUYER_FAVOUR' : 'RESOLVED_SELLER_FAVOUR' },
          });
        }
        event = this.recordEvent(
          type,
          'dispute',
          { ...structuredClone(dispute), links: [this.link(`/v1/customer/disputes/${dispute.dispute_id}`, 'self')] },
          now,
        );
        break;
      }
      case 'CHECKOUT.ORDER.APPROVED':
      case 'CHECKOUT.ORDER.COMPLETED':
      case 'CHECKOUT.ORDER.VOIDED': {
        if (type === 'CHECKOUT.ORDER.VOIDED') {
          if (captures.length) return fail(`order ${order.id} is captured and cannot be voided`);
          order.status = 'VOIDED';
        }
        event = this.recordEvent(type, 'checkout-order', this.renderOrder(order.id), now);
        break;
      }
      default:
        return {
          status: 400,
          body: {
            error: `unsupported event type ${input.type}: use pay, refund, dispute, PAYMENT.CAPTURE.(COMPLETED|REFUNDED|PENDING|DENIED|DECLINED|REVERSED), CUSTOMER.DISPUTE.(CREATED|RESOLVED), CHECKOUT.ORDER.(APPROVED|COMPLETED|VOIDED)`,
          },
        };
    }
    order.update_time = isoTime(now);
    const deliveries = await this.ctx.deliver(this.signedFor(event));
    this.deliveries.push(...deliveries);
    return { status: 200, body: { object: this.renderOrder(order.id), event, deliveries } };
  }

  private signedFor(event: PayPalEvent): SignedEvent[] {
    const body = JSON.stringify(event);
    return [...this.webhooks.values()]
      .filter((w) => w.event_types.some((t) => t.name === '*' || t.name === event.event_type))
      .map((w) => ({
        gateway: 'paypal' as const,
        eventId: event.id,
        eventType: event.event_type,
        url: w.url,
        subscriberId: w.id,
        body,
        headers: paypalSignatureHeaders(body, w.id, `${this.ctx.base}${PAYPAL_CERT_PATH}`, this.ctx.clock.now()),
      }));
  }
}

/** PayPal's descriptions of the event types the app uses (developer.paypal.com/api/rest/webhooks/event-names/). */
const EVENT_DESCRIPTIONS: Record<string, string> = {
  'CHECKOUT.ORDER.APPROVED': 'An order has been approved by buyer.',
  'CHECKOUT.ORDER.COMPLETED': 'Checkout Order Completed',
  'CHECKOUT.ORDER.VOIDED': 'Checkout Order Voided',
  'PAYMENT.CAPTURE.COMPLETED': 'Payment completed',
  'PAYMENT.CAPTURE.PENDING': 'Payment pending',
  'PAYMENT.CAPTURE.DENIED': 'Payment denied',
  'PAYMENT.CAPTURE.DECLINED': 'Payment declined',
  'PAYMENT.CAPTURE.REFUNDED': 'A capture payment was refunded',
  'PAYMENT.CAPTURE.REVERSED': 'A payment capture was reversed',
  'CUSTOMER.DISPUTE.CREATED': 'A dispute was created',
  'CUSTOMER.DISPUTE.RESOLVED': 'A dispute was resolved',
  '*': 'ALL',
};
