/**
 * OpenAPI request conformance for the Stripe and PayPal endpoints, shared by the tests (requests captured by
 * nock) and the sandbox (every request it serves). A request the official spec says the real API rejects fails.
 *
 *   checkRequest(req: SpecRequest): ConformanceResult
 *     { ok, gateway, operationId?, template?, errors: string[] (readable), issues: ConformanceIssue[] (structured) }
 *   assertConformsToSpec(req: SpecRequest): ConformanceResult   throws SpecConformanceError listing every problem
 *   matchOperation(method, path, gateway?): RouteMatch | undefined   spec operation + path params for a request
 *   decodeStripeForm(body): Record<string, unknown>   flat bracketed form keys → nested objects/arrays
 *   SPEC_DEFECTS   the one table of known spec defects and how the checker corrects each
 *
 * Specs: Stripe `specs/stripe-subset.lite.json` (its request definitions are byte-identical to the full subset's
 * — only response objects differ — and it loads in half the time); PayPal `specs/paypal/*.json`. Two endpoints
 * the app uses are in neither and are described by hand below (PayPal token, Stripe account).
 * Validators are compiled lazily per operation and cached; spec files are read on first use.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export type Gateway = 'stripe' | 'paypal';

export interface SpecRequest {
  method: string;
  /** Path (`/v1/charges/ch_1`), optionally with `?query`, or an absolute URL (its host then names the gateway). */
  path: string;
  query?: string | URLSearchParams | Record<string, string | string[] | undefined>;
  headers?: Record<string, string | string[] | undefined>;
  /** Raw body string, a Buffer, or an already parsed JSON value / flat form object. */
  body?: unknown;
  contentType?: string;
  /** Forces the gateway; otherwise it comes from the URL's host or the path. */
  gateway?: Gateway;
}

export interface ConformanceIssue {
  in: 'route' | 'path' | 'query' | 'header' | 'body';
  /** missing: a required value is absent; unknown: not in the spec; invalid: fails the schema; malformed: cannot be parsed. */
  problem: 'not_found' | 'method_not_allowed' | 'missing' | 'unknown' | 'invalid' | 'malformed' | 'unsupported_media_type' | 'unauthorized';
  /** The parameter in the gateway's own notation: Stripe `shipping[address][line1]`, PayPal JSON pointer `/items/0/sku`. */
  param?: string;
  /** JSON Schema keyword that failed (`required`, `type`, `enum`, `pattern`, `maxLength`, …) when there is one. */
  keyword?: string;
  /** The offending value, for `invalid` (as received: Stripe form values are strings). */
  value?: unknown;
  message: string;
}

export interface ConformanceResult {
  ok: boolean;
  gateway: Gateway;
  operationId?: string;
  /** The spec's path template, e.g. `/v2/checkout/orders/{id}/track`. */
  template?: string;
  errors: string[];
  issues: ConformanceIssue[];
}

export interface RouteMatch {
  gateway: Gateway;
  operationId: string;
  template: string;
  pathParams: Record<string, string>;
}

export class SpecConformanceError extends Error {
  constructor(
    readonly result: ConformanceResult,
    request: string,
  ) {
    super(`${request} does not conform to the ${result.gateway} spec:\n  - ${result.errors.join('\n  - ')}`);
    this.name = 'SpecConformanceError';
  }
}

