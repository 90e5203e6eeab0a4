import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import {
  assertConformsToSpec,
  checkRequest,
  decodeStripeForm,
  matchOperation,
  SPEC_DEFECTS,
  SpecConformanceError,
  type SpecRequest,
} from '../../sandbox/conformance';

const specs = join(__dirname, '..', '..', 'specs');
const spec = (file: string) => JSON.parse(readFileSync(join(specs, file), 'utf8'));
const jsonExample = (file: string, template: string, method: string, name: string) =>
  spec(file).paths[template][method].requestBody.content['application/json'].examples[name].value;

// IDs below are the ones used in the specs' and docs' own examples.
const ORDER = '5O190127TN364715T'; // checkout_orders_v2.json examples
const CAPTURE = '8MC585209K746392H'; // developer.paypal.com/api/orders/v2/orders-track-create example
const TRACKER = '8MC585209K746392H443844607820'; // same page: tracker id in the response
const form = (pairs: Record<string, string | string[]>) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(pairs)) for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
  return params.toString();
};

describe('well-formed requests for every endpoint the app uses conform', () => {
  const paypal: Array<[string, SpecRequest]> = [
    [
      'token (by hand)',
      {
        method: 'POST',
        path: '/v1/oauth2/token',
        body: 'grant_type=client_credentials',
        contentType: 'application/x-www-form-urlencoded',
        headers: { Authorization: 'Basic Y2xpZW50OnNlY3JldA==' },
      },
    ],
    ['get order', { method: 'GET', path: `/v2/checkout/orders/${ORDER}` }],
    [
      'track (docs example body)',
      {
        method: 'POST',
        path: `https://api-m.sandbox.paypal.com/v2/checkout/orders/${ORDER}/track`,
        headers: { Authorization: 'Bearer A21AAF', 'Content-Type': 'application/json' },
        body: JSON.stringify({
          capture_id: CAPTURE,
          tracking_number: '443844607820',
          carrier: 'FEDEX',
          notify_payer: false,
          items: [{ name: 'T-Shirt', sku: 'sku02', quantity: '1' }],
        }),
      },
    ],
    [
      'track with OTHER carrier',
      {
        method: 'POST',
        path: `/v2/checkout/orders/${ORDER}/track`,
        body: { capture_id: CAPTURE, tracking_number: 'AB123', carrier: 'OTHER', carrier_name_other: 'Local Courier' },
      },
    ],
    [
      'track with an SDK-only carrier',
      {
        method: 'POST',
        path: `/v2/checkout/orders/${ORDER}/track`,
        body: { capture_id: CAPTURE, tracking_number: 'AB123', carrier: sdkOnlyCarrier() },
      },
    ],
    [
      'cancel tracker',
      {
        method: 'PATCH',
        path: `/v2/checkout/orders/${ORDER}/trackers/${TRACKER}`,
        contentType: 'application/json',
        body: '[{"op":"replace","path":"/status","value":"CANCELLED"}]',
      },
    ],
    ['get capture', { method: 'GET', path: `/v2/payments/captures/${CAPTURE}` }],
    ['list v1 trackers', { method: 'GET', path: '/v1/shipping/trackers', query: { transaction_id: CAPTURE } }],
    [
      'create webhook (spec example)',
      {
        method: 'POST',
        path: '/v1/notifications/webhooks',
        body: jsonExample('paypal/notifications_webhooks_v1.json', '/v1/notifications/webhooks', 'post', 'webhook'),
      },
    ],
    ['list webhooks', { method: 'GET', path: '/v1/notifications/webhooks?anchor_type=APPLICATION' }],
    ['delete webhook', { method: 'DELETE', path: '/v1/notifications/webhooks/0EH40505U7160970P' }],
    [
      'verify signature (spec example, real cert URL)',
      { method: 'POST', path: '/v1/notifications/verify-webhook-signature', body: verifyExampleWithCertUrl() },
    ],
    [
      'list webhook events',
      {
        method: 'GET',
        path: '/v1/notifications/webhooks-events?page_size=10&event_type=PAYMENT.CAPTURE.COMPLETED&start_time=2026-11-01T00:00:00Z',
      },
    ],
    ['get webhook event (WH- id)', { method: 'GET', path: '/v1/notifications/webhooks-events/WH-2WR32451HC0233532-67976317FL4543714' }],
    [
      'transaction search',
      {
        method: 'GET',
        path: '/v1/reporting/transactions?start_date=2026-11-01T00:00:00Z&end_date=2026-11-30T23:59:59Z&fields=all&page_size=100&page=1&transaction_id=8MC585209K746392H',
      },
    ],
  ];
  const stripe: Array<[string, SpecRequest]> = [
    ['account (by hand)', { method: 'GET', path: 'https://api.stripe.com/v1/account', headers: { Authorization: 'Bearer sk_test_x' } }],
    ['get payment intent', { method: 'GET', path: '/v1/payment_intents/pi_3MtwBwLkdIwHu7ix28a3tqPa?expand[]=latest_charge' }],
    [
      'update payment intent shipping (flat bracketed form encoding)',
      {
        method: 'POST',
        path: '/v1/payment_intents/pi_3MtwBwLkdIwHu7ix28a3tqPa',
        contentType: 'application/x-www-form-urlencoded',
        body: 'shipping[carrier]=UPS&shipping[tracking_number]=1Z999&shipping[name]=Jane&shipping[address][line1]=1%20Main&metadata[order_id]=6735',
      },
    ],
    [
      'list payment intents',
      { method: 'GET', path: '/v1/payment_intents', query: { limit: '100', 'created[gte]': '1700000000', starting_after: 'pi_1' } },
    ],
    [
      'search payment intents',
      {
        method: 'GET',
        path: '/v1/payment_intents/search',
        query: { query: "metadata['order_id']:'6735' AND status:'succeeded'", limit: '10' },
      },
    ],
    ['get charge', { method: 'GET', path: '/v1/charges/ch_3MmlLrLkdIwHu7ix0snN0B15' }],
    [
      'update charge shipping',
      {
        method: 'POST',
        path: '/v1/charges/ch_1',
        body: form({ 'shipping[name]': 'Jane', 'shipping[address][line1]': '1 Main', 'shipping[tracking_number]': '1Z999' }),
      },
    ],
    ['search charges', { method: 'GET', path: "/v1/charges/search?query=billing_details.email%3A'ann%40example.com'" }],
    ['get checkout session', { method: 'GET', path: '/v1/checkout/sessions/cs_test_a1b2', query: { 'expand[]': 'payment_intent' } }],
    ['get dispute', { method: 'GET', path: '/v1/disputes/du_1MtJUT2eZvKYlo2CNaw2HvEv' }],
    [
      'stage dispute evidence',
      {
        method: 'POST',
        path: '/v1/disputes/du_1',
        body: form({ 'evidence[shipping_tracking_number]': '1Z999', 'evidence[shipping_carrier]': 'UPS', submit: 'false' }),
      },
    ],
    [
      'create webhook endpoint',
      {
        method: 'POST',
        path: '/v1/webhook_endpoints',
        body: form({
          url: 'https://hooks.zapier.com/x',
          'enabled_events[]': ['payment_intent.succeeded', 'charge.refunded', 'charge.dispute.created'],
          api_version: '2026-10-28.endive',
        }),
      },
    ],
    ['delete webhook endpoint', { method: 'DELETE', path: '/v1/webhook_endpoints/we_1Mr5jULkdIwHu7ix1ibLTM0x' }],
    [
      'list events',
      {
        method: 'GET',
        path: '/v1/events?types[]=payment_intent.succeeded&types[]=charge.refunded&created[gt]=1700000000&limit=100&starting_after=evt_1',
      },
    ],
    ['get event', { method: 'GET', path: '/v1/events/evt_1NG8Du2eZvKYlo2CcCnGWmdQ' }],
  ];

  it.each(paypal)('PayPal: %s', (_name, req) => {
    expect(assertConformsToSpec(req)).toMatchObject({ ok: true, gateway: 'paypal', errors: [] });
  });
  it.each(stripe)('Stripe: %s', (_name, req) => {
    expect(assertConformsToSpec(req)).toMatchObject({ ok: true, gateway: 'stripe', errors: [] });
  });
});

