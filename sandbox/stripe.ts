/**
 * The sandbox's Stripe: state seeded from seed.ts and the endpoints the app uses, answering in Stripe's shapes
 * (objects as in the API reference examples: `object`, `id`, `livemode:false`, unix `created`) and its errors
 * `{error:{type,code,message,param}}`. Every request passes auth → spec check → idempotency → handler.
 *
 *   new StripeSandbox(ctx, seed = STRIPE_SEED)
 *     .serve(req): Promise<GatewayResponse>
 *     .adminEvent(id, {type, amount?, outcome?}): Promise<AdminEventResult>   state change + signed deliveries
 *     .owns(id): boolean   .dump(): object
 */
import { randomBytes } from 'node:crypto';
import { checkRequest, decodeStripeForm, type ConformanceResult } from './conformance';
import { randomId, unixSeconds, type GatewayRequest, type GatewayResponse, type SandboxContext } from './http';
import { SANDBOX_CREDENTIALS, STRIPE_SEED, type StripeSeedPayment } from './seed';
import { cancelPaymentIntent, confirmPaymentIntent, createPaymentIntent } from './stripe-payments';
import {
  address,
  formText,
  invalid,
  noSuch,
  shippingOf,
  stripeError,
  type PaymentIntent,
  type Shipping,
  type StripeRecord,
} from './stripe-wire';
import { stripeSignatureHeader, type Delivery, type SignedEvent } from './webhooks';

interface Charge extends StripeRecord {
  amount: number;
  amount_refunded: number;
  currency: string;
  description: string | null;
  disputed: boolean;
  metadata: Record<string, string>;
  payment_intent: string;
  receipt_email: string | null;
  refunded: boolean;
  refunds: { object: 'list'; data: StripeRecord[]; has_more: boolean; total_count: number; url: string };
  shipping: Shipping | null;
  status: string;
}
interface CheckoutSession extends StripeRecord {
  payment_intent: string;
}
interface Dispute extends StripeRecord {
  charge: string;
  evidence: Record<string, unknown>;
  evidence_details: { due_by: number; has_evidence: boolean; past_due: boolean; submission_count: number };
  metadata: Record<string, string>;
  payment_intent: string;
  status: string;
}
interface WebhookEndpoint extends StripeRecord {
  api_version: string | null;
  enabled_events: string[];
  secret: string;
  status: string;
  url: string;
}
interface StripeEvent extends StripeRecord {
  type: string;
}

/** The API version events are rendered in when an endpoint pins none (stripe@23.1.0's pinned version). */
const SANDBOX_STRIPE_API_VERSION = '2026-10-28.endive';
const WEBHOOK_ENDPOINT_CAP = 16;

export interface AdminEventInput {
  type: string;
  amount?: number;
  outcome?: 'won' | 'lost';
}

export interface AdminEventResult {
  status: number;
  body: { object?: unknown; event?: unknown; deliveries?: Delivery[]; error?: string };
}

/** Stripe shows the key's prefix and last four characters only. */
export function maskKey(key: string): string {
  const prefix = /^(sk|rk|pk)_(test|live)_/.exec(key)?.[0] ?? '';
  if (key.length < prefix.length + 8) return `${prefix}****`;
  return `${prefix}${'*'.repeat(Math.min(key.length - prefix.length - 4, 24))}${key.slice(-4)}`;
}

export class StripeSandbox {
  readonly paymentIntents = new Map<string, PaymentIntent>();
  readonly charges = new Map<string, Charge>();
  readonly sessions = new Map<string, CheckoutSession>();
  readonly disputes = new Map<string, Dispute>();
  readonly webhookEndpoints = new Map<string, WebhookEndpoint>();
  /** Oldest first. */
  readonly events: StripeEvent[] = [];
  readonly deliveries: Delivery[] = [];
  private readonly idempotency = new Map<string, { fingerprint: string; response: GatewayResponse }>();

  constructor(
    private readonly ctx: SandboxContext,
    seed: StripeSeedPayment[] = STRIPE_SEED,
  ) {
    for (const payment of seed) this.seedPayment(payment);
  }

  owns(id: string): boolean {
    return /^(pi|ch|py|cs)_/.test(id);
  }

  dump() {
    const values = <T>(m: Map<string, T>) => [...m.values()];
    return {
      payment_intents: values(this.paymentIntents),
      charges: values(this.charges),
      checkout_sessions: values(this.sessions),
      disputes: values(this.disputes),
      webhook_endpoints: values(this.webhookEndpoints).map(({ secret: _secret, ...endpoint }) => endpoint),
      events: this.events,
      deliveries: this.deliveries,
    };
  }

  // ------------------------------------------------------------------------------------------------ seeding