/** The repository root: the nearest folder above this file with `specs/paypal` (also when run from a build dir). */
export function repoRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'specs', 'paypal'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no specs/ folder above ${from}`);
  }
}

const SPECS_DIR = join(repoRoot(), 'specs');

// ---------------------------------------------------------------------------------------------------------------
// Known spec defects: the one place where the checker departs from the vendored specs, each with its reason.
// ---------------------------------------------------------------------------------------------------------------

type OpenApiDoc = { paths: Record<string, Record<string, unknown>>; components?: Record<string, Record<string, unknown>> };

export interface SpecDefect {
  spec: string;
  where: string;
  defect: string;
  reason: string;
  correct: (doc: OpenApiDoc) => void;
}

const readLines = (file: string): string[] =>
  readFileSync(join(SPECS_DIR, file), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

const unionEnum = (schema: { enum?: unknown[] }, extra: string[]): void => {
  schema.enum = [...new Set([...(schema.enum ?? []), ...extra])];
};

/** A spec object (schema, parameter, property list) that a correction reads or changes; `enum` as JSON Schema has it. */
interface SpecNode {
  enum?: unknown[];
  [keyword: string]: unknown;
}

function schemaAt(doc: OpenApiDoc, pointer: string): SpecNode {
  const found = pointer
    .split('/')
    .slice(1)
    .reduce<unknown>(
      (node, key) => (node && typeof node === 'object' ? (node as SpecNode)[key.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined),
      doc,
    );
  if (!found || typeof found !== 'object') throw new Error(`spec defect table points at nothing: ${pointer}`);
  return found as SpecNode;
}

export const SPEC_DEFECTS: readonly SpecDefect[] = [
  {
    spec: 'paypal/checkout_orders_v2.json',
    where: 'POST /v2/checkout/orders/{id}/track body (order_tracker_request)',
    defect: 'allOf[shipment_tracker, …] makes transaction_id and status required',
    reason:
      'PayPal docs example and SDK 2.5.0 OrderTrackerRequest send only capture_id (required), tracking_number, carrier, carrier_name_other, notify_payer, items',
    correct: (doc) => {
      const allOf = schemaAt(doc, '/components/schemas/order_tracker_request/allOf');
      const { tracking_number, carrier, carrier_name_other } = schemaAt(doc, '/components/schemas/shipment_tracker/properties');
      allOf[0] = { properties: { tracking_number, carrier, carrier_name_other } };
    },
  },
  {
    spec: 'paypal/checkout_orders_v2.json',
    where: 'components.schemas.shipment_carrier.enum',
    defect: 'lacks OTHER (which the carrier_name_other description prescribes) and 145 codes the API accepts',
    reason:
      'accept the union with @paypal/paypal-server-sdk 2.5.0 ShipmentCarrier (specs/paypal-carriers.sdk-2.5.0.txt, 1413 codes incl. OTHER)',
    correct: (doc) => unionEnum(schemaAt(doc, '/components/schemas/shipment_carrier'), readLines('paypal-carriers.sdk-2.5.0.txt')),
  },
  {
    spec: 'paypal/shipping_shipment_tracking_v1.json',
    where: 'components.schemas.carrier.enum',
    defect: 'v1.6 enum (817 codes, no OTHER); the live v1.10 docs make carrier a free string',
    reason: 'accept at least the SDK 2.5.0 carrier codes, as for Orders v2',
    correct: (doc) => unionEnum(schemaAt(doc, '/components/schemas/carrier'), readLines('paypal-carriers.sdk-2.5.0.txt')),
  },
  {
    spec: 'paypal/notifications_webhooks_v1.json',
    where: 'GET /v1/notifications/webhooks-events/{event_id} (and /resend) path parameter',
    defect: 'pattern ^[a-zA-Z0-9]+$ rejects real event ids, which look like WH-2WR32451HC0233532-67976317FL4543714',
    reason: 'PayPal webhook event samples (developer.paypal.com/api/rest/webhooks/event-names/) carry WH-… ids with hyphens',
    correct: (doc) => {
      const parameter = schemaAt(doc, '/components/parameters/event_id');
      parameter.schema = { ...schemaAt(doc, '/components/parameters/event_id/schema'), pattern: '^[a-zA-Z0-9-]+$' };
    },
  },
  {
    spec: 'paypal/reporting_transactions_v1.json',
    where: 'servers[0].url',
    defect: 'servers already end in /v1/reporting and the paths start with /v1/reporting again',
    reason: 'requests go to host + path (/v1/reporting/transactions); the checker matches paths alone and ignores servers',
    correct: () => undefined,
  },
  {
    spec: 'stripe-subset.lite.json',
    where: 'POST /v1/webhook_endpoints enabled_events[] enum',
    defect: 'the 2023-08-16 spec lists 223 event types; the API (2026-10-28.endive) accepts 276',
    reason: 'accept the union with stripe@23.1.0 WebhookEndpointCreateParams.EnabledEvent (specs/stripe-webhook-enabled-events.txt)',
    correct: (doc) => {
      for (const template of ['/v1/webhook_endpoints', '/v1/webhook_endpoints/{webhook_endpoint}']) {
        const items = schemaAt(
          doc,
          `/paths/${template.replace(/\//g, '~1')}/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/enabled_events/items`,
        );
        unionEnum(items, readLines('stripe-webhook-enabled-events.txt'));
      }
    },
  },
  {
    spec: 'stripe-subset.lite.json',
    where: 'POST /v1/webhook_endpoints api_version enum',
    defect: 'the enum stops at 2023-08-16; newer versions such as 2026-10-28.endive (stripe@23.1.0) are valid',
    reason: 'accept any dated API version, YYYY-MM-DD with an optional .release name',
    correct: (doc) => {
      const properties = schemaAt(
        doc,
        '/paths/~1v1~1webhook_endpoints/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties',
      );
      properties.api_version = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}(\\.[a-z]+)?$' };
    },
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Endpoints the app uses that are in none of the vendored specs, described by hand in the same OpenAPI form.
// ---------------------------------------------------------------------------------------------------------------