/** The spec example has the placeholder `"cert_url": "cert_url"`; the docs example's URL is a real one. */
function verifyExampleWithCertUrl() {
  const example = jsonExample(
    'paypal/notifications_webhooks_v1.json',
    '/v1/notifications/verify-webhook-signature',
    'post',
    'verify_webhook_signature',
  );
  // developer.paypal.com/docs/api/webhooks/v1/#verify-webhook-signature_post (request sample)
  return { ...example, cert_url: 'https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77' };
}

function sdkOnlyCarrier(): string {
  const inSpec = new Set(readFileSync(join(specs, 'paypal-carriers.txt'), 'utf8').split('\n'));
  const sdkOnly = readFileSync(join(specs, 'paypal-carriers.sdk-2.5.0.txt'), 'utf8')
    .split('\n')
    .filter((c) => c && c !== 'OTHER' && !inSpec.has(c));
  return sdkOnly[0]!;
}

describe('every JSON request example in the PayPal specs conforms', () => {
  const cases: Array<[string, SpecRequest]> = [];
  for (const file of ['checkout_orders_v2', 'notifications_webhooks_v1', 'payments_payment_v2']) {
    const doc = spec(`paypal/${file}.json`);
    for (const [template, item] of Object.entries<any>(doc.paths)) {
      for (const [method, operation] of Object.entries<any>(item)) {
        for (const [name, example] of Object.entries<any>(operation.requestBody?.content?.['application/json']?.examples ?? {})) {
          const path = template.replace(/\{[^}]+\}/g, ORDER);
          // The only placeholder value in the examples: a URL field holding the text "cert_url".
          const body = name === 'verify_webhook_signature' ? verifyExampleWithCertUrl() : example.value;
          cases.push([`${method.toUpperCase()} ${template} ${name}`, { method, path, body }]);
        }
      }
    }
  }
  it.each(cases)('%s', (_name, req) => expect(checkRequest(req).errors).toEqual([]));
});