  private seedPayment(seed: StripeSeedPayment): void {
    const suffix = seed.id.slice('pi_'.length);
    const created = unixSeconds(this.ctx.clock) - seed.ageHours * 3600;
    const shipping = seed.shipping
      ? {
          address: address(seed.shipping.address),
          carrier: null,
          name: seed.shipping.name,
          phone: seed.shipping.phone ?? null,
          tracking_number: null,
        }
      : null;
    const chargeId = seed.status === 'requires_payment_method' ? null : `ch_${suffix}`;
    const intent: PaymentIntent = {
      id: seed.id,
      object: 'payment_intent',
      amount: seed.amount,
      amount_capturable: 0,
      amount_received: seed.status === 'succeeded' ? seed.amount : 0,
      capture_method: 'automatic_async',
      client_secret: `${seed.id}_secret_${randomId(25)}`,
      confirmation_method: 'automatic',
      created,
      currency: seed.currency,
      customer: null,
      description: seed.description ?? null,
      last_payment_error: null,
      latest_charge: chargeId,
      livemode: false,
      metadata: { ...seed.metadata },
      next_action: null,
      payment_method: `pm_${suffix}`,
      payment_method_types: ['card'],
      receipt_email: seed.email,
      shipping,
      status: seed.status,
    };
    this.paymentIntents.set(intent.id, intent);
    this.recordEvent(seed.status === 'succeeded' ? 'payment_intent.succeeded' : 'payment_intent.processing', intent, created);
    if (!chargeId) return;
    const charge = this.newCharge(intent, chargeId, created, {
      email: seed.email,
      name: seed.name,
      address: address(seed.shipping?.address),
    });
    if (seed.refunded) this.refund(charge, seed.refunded, created + 3600);
    if (seed.dispute) this.openDispute(charge, seed.dispute.reason, unixSeconds(this.ctx.clock) - seed.dispute.ageHours * 3600);
    if (seed.checkoutSession) {
      const session: CheckoutSession = {
        id: `cs_test_${suffix}`,
        object: 'checkout.session',
        amount_subtotal: seed.amount,
        amount_total: seed.amount,
        client_reference_id: seed.metadata?.order_id ?? null,
        // API 2025-03-31.basil and later: shipping lives here; the top-level shipping_details is gone.
        collected_information: {
          shipping_details: seed.shipping ? { name: seed.shipping.name, address: address(seed.shipping.address) } : null,
        },
        created,
        currency: seed.currency,
        customer: null,
        customer_details: {
          address: address(seed.shipping?.address),
          email: seed.email,
          name: seed.name,
          phone: null,
          tax_exempt: 'none',
          tax_ids: [],
        },
        customer_email: null,
        expires_at: created + 86400,
        livemode: false,
        metadata: { ...seed.metadata },
        mode: 'payment',
        payment_intent: seed.id,
        payment_status: 'paid',
        status: 'complete',
        success_url: 'https://example.com/success',
        url: null,
      };
      this.sessions.set(session.id, session);
      this.recordEvent('checkout.session.completed', session, created);
    }
  }

  // ------------------------------------------------------------------------------------------------ requests

  async serve(req: GatewayRequest): Promise<GatewayResponse> {
    const response = await this.serveWithoutIds(req);
    return {
      ...response,
      headers: { 'request-id': `req_${randomId(14)}`, 'stripe-version': SANDBOX_STRIPE_API_VERSION, ...response.headers },
    };
  }