const FORM = 'application/x-www-form-urlencoded';

/** https://developer.paypal.com/api/rest/authentication/ and SDK oAuthAuthorizationController.ts. */
const PAYPAL_BY_HAND: OpenApiDoc = {
  paths: {
    '/v1/oauth2/token': {
      post: {
        operationId: 'oauth2.token',
        'x-auth': 'basic',
        requestBody: {
          required: true,
          content: {
            [FORM]: {
              schema: {
                type: 'object',
                required: ['grant_type'],
                properties: {
                  grant_type: { type: 'string', enum: ['client_credentials'] },
                  response_type: { type: 'string' },
                  ignoreCache: { type: 'boolean' },
                  return_authn_schemes: { type: 'boolean' },
                  return_client_metadata: { type: 'boolean' },
                  return_unconsented_scopes: { type: 'boolean' },
                  target_subject: { type: 'string' },
                },
              },
            },
          },
        },
      },
    },
  },
};

/** https://docs.stripe.com/api/accounts/retrieve (GET /v1/account: the key's own account; only `expand[]`). */
const STRIPE_BY_HAND: OpenApiDoc = {
  paths: {
    '/v1/account': {
      get: {
        operationId: 'GetAccount',
        parameters: [
          {
            in: 'query',
            name: 'expand',
            required: false,
            style: 'deepObject',
            explode: true,
            schema: { type: 'array', items: { type: 'string', maxLength: 5000 } },
          },
        ],
      },
    },
  },
};

interface SpecSource {
  key: string;
  gateway: Gateway;
  file?: string;
  inline?: OpenApiDoc;
}

const SOURCES: SpecSource[] = [
  { key: 'stripe', gateway: 'stripe', file: 'stripe-subset.lite.json' },
  { key: 'stripe-by-hand', gateway: 'stripe', inline: STRIPE_BY_HAND },
  { key: 'paypal/checkout_orders_v2.json', gateway: 'paypal', file: 'paypal/checkout_orders_v2.json' },
  { key: 'paypal/payments_payment_v2.json', gateway: 'paypal', file: 'paypal/payments_payment_v2.json' },
  { key: 'paypal/shipping_shipment_tracking_v1.json', gateway: 'paypal', file: 'paypal/shipping_shipment_tracking_v1.json' },
  { key: 'paypal/notifications_webhooks_v1.json', gateway: 'paypal', file: 'paypal/notifications_webhooks_v1.json' },
  { key: 'paypal/reporting_transactions_v1.json', gateway: 'paypal', file: 'paypal/reporting_transactions_v1.json' },
  { key: 'paypal-by-hand', gateway: 'paypal', inline: PAYPAL_BY_HAND },
];