describe('requests the real API would reject fail with a useful message', () => {
  const fails = (req: SpecRequest, ...expected: RegExp[]) => {
    const result = checkRequest(req);
    expect(result.ok).toBe(false);
    for (const pattern of expected) expect(result.errors.join('\n')).toMatch(pattern);
    return result;
  };

  it('unknown path, for each gateway', () => {
    expect(
      fails({ method: 'GET', path: '/v2/checkout/orders-list' }, /no paypal operation has the path \/v2\/checkout\/orders-list/),
    ).toMatchObject({ gateway: 'paypal' });
    expect(fails({ method: 'GET', path: '/v1/payment_links/plink_1' }, /no stripe operation/)).toMatchObject({ gateway: 'stripe' });
  });

  it('a method the path does not have', () => {
    fails(
      { method: 'DELETE', path: `/v2/checkout/orders/${ORDER}` },
      /DELETE is not an operation of \/v2\/checkout\/orders\/\{id\} \(the spec has GET, PATCH\)/,
    );
  });

  it('a PayPal order id outside ^[A-Z0-9]+$', () => {
    const result = fails(
      { method: 'GET', path: '/v2/checkout/orders/5o19-0127' },
      /path id \("5o19-0127"\): must match pattern \^\[A-Z0-9\]\+\$/,
    );
    expect(result.issues[0]).toMatchObject({ in: 'path', param: 'id', keyword: 'pattern', problem: 'invalid' });
  });

  it('PayPal track without capture_id (the only required field)', () => {
    const result = fails(
      { method: 'POST', path: `/v2/checkout/orders/${ORDER}/track`, body: { tracking_number: '443844607820', carrier: 'FEDEX' } },
      /body \/capture_id: is required/,
    );
    expect(result.issues).toEqual([expect.objectContaining({ in: 'body', problem: 'missing', param: '/capture_id', keyword: 'required' })]);
  });

  it('PayPal track: unknown carrier, wrong type, over-long number', () => {
    fails(
      {
        method: 'POST',
        path: `/v2/checkout/orders/${ORDER}/track`,
        body: { capture_id: CAPTURE, carrier: 'ACME_POST', notify_payer: 'true', tracking_number: 'x'.repeat(65) },
      },
      /body \/carrier \("ACME_POST"\): must be one of/,
      /body \/notify_payer \("true"\): must be boolean/,
      /body \/tracking_number .*must NOT have more than 64 characters/,
    );
  });

  it('PayPal track body that is not JSON', () => {
    fails(
      { method: 'POST', path: `/v2/checkout/orders/${ORDER}/track`, contentType: 'application/json', body: '{"capture_id":' },
      /body: cannot be parsed as application\/json/,
    );
  });

  it('PayPal webhook without event_types; token without grant_type or with Bearer auth', () => {
    fails(
      { method: 'POST', path: '/v1/notifications/webhooks', body: { url: 'https://example.com/hook' } },
      /body \/event_types: is required/,
    );
    fails(
      { method: 'POST', path: '/v1/oauth2/token', body: 'grant_type=password' },
      /body \/grant_type \("password"\): must be one of "client_credentials"/,
    );
    fails(
      { method: 'POST', path: '/v1/oauth2/token', body: 'grant_type=client_credentials', headers: { authorization: 'Bearer x' } },
      /Authorization: wrong scheme, expected Basic/,
    );
  });

  it('Transaction Search without its required dates or with page_size over 500', () => {
    fails(
      { method: 'GET', path: '/v1/reporting/transactions?page_size=501' },
      /query start_date: is required/,
      /query end_date: is required/,
      /query page_size \(501\): must be <= 500/,
    );
  });

  it('Stripe shipping without name (or address) is refused like the API does', () => {
    const result = fails(
      {
        method: 'POST',
        path: '/v1/payment_intents/pi_1',
        body: 'shipping[carrier]=UPS&shipping[tracking_number]=1Z999&shipping[address][line1]=1 Main',
      },
      /body shipping\[name\]: is required/,
    );
    expect(result.issues).toEqual([expect.objectContaining({ problem: 'missing', param: 'shipping[name]' })]);
  });

  it('Stripe: wrong type, unknown parameter, unknown enum value', () => {
    fails(
      { method: 'POST', path: '/v1/payment_intents/pi_1', body: 'amount=ten&foo=1' },
      /body amount \("ten"\): must be integer/,
      /body foo: is not a known parameter/,
    );
    fails(
      { method: 'POST', path: '/v1/webhook_endpoints', body: 'url=https://x.example/h&enabled_events[]=payment_intent.updated' },
      /body enabled_events\[0\] \("payment_intent.updated"\): must be one of/,
    );
    fails({ method: 'POST', path: '/v1/disputes/du_1', body: 'submit=maybe' }, /body submit \("maybe"\): must be boolean/);
  });

  it('Stripe query: unknown parameter, wrong type, missing search query', () => {
    fails(
      { method: 'GET', path: '/v1/events?limit=ten&order=desc' },
      /query limit \("ten"\): must be integer/,
      /query order: is not a known parameter/,
    );
    fails({ method: 'GET', path: '/v1/payment_intents/search' }, /query query: is required/);
  });

  it('a body on an operation that takes none, and a wrong media type', () => {
    fails({ method: 'GET', path: '/v1/account', body: 'expand[]=settings' }, /GET \/v1\/account takes no request body/);
    fails(
      { method: 'POST', path: '/v1/payment_intents/pi_1', contentType: 'application/json', body: '{"metadata":{}}' },
      /Content-Type: application\/json is not accepted \(the spec has application\/x-www-form-urlencoded\)/,
    );
  });

  it('assertConformsToSpec throws a readable error listing every problem', () => {
    expect(() => assertConformsToSpec({ method: 'POST', path: `/v2/checkout/orders/bad-id/track`, body: {} })).toThrow(
      SpecConformanceError,
    );
    expect(() => assertConformsToSpec({ method: 'POST', path: `/v2/checkout/orders/bad-id/track`, body: {} })).toThrow(
      /POST \/v2\/checkout\/orders\/bad-id\/track does not conform to the paypal spec:\n {2}- path id .*\n {2}- body \/capture_id: is required/,
    );
  });
});