  private async serveWithoutIds(req: GatewayRequest): Promise<GatewayResponse> {
    const denied = this.authenticate(req);
    if (denied) return denied;
    const conformance = checkRequest({
      gateway: 'stripe',
      method: req.method,
      path: req.path,
      query: req.query,
      body: req.rawBody,
      headers: req.headers,
    });
    if (!conformance.ok) return this.specError(req, conformance);
    const key = req.headers['idempotency-key'];
    if (!key || req.method === 'GET') return this.route(req);
    // Stripe compares parameters, not bytes: the same pairs in another order are the same request.
    const fingerprint = `${req.method} ${req.path} ${[...new URLSearchParams(req.rawBody)]
      .map(([k, v]) => `${k}=${v}`)
      .sort()
      .join('&')}`;
    const prior = this.idempotency.get(key);
    if (prior && prior.fingerprint !== fingerprint) {
      return stripeError(
        400,
        'idempotency_error',
        `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      );
    }
    if (prior) return { ...prior.response, headers: { ...prior.response.headers, 'idempotent-replayed': 'true' } };
    // Saved once the endpoint has started executing, errors included (requests refused by validation are not).
    const response = await this.route(req);
    this.idempotency.set(key, { fingerprint, response: structuredClone(response) });
    return response;
  }

  private authenticate(req: GatewayRequest): GatewayResponse | undefined {
    const header = req.headers.authorization ?? '';
    const key = header.startsWith('Bearer ')
      ? header.slice(7).trim()
      : header.startsWith('Basic ')
        ? Buffer.from(header.slice(6), 'base64').toString('utf8').split(':')[0]!
        : '';
    if (!key) {
      return stripeError(
        401,
        'invalid_request_error',
        "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
      );
    }
    if (key !== SANDBOX_CREDENTIALS.stripeSecretKey)
      return stripeError(401, 'invalid_request_error', `Invalid API Key provided: ${maskKey(key)}`);
    return undefined;
  }

  private specError(req: GatewayRequest, result: ConformanceResult): GatewayResponse {
    const issue = result.issues[0]!;
    if (issue.in === 'route') {
      return stripeError(
        404,
        'invalid_request_error',
        `Unrecognized request URL (${req.method}: ${req.path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
      );
    }
    const param = issue.param;
    const shown = typeof issue.value === 'string' ? issue.value : JSON.stringify(issue.value);
    switch (issue.problem) {
      case 'missing':
        return invalid(`Missing required param: ${param}.`, { code: 'parameter_missing', param });
      case 'unknown':
        return invalid(`Received unknown parameter: ${param}`, { code: 'parameter_unknown', param });
      case 'invalid':
        if (issue.keyword === 'type' && /integer|number/.test(issue.message))
          return invalid(`Invalid integer: ${shown}`, { code: 'parameter_invalid_integer', param });
        if (issue.keyword === 'type' && /boolean/.test(issue.message)) return invalid(`Invalid boolean: ${shown}`, { param });
        return invalid(`Invalid ${param}: ${issue.message.replace(/^[^:]+: /, '')}`, { param });
      default:
        return invalid(issue.message, { param });
    }
  }

  private route(req: GatewayRequest): Promise<GatewayResponse> | GatewayResponse {
    const params = req.method === 'GET' ? decodeStripeForm(req.query) : decodeStripeForm(req.rawBody);
    const expand = ((params.expand as string[] | undefined) ?? []).map(String);
    const id = Object.values(req.pathParams)[0] ?? '';
    const found = (object: StripeRecord | undefined, kind: string, param: string): GatewayResponse =>
      object ? { status: 200, body: this.expand(object, expand) } : noSuch(kind, id, param);
    switch (req.operationId) {
      case 'GetAccount':
        return { status: 200, body: this.account() };
      case 'GetPaymentIntents':
        return this.list(
          '/v1/payment_intents',
          [...this.paymentIntents.values()],
          params,
          expand,
          (pi) => !params.customer || pi.customer === params.customer,
        );
      case 'GetPaymentIntentsSearch':
        return this.search('/v1/payment_intents/search', [...this.paymentIntents.values()], params, expand);
      case 'GetPaymentIntentsIntent':
        return found(this.paymentIntents.get(id), 'payment_intent', 'intent');
      case 'PostPaymentIntentsIntent':
        return this.update(this.paymentIntents.get(id), 'payment_intent', 'intent', id, params, expand);
      // What a shop's checkout does (npm run try, the official stripe client); the app itself never pays.
      case 'PostPaymentIntents':
        return createPaymentIntent(this, params, unixSeconds(this.ctx.clock));
      case 'PostPaymentIntentsIntentConfirm':
        return confirmPaymentIntent(this, id, params);
      case 'PostPaymentIntentsIntentCancel':
        return cancelPaymentIntent(this, id, params, unixSeconds(this.ctx.clock));
      case 'GetChargesSearch':
        return this.search('/v1/charges/search', [...this.charges.values()], params, expand);
      case 'GetChargesCharge':
        return found(this.charges.get(id), 'charge', 'charge');
      case 'PostChargesCharge':
        return this.update(this.charges.get(id), 'charge', 'charge', id, params, expand);
      case 'GetCheckoutSessionsSession':
        return found(this.sessions.get(id), 'checkout.session', 'session');
      // The two lists sync/tracking/write.ts reads (a payment's disputes; the Checkout Session holding its address).
      case 'GetDisputes':
        return this.list(
          '/v1/disputes',
          [...this.disputes.values()],
          params,
          expand,
          (d) => (!params.payment_intent || d.payment_intent === params.payment_intent) && (!params.charge || d.charge === params.charge),
        );
      case 'GetCheckoutSessions':
        return this.list(
          '/v1/checkout/sessions',
          [...this.sessions.values()],
          params,
          expand,
          (cs) => !params.payment_intent || cs.payment_intent === params.payment_intent,
        );
      case 'GetDisputesDispute':
        return found(this.disputes.get(id), 'dispute', 'dispute');
      case 'PostDisputesDispute':
        return this.updateDispute(id, params, expand);
      case 'GetWebhookEndpoints':
        return this.list(
          '/v1/webhook_endpoints',
          [...this.webhookEndpoints.values()].map(({ secret: _s, ...e }) => e),
          params,
          [],
        );
      case 'PostWebhookEndpoints':
        return this.createEndpoint(params);
      case 'GetWebhookEndpointsWebhookEndpoint': {
        const endpoint = this.webhookEndpoints.get(id);
        if (!endpoint) return noSuch('webhook endpoint', id, 'webhook_endpoint');
        const { secret: _secret, ...shown } = endpoint;
        return { status: 200, body: shown };
      }
      case 'DeleteWebhookEndpointsWebhookEndpoint':
        if (!this.webhookEndpoints.delete(id)) return noSuch('webhook endpoint', id, 'webhook_endpoint');
        return { status: 200, body: { id, object: 'webhook_endpoint', deleted: true } };
      case 'GetEvents':
        return this.listEvents(params);
      case 'GetEventsId': {
        const event = this.events.find((e) => e.id === id);
        return event ? { status: 200, body: event } : noSuch('event', id, 'id');
      }
      default:
        return invalid(
          `The sandbox does not emulate ${req.method} ${req.template} (${req.operationId}); it serves the endpoints the app uses.`,
        );
    }
  }

  private account(): StripeRecord {
    return {
      id: SANDBOX_CREDENTIALS.stripeAccountId,
      object: 'account',
      business_profile: { name: 'Sandbox Store', url: 'https://example.com' },
      business_type: 'company',
      charges_enabled: true,
      country: 'US',
      created: unixSeconds(this.ctx.clock) - 365 * 86400,
      default_currency: 'usd',
      details_submitted: true,
      email: 'owner@example.com',
      payouts_enabled: true,
      settings: { dashboard: { display_name: 'Sandbox Store', timezone: 'Etc/UTC' } },
      type: 'standard',
    };
  }

  private lookup(id: string): StripeRecord | undefined {
    return this.paymentIntents.get(id) ?? this.charges.get(id) ?? this.disputes.get(id) ?? this.sessions.get(id);
  }

  /** `expand[]`: replaces an ID field with its object (one level, `data.` prefix for lists). */
  private expand(object: StripeRecord, paths: string[]): StripeRecord {
    const copy = structuredClone(object);
    for (const path of paths) {
      const [field, ...rest] = path.split('.');
      const value = copy[field!];
      if (typeof value !== 'string') continue;
      const target = this.lookup(value);
      if (target) copy[field!] = rest.length ? this.expand(target, [rest.join('.')]) : structuredClone(target);
    }
    return copy;
  }

  private list<T extends StripeRecord>(
    url: string,
    objects: T[],
    params: Record<string, unknown>,
    expand: string[],
    filter: (o: T) => boolean = () => true,
  ): GatewayResponse {
    const created = params.created as Record<string, string> | string | undefined;
    const inRange = (o: StripeRecord) => {
      if (created === undefined) return true;
      if (typeof created === 'string') return o.created === Number(created);
      const { gt, gte, lt, lte } = created;
      return (
        (gt === undefined || o.created > Number(gt)) &&
        (gte === undefined || o.created >= Number(gte)) &&
        (lt === undefined || o.created < Number(lt)) &&
        (lte === undefined || o.created <= Number(lte))
      );
    };
    const sorted = objects.filter((o) => filter(o) && inRange(o)).sort((a, b) => b.created - a.created || (b.id < a.id ? -1 : 1));
    const limit = Number(params.limit ?? 10);
    if (limit < 1 || limit > 100) return invalid('Invalid limit: must be between 1 and 100', { param: 'limit' });
    let start = 0;
    let end = sorted.length;
    const startingAfter = formText(params.starting_after);
    const endingBefore = formText(params.ending_before);
    if (startingAfter) {
      const at = sorted.findIndex((o) => o.id === startingAfter);
      if (at < 0)
        return invalid(`Invalid starting_after: no object with id '${startingAfter}' in this list`, {
          param: 'starting_after',
        });
      start = at + 1;
    } else if (endingBefore) {
      const at = sorted.findIndex((o) => o.id === endingBefore);
      if (at < 0)
        return invalid(`Invalid ending_before: no object with id '${endingBefore}' in this list`, {
          param: 'ending_before',
        });
      end = at;
      start = Math.max(0, end - limit);
    }
    const page = sorted.slice(start, Math.min(end, start + limit));
    const dataExpand = expand.filter((p) => p.startsWith('data.')).map((p) => p.slice(5));
    return {
      status: 200,
      body: { object: 'list', data: page.map((o) => this.expand(o, dataExpand)), has_more: start + page.length < end, url },
    };
  }

  private search(url: string, objects: StripeRecord[], params: Record<string, unknown>, expand: string[]): GatewayResponse {
    let matches: (o: object) => boolean;
    try {
      matches = parseSearchQuery(String(params.query));
    } catch (error) {
      return invalid((error as Error).message, { param: 'query' });
    }
    const limit = Number(params.limit ?? 10);
    if (limit < 1 || limit > 100) return invalid('Invalid limit: must be between 1 and 100', { param: 'limit' });
    const pageToken = formText(params.page);
    const offset = pageToken ? Number(Buffer.from(pageToken, 'base64url').toString('utf8')) : 0;
    if (!Number.isInteger(offset) || offset < 0)
      return invalid('Invalid page: the page token is not one this API returned', { param: 'page' });
    const hits = objects.filter(matches).sort((a, b) => b.created - a.created || (b.id < a.id ? -1 : 1));
    const page = hits.slice(offset, offset + limit);
    const hasMore = offset + limit < hits.length;
    const dataExpand = expand.filter((p) => p.startsWith('data.')).map((p) => p.slice(5));
    return {
      status: 200,
      body: {
        object: 'search_result',
        data: page.map((o) => this.expand(o, dataExpand)),
        has_more: hasMore,
        next_page: hasMore ? Buffer.from(String(offset + limit)).toString('base64url') : null,
        url,
      },
    };
  }

  private update(
    object: PaymentIntent | Charge | undefined,
    kind: string,
    param: string,
    id: string,
    params: Record<string, unknown>,
    expand: string[],
  ): GatewayResponse {
    if (!object) return noSuch(kind, id, param);
    const emulated = new Set(['shipping', 'metadata', 'description', 'receipt_email', 'expand']);
    const other = Object.keys(params).find((k) => !emulated.has(k));
    if (other)
      return invalid(`The sandbox does not emulate updating ${other} (it emulates shipping, metadata, description, receipt_email).`, {
        param: other,
      });
    if ('shipping' in params) {
      const shipping = params.shipping as Parameters<typeof shippingOf>[0] | string;
      // `shipping=""` unsets; an object replaces the whole hash (name and address were required by the spec check).
      object.shipping = typeof shipping === 'string' ? null : shippingOf(shipping);
    }
    if ('metadata' in params) object.metadata = mergeMetadata(object.metadata, params.metadata as Record<string, string> | string);
    if ('description' in params) object.description = formText(params.description) || null;
    if ('receipt_email' in params) object.receipt_email = formText(params.receipt_email) || null;
    return { status: 200, body: this.expand(object, expand) };
  }

  private updateDispute(id: string, params: Record<string, unknown>, expand: string[]): GatewayResponse {
    const dispute = this.disputes.get(id);
    if (!dispute) return noSuch('dispute', id, 'dispute');
    if (!['warning_needs_response', 'needs_response'].includes(dispute.status)) {
      return invalid(
        `This dispute is already closed or its evidence has been submitted (status: ${dispute.status}); its evidence can no longer be updated.`,
        { code: 'charge_dispute_already_closed' },
      );
    }
    if (params.evidence && typeof params.evidence === 'object') Object.assign(dispute.evidence, params.evidence);
    if ('metadata' in params) dispute.metadata = mergeMetadata(dispute.metadata, params.metadata as Record<string, string> | string);
    // submit defaults to true: updating evidence without submit=false sends it to the bank.
    if (params.submit !== 'false') {
      dispute.status = dispute.status === 'warning_needs_response' ? 'warning_under_review' : 'under_review';
      dispute.evidence_details.submission_count += 1;
      dispute.evidence_details.has_evidence = true;
    }
    return { status: 200, body: this.expand(dispute, expand) };
  }

  private createEndpoint(params: Record<string, unknown>): GatewayResponse {
    if (this.webhookEndpoints.size >= WEBHOOK_ENDPOINT_CAP) {
      return invalid(`You have reached the maximum of ${WEBHOOK_ENDPOINT_CAP} test webhook endpoints. Delete one before adding another.`, {
        param: 'url',
      });
    }
    const endpoint: WebhookEndpoint = {
      id: `we_${randomId(24)}`,
      object: 'webhook_endpoint',
      api_version: formText(params.api_version) ?? null,
      application: null,
      created: unixSeconds(this.ctx.clock),
      description: params.description ?? null,
      // The spec check required both: `url` a string, `enabled_events` a list of event type strings.
      enabled_events: params.enabled_events as string[],
      livemode: false,
      metadata: typeof params.metadata === 'object' ? params.metadata : {},
      secret: `whsec_${randomBytes(24).toString('base64url')}`,
      status: 'enabled',
      url: params.url as string,
    };
    this.webhookEndpoints.set(endpoint.id, endpoint);
    return { status: 200, body: endpoint };
  }

  private listEvents(params: Record<string, unknown>): GatewayResponse {
    const type = formText(params.type);
    const types = (params.types as string[] | undefined) ?? (type ? [type] : undefined);
    if (params.types && params.type) return invalid('You may pass either `type` or `types`, but not both.', { param: 'types' });
    if (types && types.length > 20) return invalid('You may pass at most 20 event types in `types`.', { param: 'types' });
    const matchesType = (event: StripeEvent) =>
      !types || types.some((t) => (t.endsWith('*') ? event.type.startsWith(t.slice(0, -1)) : event.type === t));
    const thirtyDaysAgo = unixSeconds(this.ctx.clock) - 30 * 86400;
    return this.list(
      '/v1/events',
      this.events.filter((e) => e.created >= thirtyDaysAgo),
      params,
      [],
      matchesType,
    );
  }

  // ------------------------------------------------------------------------------------------------ state changes

  private refund(charge: Charge, amount: number, created: number): void {
    charge.amount_refunded = Math.min(charge.amount, charge.amount_refunded + amount);
    charge.refunded = charge.amount_refunded === charge.amount;
    charge.refunds.data.unshift({
      id: `re_${randomId(24)}`,
      object: 'refund',
      amount,
      charge: charge.id,
      created,
      currency: charge.currency,
      payment_intent: charge.payment_intent,
      reason: 'requested_by_customer',
      status: 'succeeded',
    });
    charge.refunds.total_count = charge.refunds.data.length;
    this.recordEvent('charge.refunded', charge, created);
  }

  private openDispute(charge: Charge, reason: string, created: number): Dispute {
    const dispute: Dispute = {
      id: `du_${charge.id.slice(3)}`,
      object: 'dispute',
      amount: charge.amount,
      balance_transactions: [],
      charge: charge.id,
      created,
      currency: charge.currency,
      evidence: Object.fromEntries(DISPUTE_EVIDENCE_FIELDS.map((f) => [f, null])),
      evidence_details: { due_by: created + 7 * 86400, has_evidence: false, past_due: false, submission_count: 0 },
      is_charge_refundable: false,
      livemode: false,
      metadata: {},
      payment_intent: charge.payment_intent,
      reason,
      status: 'needs_response',
    };
    this.disputes.set(dispute.id, dispute);
    charge.disputed = true;
    this.recordEvent('charge.dispute.created', dispute, created);
    return dispute;
  }

  private recordEvent(type: string, object: StripeRecord, created = unixSeconds(this.ctx.clock)): StripeEvent {
    const event: StripeEvent = {
      id: `evt_${randomId(24)}`,
      object: 'event',
      api_version: SANDBOX_STRIPE_API_VERSION,
      created,
      data: { object: structuredClone(object) },
      livemode: false,
      pending_webhooks: 0,
      request: { id: null, idempotency_key: null },
      type,
    };
    this.events.push(event);
    return event;
  }

  /** `pay`, `refund`, `dispute` or a real event type: changes the payment and delivers the event. */
  async adminEvent(id: string, input: AdminEventInput): Promise<AdminEventResult> {
    const intent =
      this.paymentIntents.get(id) ??
      this.paymentIntents.get(this.charges.get(id)?.payment_intent ?? this.sessions.get(id)?.payment_intent ?? '');
    if (!intent) return { status: 404, body: { error: `no Stripe payment ${id} in the sandbox` } };
    const charge = intent.latest_charge ? this.charges.get(intent.latest_charge) : undefined;
    const now = unixSeconds(this.ctx.clock);
    const fail = (error: string): AdminEventResult => ({ status: 409, body: { error } });
    const events: StripeEvent[] = [];
    const type =
      { pay: 'payment_intent.succeeded', refund: 'charge.refunded', dispute: 'charge.dispute.created' }[input.type] ?? input.type;
    switch (type) {
      case 'payment_intent.succeeded': {
        if (intent.status === 'succeeded' || intent.status === 'canceled') return fail(`${id} is already ${intent.status}`);
        intent.status = 'succeeded';
        intent.amount_received = intent.amount;
        const paid =
          charge ??
          this.newCharge(intent, `ch_${randomId(24)}`, now, {
            email: intent.receipt_email,
            name: intent.shipping?.name ?? null,
            address: intent.shipping?.address ?? address(),
          });
        Object.assign(paid, { status: 'succeeded', paid: true, captured: true, amount_captured: intent.amount });
        events.push(this.recordEvent('charge.succeeded', paid), this.recordEvent('payment_intent.succeeded', intent));
        break;
      }
      case 'payment_intent.processing':
      case 'payment_intent.canceled':
      case 'payment_intent.payment_failed': {
        if (intent.status === 'succeeded') return fail(`${id} has already succeeded`);
        intent.status = {
          'payment_intent.processing': 'processing',
          'payment_intent.canceled': 'canceled',
          'payment_intent.payment_failed': 'requires_payment_method',
        }[type];
        if (type === 'payment_intent.payment_failed')
          intent.last_payment_error = {
            type: 'card_error',
            code: 'card_declined',
            decline_code: 'generic_decline',
            message: 'Your card was declined.',
          };
        events.push(this.recordEvent(type, intent));
        break;
      }
      case 'charge.refunded': {
        if (!charge || charge.status !== 'succeeded') return fail(`${id} has no successful charge to refund`);
        const remaining = charge.amount - charge.amount_refunded;
        if (remaining <= 0) return fail(`${charge.id} is already fully refunded`);
        this.refund(charge, Math.min(input.amount ?? remaining, remaining), now);
        events.push(this.events[this.events.length - 1]!);
        break;
      }
      case 'charge.dispute.created': {
        if (!charge || charge.status !== 'succeeded') return fail(`${id} has no successful charge to dispute`);
        if (charge.disputed) return fail(`${charge.id} is already disputed`);
        this.openDispute(charge, 'product_not_received', now);
        events.push(this.events[this.events.length - 1]!);
        break;
      }
      case 'charge.dispute.closed': {
        const dispute = [...this.disputes.values()].find((d) => d.charge === charge?.id);
        if (!dispute) return fail(`${id} has no dispute to close`);
        dispute.status = input.outcome === 'lost' ? 'lost' : 'won';
        events.push(this.recordEvent(type, dispute));
        break;
      }
      case 'checkout.session.completed': {
        const session = [...this.sessions.values()].find((s) => s.payment_intent === intent.id);
        if (!session) return fail(`${id} was not paid through Checkout`);
        events.push(this.recordEvent(type, session));
        break;
      }
      default:
        return {
          status: 400,
          body: {
            error: `unsupported event type ${input.type}: use pay, refund, dispute, payment_intent.(succeeded|processing|canceled|payment_failed), charge.refunded, charge.dispute.(created|closed), checkout.session.completed`,
          },
        };
    }
    const deliveries = await this.ctx.deliver(events.flatMap((event) => this.signedFor(event)));
    this.deliveries.push(...deliveries);
    return { status: 200, body: { object: this.expand(intent, ['latest_charge']), event: events[events.length - 1], deliveries } };
  }

  /** The Charge of a PaymentIntent (API reference example shape); succeeded when the intent has. */
  private newCharge(
    intent: PaymentIntent,
    id: string,
    created: number,
    billing: { email: string | null; name: string | null; address: ReturnType<typeof address> },
  ): Charge {
    const succeeded = intent.status === 'succeeded';
    const suffix = id.slice('ch_'.length);
    const charge: Charge = {
      id,
      object: 'charge',
      amount: intent.amount,
      amount_captured: succeeded ? intent.amount : 0,
      amount_refunded: 0,
      balance_transaction: `txn_${suffix}`,
      billing_details: { address: billing.address, email: billing.email, name: billing.name, phone: null },
      captured: succeeded,
      created,
      currency: intent.currency,
      customer: intent.customer,
      description: intent.description,
      disputed: false,
      livemode: false,
      metadata: {},
      paid: succeeded,
      payment_intent: intent.id,
      payment_method: intent.payment_method,
      payment_method_details: { card: { brand: 'visa', country: 'US', exp_month: 12, exp_year: 2030, last4: '4242' }, type: 'card' },
      receipt_email: intent.receipt_email,
      refunded: false,
      refunds: { object: 'list', data: [], has_more: false, total_count: 0, url: `/v1/charges/${id}/refunds` },
      shipping: structuredClone(intent.shipping),
      status: succeeded ? 'succeeded' : 'pending',
    };
    this.charges.set(id, charge);
    intent.latest_charge = id;
    return charge;
  }

  /** The event as each subscribed endpoint receives it: in the endpoint's API version, signed with its secret. */
  private signedFor(event: StripeEvent): SignedEvent[] {
    return [...this.webhookEndpoints.values()]
      .filter(
        (endpoint) =>
          endpoint.status === 'enabled' && (endpoint.enabled_events.includes('*') || endpoint.enabled_events.includes(event.type)),
      )
      .map((endpoint) => {
        const body = JSON.stringify({ ...event, api_version: endpoint.api_version ?? SANDBOX_STRIPE_API_VERSION }, null, 2);
        return {
          gateway: 'stripe' as const,
          eventId: event.id,
          eventType: event.type,
          url: endpoint.url,
          subscriberId: endpoint.id,
          body,
          headers: { 'stripe-signature': stripeSignatureHeader(body, endpoint.secret, unixSeconds(this.ctx.clock)) },
        };
      });
  }
}

/** Dispute evidence fields (spec `dispute_evidence`), all null until evidence is staged. */
const DISPUTE_EVIDENCE_FIELDS = [
  'access_activity_log',
  'billing_address',
  'cancellation_policy',
  'cancellation_policy_disclosure',
  'cancellation_rebuttal',
  'customer_communication',
  'customer_email_address',
  'customer_name',
  'customer_purchase_ip',
  'customer_signature',
  'duplicate_charge_documentation',
  'duplicate_charge_explanation',
  'duplicate_charge_id',
  'product_description',
  'receipt',
  'refund_policy',
  'refund_policy_disclosure',
  'refund_refusal_explanation',
  'service_date',
  'service_documentation',
  'shipping_address',
  'shipping_carrier',
  'shipping_date',
  'shipping_documentation',
  'shipping_tracking_number',
  'uncategorized_file',
  'uncategorized_text',
];

/** Metadata updates merge key by key; an empty value unsets a key, `metadata=""` unsets all (docs/gateways.md#metadata). */
function mergeMetadata(current: Record<string, string>, update: Record<string, string> | string): Record<string, string> {
  if (update === '') return {};
  const merged = { ...current };
  for (const [key, value] of Object.entries(update)) {
    if (value === '') delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

/** A JSON value `field:value` compares as text: objects and lists match no value. */
const isScalar = (value: unknown): value is string | number | boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/** `node?.[key]` over JSON: a member of an object (arrays included), undefined for anything else. */
const member = (node: unknown, key: string): unknown =>
  typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;

/**
 * Stripe Search query language, the part the app uses (https://stripe.com/docs/search): clauses `field:value`,
 * `field~value` (substring), `field>n` / `<` / `>=` / `<=`, a leading `-` negates, `metadata['key']`, dotted
 * fields (`billing_details.email`), values quoted with ' or ", `null`; joined by spaces/AND, or by OR (not both).
 */
export function parseSearchQuery(query: string): (object: object) => boolean {
  const clause =
    /\s*(-?)(metadata\[(?:'[^']*'|"[^"]*")\]|[a-z_][a-z0-9_.]*)(:|~|>=|<=|>|<)('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^\s'"]+)\s*/iy;
  const clauses: Array<{ negate: boolean; field: string; op: string; value: string | null }> = [];
  const joins: string[] = [];
  let at = 0;
  while (at < query.length) {
    clause.lastIndex = at;
    const m = clause.exec(query);
    if (!m)
      throw new Error(
        `Invalid search query: could not parse '${query.slice(at)}'. See https://stripe.com/docs/search#search-query-language.`,
      );
    const raw = m[4]!;
    clauses.push({
      negate: m[1] === '-',
      field: m[2]!,
      op: m[3]!,
      value: /^['"]/.test(raw) ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw === 'null' ? null : raw,
    });
    at = clause.lastIndex;
    const join = /(AND|OR)\s+/y;
    join.lastIndex = at;
    const j = join.exec(query);
    if (j) {
      joins.push(j[1]!);
      at = join.lastIndex;
    } else if (at < query.length) joins.push('AND');
  }
  if (clauses.length === 0) throw new Error('Invalid search query: the query is empty.');
  if (new Set(joins).size > 1) throw new Error('Invalid search query: AND and OR cannot be mixed in one query.');
  const read = (object: object, field: string): unknown => {
    const meta = /^metadata\[['"](.*)['"]\]$/.exec(field);
    if (meta) return member(member(object, 'metadata'), meta[1]!);
    return field.split('.').reduce<unknown>(member, object);
  };
  const test = (object: object, c: (typeof clauses)[number]): boolean => {
    const actual = read(object, c.field);
    let result: boolean;
    if (c.value === null) result = actual === undefined || actual === null;
    else if (c.op === ':') result = isScalar(actual) && String(actual).toLowerCase() === c.value.toLowerCase();
    else if (c.op === '~') result = typeof actual === 'string' && actual.toLowerCase().includes(c.value.toLowerCase());
    else {
      const [a, b] = [Number(actual), Number(c.value)];
      result = { '>': a > b, '<': a < b, '>=': a >= b, '<=': a <= b }[c.op]!;
    }
    return c.negate ? !result : result;
  };
  const any = joins[0] === 'OR';
  return (object) => (any ? clauses.some((c) => test(object, c)) : clauses.every((c) => test(object, c)));
}