/** Path roots that belong to PayPal; every other path is Stripe's (used only to name the gateway of an unknown path). */
const PAYPAL_ROOTS = ['/v1/oauth2/', '/v2/', '/v1/notifications/', '/v1/shipping/', '/v1/reporting/', '/v1/identity/'];

// ---------------------------------------------------------------------------------------------------------------
// Loading: specs are read once, corrected, converted from OpenAPI 3.0 to JSON Schema and registered with ajv.
// ---------------------------------------------------------------------------------------------------------------

/** Stripe form/query values and every path/query/header value are strings: this instance coerces them. */
// unicodeRegExp off: PayPal's patterns are written for Java regexes (its email pattern is invalid with the `u` flag).
const AJV_OPTIONS = { strict: false, allErrors: true, validateSchema: false, logger: false, unicodeRegExp: false } as const;
const coercing = new Ajv({ ...AJV_OPTIONS, coerceTypes: true });
/** PayPal JSON bodies keep their JSON types: `"true"` is not a boolean there. */
const exact = new Ajv(AJV_OPTIONS);
for (const ajv of [coercing, exact]) addFormats(ajv);

const loadedDocs = new Map<string, OpenApiDoc>();
/** An absolute id per spec, so the `$ref`s made absolute by prepare() never resolve relative to one another. */
const schemaId = (source: SpecSource): string => `https://specs.invalid/${source.key}`;

/** Makes `$ref`s absolute (so any sub-schema compiles alone), maps `nullable`, and declares vendor formats as known. */
function prepare(node: unknown, key: string): void {
  if (Array.isArray(node)) return node.forEach((child) => prepare(child, key));
  if (!node || typeof node !== 'object') return;
  const schema = node as Record<string, unknown>;
  if (typeof schema.$ref === 'string' && schema.$ref.startsWith('#')) schema.$ref = `${key}${schema.$ref}`;
  if (schema.nullable === true && typeof schema.type === 'string') schema.type = [schema.type, 'null'];
  if (typeof schema.format === 'string') {
    // Vendor formats (ppaas_date_time_v3, unix-time, decimal, …) carry no rule beyond their pattern/type.
    for (const ajv of [coercing, exact]) if (!ajv.formats[schema.format]) ajv.addFormat(schema.format, true);
  }
  Object.values(schema).forEach((child) => prepare(child, key));
}

function loadDoc(source: SpecSource): OpenApiDoc {
  let doc = loadedDocs.get(source.key);
  if (doc) return doc;
  doc = source.file ? (JSON.parse(readFileSync(join(SPECS_DIR, source.file), 'utf8')) as OpenApiDoc) : structuredClone(source.inline!);
  for (const defect of SPEC_DEFECTS) if (source.file === defect.spec) defect.correct(doc);
  prepare(doc, schemaId(source));
  for (const ajv of [coercing, exact]) ajv.addSchema(doc, schemaId(source));
  loadedDocs.set(source.key, doc);
  return doc;
}

function resolve<T>(doc: OpenApiDoc, value: T, source: SpecSource): T {
  const ref = (value as { $ref?: string } | undefined)?.$ref;
  const id = schemaId(source);
  return ref && ref.startsWith(`${id}#`) ? (schemaAt(doc, ref.slice(id.length + 1)) as T) : value;
}

// ---------------------------------------------------------------------------------------------------------------
// Routing: path templates → operations, literal segments first (`/v1/charges/search` before `/v1/charges/{charge}`).
// ---------------------------------------------------------------------------------------------------------------

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: object;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: object }> };
  'x-auth'?: 'basic';
}

interface Route {
  gateway: Gateway;
  source: SpecSource;
  template: string;
  regex: RegExp;
  names: string[];
  literals: number;
  operations: Record<string, Operation>;
}