describe('spec defects are corrected, each in the one table', () => {
  it('lists each defect with a reason', () => {
    expect(SPEC_DEFECTS.map((d) => d.where)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('/track'),
        expect.stringContaining('shipment_carrier'),
        expect.stringContaining('servers'),
        expect.stringContaining('event_id'),
      ]),
    );
    for (const defect of SPEC_DEFECTS) expect(defect.reason.length).toBeGreaterThan(20);
  });

  it('the uncorrected spec really does require transaction_id and status on /track and lacks OTHER', () => {
    const orders = spec('paypal/checkout_orders_v2.json');
    expect(orders.components.schemas.order_tracker_request.allOf[0].$ref).toBe('#/components/schemas/shipment_tracker');
    expect(orders.components.schemas.shipment_tracker.required).toEqual(['transaction_id', 'status']);
    expect(orders.components.schemas.shipment_carrier.enum).not.toContain('OTHER');
  });

  it('reporting paths are matched without the servers prefix', () => {
    expect(matchOperation('GET', '/v1/reporting/transactions')).toMatchObject({ gateway: 'paypal', operationId: 'search.get' });
    expect(matchOperation('GET', '/v1/reporting/v1/reporting/transactions')).toBeUndefined();
  });
});

describe('matchOperation', () => {
  it('prefers literal segments and decodes path parameters', () => {
    expect(matchOperation('GET', '/v1/payment_intents/search')).toMatchObject({
      operationId: 'GetPaymentIntentsSearch',
      template: '/v1/payment_intents/search',
    });
    expect(matchOperation('GET', '/v1/charges/ch_1%20x')).toEqual({
      gateway: 'stripe',
      operationId: 'GetChargesCharge',
      template: '/v1/charges/{charge}',
      pathParams: { charge: 'ch_1 x' },
    });
    expect(matchOperation('PATCH', `https://api-m.paypal.com/v2/checkout/orders/${ORDER}/trackers/${TRACKER}`)).toMatchObject({
      gateway: 'paypal',
      template: '/v2/checkout/orders/{id}/trackers/{tracker_id}',
      pathParams: { id: ORDER, tracker_id: TRACKER },
    });
  });
});