const routesByGateway = new Map<Gateway, Route[]>();
const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function routes(gateway: Gateway): Route[] {
  let list = routesByGateway.get(gateway);
  if (list) return list;
  list = [];
  for (const source of SOURCES.filter((s) => s.gateway === gateway)) {
    const doc = loadDoc(source);
    for (const [template, item] of Object.entries(doc.paths)) {
      const shared = ((item as { parameters?: Parameter[] }).parameters ?? []).map((p) => resolve(doc, p, source));
      const operations: Record<string, Operation> = {};
      for (const method of HTTP_METHODS) {
        const operation = item[method] as Operation | undefined;
        if (!operation) continue;
        const own = (operation.parameters ?? []).map((p) => resolve(doc, p, source));
        const merged = [...shared.filter((p) => !own.some((o) => o.name === p.name && o.in === p.in)), ...own];
        operations[method] = { ...operation, parameters: merged };
      }
      const names: string[] = [];
      const segments = template.split('/').map((segment) => {
        const param = /^\{(.+)\}$/.exec(segment);
        if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(param[1]!);
        return '([^/]+)';
      });
      list.push({
        gateway,
        source,
        template,
        regex: new RegExp(`^${segments.join('/')}/?$`),
        names,
        literals: template.split('/').length - names.length,
        operations,
      });
    }
  }
  list.sort((a, b) => b.literals - a.literals);
  routesByGateway.set(gateway, list);
  return list;
}

interface ParsedTarget {
  gateway: Gateway;
  path: string;
  search: string;
}

function parseTarget(rawPath: string, forced?: Gateway): ParsedTarget {
  const url = new URL(rawPath, 'http://relative.invalid');
  const host = url.host === 'relative.invalid' ? '' : url.hostname;
  const path = url.pathname;
  const gateway: Gateway =
    forced ??
    (/(^|\.)paypal\.com$/.test(host)
      ? 'paypal'
      : /(^|\.)stripe\.com$/.test(host)
        ? 'stripe'
        : PAYPAL_ROOTS.some((root) => path.startsWith(root))
          ? 'paypal'
          : 'stripe');
  return { gateway, path, search: url.search };
}

function findRoute(gateway: Gateway, path: string): { route: Route; values: string[] } | undefined {
  for (const route of routes(gateway)) {
    const match = route.regex.exec(path);
    if (match) return { route, values: match.slice(1) };
  }
  return undefined;
}

export function matchOperation(method: string, rawPath: string, gateway?: Gateway): RouteMatch | undefined {
  const target = parseTarget(rawPath, gateway);
  const found = findRoute(target.gateway, target.path);
  const operation = found?.route.operations[method.toLowerCase()];
  if (!found || !operation) return undefined;
  const pathParams = Object.fromEntries(found.route.names.map((name, i) => [name, safeDecode(found.values[i]!)]));
  return { gateway: target.gateway, operationId: operation.operationId, template: found.route.template, pathParams };
}

const safeDecode = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

// ---------------------------------------------------------------------------------------------------------------
// Stripe form decoding: `shipping[address][line1]=x&enabled_events[]=a&items[0][sku]=s` → nested objects/arrays.
// ---------------------------------------------------------------------------------------------------------------

class FormDecodeError extends Error {}

const setOwn = (target: Record<string, unknown>, key: string, value: unknown): void => {
  // defineProperty: a key such as `__proto__` becomes an ordinary own property, never the prototype.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
};

/** Objects whose keys are exactly 0..n-1 become arrays (`a[]=x` and `a[0]=x` are the same to Stripe). */
function arraysFromIndexedObjects(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, arraysFromIndexedObjects(v)] as const);
  const indexed = entries.length > 0 && entries.every(([k], i) => k === String(i));
  if (indexed) return entries.map(([, v]) => v);
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) setOwn(out, k, v);
  return out;
}

const APPEND = Symbol('append');

export function decodeStripeForm(
  input: string | URLSearchParams | Record<string, unknown> | Iterable<[string, string]>,
): Record<string, unknown> {
  const pairs: Array<[string, unknown]> =
    typeof input === 'string'
      ? [...new URLSearchParams(input)]
      : input instanceof URLSearchParams
        ? [...input]
        : Symbol.iterator in (input as object)
          ? [...(input as Iterable<[string, string]>)]
          : Object.entries(input as Record<string, unknown>);
  const root: Record<string, unknown> = {};
  for (const [flatKey, value] of pairs) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(flatKey);
    if (!match) throw new FormDecodeError(`Invalid parameter name: ${flatKey}`);
    const segments: Array<string | typeof APPEND> = [
      match[1]!,
      ...[...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => (m[1] === '' ? APPEND : m[1]!)),
    ];
    let node = root;
    segments.forEach((segment, i) => {
      const key = segment === APPEND ? String(Object.keys(node).length) : segment;
      const last = i === segments.length - 1;
      const existing = Object.prototype.hasOwnProperty.call(node, key) ? node[key] : undefined;
      if (last) {
        if (existing !== undefined && typeof existing === 'object' && existing !== null)
          throw new FormDecodeError(`Invalid hash: ${flatKey} is also given as a hash`);
        // A nested value given as an already nested object (a parsed form body) is kept as is.
        setOwn(
          node,
          key,
          Array.isArray(value) || typeof value !== 'object' || value === null ? value : decodeStripeForm(value as Record<string, unknown>),
        );
        return;
      }
      if (existing === undefined) setOwn(node, key, {});
      else if (typeof existing !== 'object' || existing === null)
        throw new FormDecodeError(`Invalid hash: ${flatKey} conflicts with a value given for the same name`);
      node = node[key] as Record<string, unknown>;
    });
  }
  return arraysFromIndexedObjects(root) as Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------------------------

interface CompiledOperation {
  params: ValidateFunction;
  headerNames: string[];
  bodies: Map<string, ValidateFunction | null>;
}

const compiled = new WeakMap<Operation, CompiledOperation>();

function compileOperation(route: Route, operation: Operation): CompiledOperation {
  let entry = compiled.get(operation);
  if (entry) return entry;
  const group = (where: Parameter['in'], closed: boolean) => {
    const params = (operation.parameters ?? []).filter((p) => p.in === where);
    const name = (p: Parameter) => (where === 'header' ? p.name.toLowerCase() : p.name);
    return {
      type: 'object',
      properties: Object.fromEntries(params.map((p) => [name(p), p.schema ?? {}])),
      // Headers are checked only when present: a captured request may lack ones the transport adds later.
      required: where === 'header' ? [] : params.filter((p) => p.required || where === 'path').map(name),
      additionalProperties: !closed,
    };
  };
  // Stripe rejects unknown query parameters ("Received unknown parameter"); PayPal ignores them.
  const params = coercing.compile({
    type: 'object',
    properties: { path: group('path', false), query: group('query', route.gateway === 'stripe'), header: group('header', false) },
  });
  const headerNames = (operation.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name.toLowerCase());
  entry = { params, headerNames, bodies: new Map() };
  compiled.set(operation, entry);
  return entry;
}

function bodyValidator(entry: CompiledOperation, operation: Operation, mediaType: string): ValidateFunction | null {
  if (entry.bodies.has(mediaType)) return entry.bodies.get(mediaType)!;
  const schema = operation.requestBody?.content[mediaType]?.schema;
  const validate = schema ? (mediaType === FORM ? coercing : exact).compile(schema) : null;
  entry.bodies.set(mediaType, validate);
  return validate;
}

/** Drops the noise of anyOf/oneOf: the branches that failed only on type/enum when another branch got further. */
function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  const drop = new Set<ErrorObject>();
  for (const combinator of errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')) {
    const branches = errors.filter((e) => e !== combinator && e.schemaPath.startsWith(`${combinator.schemaPath}/`));
    const shallow = (e: ErrorObject) => e.instancePath === combinator.instancePath && ['type', 'enum', 'const'].includes(e.keyword);
    const deep = branches.filter((e) => !shallow(e));
    if (deep.length > 0) branches.filter(shallow).forEach((e) => drop.add(e));
    if (branches.length > 0) drop.add(combinator);
  }
  return errors.filter((e) => !drop.has(e));
}

const pointerParts = (pointer: string): string[] =>
  pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));

const paramName = (gateway: Gateway, parts: string[]): string =>
  gateway === 'stripe' ? parts.map((part, i) => (i === 0 ? part : `[${part}]`)).join('') : `/${parts.join('/')}`;