describe('decodeStripeForm', () => {
  it('nests bracketed keys, turns [] and [0] into arrays, keeps values as strings', () => {
    expect(
      decodeStripeForm(
        'shipping[address][line1]=1%20Main&shipping[name]=Jane&enabled_events[]=a&enabled_events[]=b&items[0][sku]=s1&items[1][sku]=s2&metadata[order_id]=6735&submit=false',
      ),
    ).toEqual({
      shipping: { address: { line1: '1 Main' }, name: 'Jane' },
      enabled_events: ['a', 'b'],
      items: [{ sku: 's1' }, { sku: 's2' }],
      metadata: { order_id: '6735' },
      submit: 'false',
    });
  });

  it('accepts a flat object and never writes the prototype', () => {
    const decoded = decodeStripeForm({ 'metadata[__proto__]': 'x', 'shipping[name]': 'Jane' });
    expect(Object.getPrototypeOf(decoded.metadata)).toBe(Object.prototype);
    expect(Object.keys(decoded.metadata as object)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('refuses a name given both as a value and as a hash', () => {
    expect(() => decodeStripeForm('shipping=&shipping[name]=Jane')).toThrow(/Invalid hash/);
  });
});

describe('validator cache', () => {
  it('compiles an operation once: repeated checks of the same request compile nothing', () => {
    const req: SpecRequest = {
      method: 'POST',
      path: `/v2/checkout/orders/${ORDER}/track`,
      body: { capture_id: CAPTURE, carrier: 'USPS', tracking_number: '9400' },
    };
    checkRequest(req);
    const compile = jest.spyOn(Ajv.prototype, 'compile');
    for (let i = 0; i < 50; i++) checkRequest(req);
    expect(compile).not.toHaveBeenCalled();
    compile.mockRestore();
  });
});