function describe(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known parameter';
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]) ?? [];
      const shown = allowed
        .slice(0, 8)
        .map((v) => JSON.stringify(v))
        .join(', ');
      return `must be one of ${shown}${allowed.length > 8 ? `, … (${allowed.length} values)` : ''}`;
    }
    case 'pattern':
      return `must match pattern ${String(p.pattern)}`;
    default:
      return error.message ?? error.keyword;
  }
}

function toIssues(
  gateway: Gateway,
  where: ConformanceIssue['in'],
  errors: ErrorObject[],
  data: unknown,
  stripPrefix = 0,
): ConformanceIssue[] {
  return relevantErrors(errors).map((error) => {
    const p = error.params as Record<string, string>;
    let parts = pointerParts(error.instancePath).slice(stripPrefix);
    if (error.keyword === 'required') parts = [...parts, p.missingProperty!];
    if (error.keyword === 'additionalProperties') parts = [...parts, p.additionalProperty!];
    // Path, query and header parameters go by their plain names; body fields in the gateway's notation.
    const param = parts.length === 0 ? undefined : where === 'body' ? paramName(gateway, parts) : parts.join('.');
    const problem: ConformanceIssue['problem'] =
      error.keyword === 'required' ? 'missing' : error.keyword === 'additionalProperties' ? 'unknown' : 'invalid';
    const value =
      error.keyword === 'required' || error.keyword === 'additionalProperties'
        ? undefined
        : valueAt(data, pointerParts(error.instancePath).slice(stripPrefix));
    const shownValue = value === undefined || typeof value === 'object' ? '' : ` (${JSON.stringify(value).slice(0, 60)})`;
    return {
      in: where,
      problem,
      param,
      keyword: error.keyword,
      value,
      message: `${where} ${param ?? '(whole)'}${shownValue}: ${describe(error)}`,
    };
  });
}

const valueAt = (data: unknown, parts: string[]): unknown =>
  parts.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), data);

function lowerCaseHeaders(headers: SpecRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {}))
    if (value !== undefined) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

function queryPairs(target: ParsedTarget, query: SpecRequest['query']): Array<[string, string]> {
  const pairs: Array<[string, string]> = [...new URLSearchParams(target.search)];
  if (typeof query === 'string') pairs.push(...new URLSearchParams(query));
  else if (query instanceof URLSearchParams) pairs.push(...query);
  else
    for (const [k, v] of Object.entries(query ?? {}))
      for (const item of Array.isArray(v) ? v : v === undefined ? [] : [v]) pairs.push([k, item]);
  return pairs;
}

function plainQuery(pairs: Array<[string, string]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of pairs) {
    const prior = out[k];
    setOwn(out, k, prior === undefined ? v : Array.isArray(prior) ? [...prior, v] : [prior, v]);
  }
  return out;
}

function rawBody(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body.toString('utf8');
  return undefined;
}

function checkAuth(gateway: Gateway, operation: Operation, headers: Record<string, string>): ConformanceIssue[] {
  const auth = headers.authorization;
  const wanted = operation['x-auth'] === 'basic' ? ['Basic'] : gateway === 'stripe' ? ['Bearer', 'Basic'] : ['Bearer'];
  if (auth && wanted.some((scheme) => auth.startsWith(`${scheme} `))) return [];
  return [
    {
      in: 'header',
      problem: 'unauthorized',
      param: 'Authorization',
      message: `header Authorization: ${auth ? 'wrong scheme' : 'is missing'}, expected ${wanted.join(' or ')} credentials`,
    },
  ];
}

export function checkRequest(req: SpecRequest): ConformanceResult {
  const target = parseTarget(req.path, req.gateway);
  const { gateway } = target;
  const method = req.method.toLowerCase();
  const fail = (issues: ConformanceIssue[], extra: Partial<ConformanceResult> = {}): ConformanceResult => ({
    ok: issues.length === 0,
    gateway,
    ...extra,
    errors: issues.map((i) => i.message),
    issues,
  });

  const found = findRoute(gateway, target.path);
  if (!found) return fail([{ in: 'route', problem: 'not_found', message: `no ${gateway} operation has the path ${target.path}` }]);
  const { route, values } = found;
  const operation = route.operations[method];
  if (!operation) {
    const allowed = Object.keys(route.operations)
      .map((m) => m.toUpperCase())
      .join(', ');
    return fail(
      [
        {
          in: 'route',
          problem: 'method_not_allowed',
          message: `${req.method.toUpperCase()} is not an operation of ${route.template} (the spec has ${allowed})`,
        },
      ],
      { template: route.template },
    );
  }
  const meta = { operationId: operation.operationId, template: route.template };
  const issues: ConformanceIssue[] = [];
  const headers = lowerCaseHeaders(req.headers);
  if (req.headers) issues.push(...checkAuth(gateway, operation, headers));

  // Path, query and header parameters, all strings on the wire, validated in one pass with coercion.
  const pairs = queryPairs(target, req.query);
  let query: Record<string, unknown>;
  try {
    query = gateway === 'stripe' ? decodeStripeForm(pairs) : plainQuery(pairs);
  } catch (error) {
    issues.push({ in: 'query', problem: 'malformed', message: `query: ${(error as Error).message}` });
    query = {};
  }
  const entry = compileOperation(route, operation);
  const params = {
    path: Object.fromEntries(route.names.map((name, i) => [name, safeDecode(values[i]!)])),
    query,
    header: Object.fromEntries(entry.headerNames.filter((h) => h in headers).map((h) => [h, headers[h]])),
  };
  if (!entry.params(params)) {
    for (const where of ['path', 'query', 'header'] as const) {
      const own = entry.params.errors!.filter((e) => e.instancePath === `/${where}` || e.instancePath.startsWith(`/${where}/`));
      issues.push(...toIssues(gateway, where, own, params[where], 1));
    }
  }

  // Body: decoded by media type, then validated against the operation's requestBody schema.
  const text = rawBody(req.body);
  const hasBody = text !== undefined ? text.length > 0 : req.body !== undefined && req.body !== null;
  const declared = Object.keys(operation.requestBody?.content ?? {});
  const contentType = (req.contentType ?? headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  // Stripe's GET operations declare an empty form body; the real API takes their parameters in the query.
  const takesBody = declared.length > 0 && !(gateway === 'stripe' && method === 'get');
  if (!hasBody) {
    if (takesBody && operation.requestBody?.required) issues.push({ in: 'body', problem: 'missing', message: 'body: is required' });
    return fail(issues, meta);
  }
  if (!takesBody)
    return fail(
      [...issues, { in: 'body', problem: 'unknown', message: `body: ${req.method.toUpperCase()} ${route.template} takes no request body` }],
      meta,
    );
  const mediaType =
    contentType ||
    (text === undefined ? declared[0]! : text.trimStart().startsWith('{') || text.trimStart().startsWith('[') ? 'application/json' : FORM);
  if (!declared.includes(mediaType)) {
    return fail(
      [
        ...issues,
        {
          in: 'header',
          problem: 'unsupported_media_type',
          param: 'Content-Type',
          message: `header Content-Type: ${mediaType} is not accepted (the spec has ${declared.join(', ')})`,
        },
      ],
      meta,
    );
  }
  let body: unknown;
  try {
    body =
      mediaType === FORM
        ? decodeStripeForm(text ?? (req.body as Record<string, unknown>))
        : text !== undefined
          ? JSON.parse(text)
          : structuredClone(req.body);
  } catch (error) {
    return fail(
      [...issues, { in: 'body', problem: 'malformed', message: `body: cannot be parsed as ${mediaType}: ${(error as Error).message}` }],
      meta,
    );
  }
  const validate = bodyValidator(entry, operation, mediaType);
  if (validate && !validate(body)) issues.push(...toIssues(gateway, 'body', validate.errors!, body));
  return fail(issues, meta);
}

export function assertConformsToSpec(req: SpecRequest): ConformanceResult {
  const result = checkRequest(req);
  if (!result.ok) throw new SpecConformanceError(result, `${req.method.toUpperCase()} ${req.path}`);
  return result;
}
