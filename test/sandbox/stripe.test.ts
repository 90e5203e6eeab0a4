import { maskKey, parseSearchQuery } from '../../sandbox/stripe';
import { startClient, type Client } from './helpers';

let c: Client;
beforeAll(async () => {
  c = await startClient();
});
afterAll(() => c.sandbox.close());
beforeEach(() => c.sandbox.reset());

const json = async (response: Response) => ({ status: response.status, body: (await response.json()) as any, headers: response.headers });

describe('Stripe auth', () => {
  it('refuses a wrong key with 401, masking it like Stripe', async () => {
    const wrong = 'sk_test_51WrongKeyWrongKeyWrongKeyWrongKey9876';
    const { status, body } = await json(await c.stripe('/v1/account', { headers: { authorization: `Bearer ${wrong}` } }));
    expect(status).toBe(401);
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/^Invalid API Key provided: sk_test_\*+9876$/);
    expect(body.error.message).not.toContain('WrongKey');
  });

  it('refuses a missing key with 401', async () => {
    const response = await fetch(`${c.sandbox.stripeBase}/v1/account`);
    expect(response.status).toBe(401);
    expect(((await response.json()) as any).error.message).toMatch(/You did not provide an API key/);
  });

  it('masks short keys entirely', () => {
    expect(maskKey('sk_test_abc')).toBe('sk_test_****');
  });
});

describe('Stripe reads', () => {
  it('GET /v1/account', async () => {
    const { status, body } = await json(await c.stripe('/v1/account'));
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: c.sandbox.credentials.stripeAccountId, object: 'account', charges_enabled: true });
  });

  it('GET a PaymentIntent with shipping and metadata, expanding latest_charge', async () => {
    const { status, body } = await json(await c.stripe('/v1/payment_intents/pi_3SbxShip0000000001?expand[]=latest_charge'));
    expect(status).toBe(200);
    expect(body).toMatchObject({
      object: 'payment_intent',
      livemode: false,
      status: 'succeeded',
      metadata: { order_id: '1001', order_number: '#1001' },
      shipping: { name: 'Ann Lee', address: { line1: '510 Townsend St', country: 'US' }, tracking_number: null },
      latest_charge: { id: 'ch_3SbxShip0000000001', object: 'charge', payment_intent: 'pi_3SbxShip0000000001' },
    });
    expect(Number.isInteger(body.created)).toBe(true);
  });

  it('404 resource_missing for an unknown PaymentIntent', async () => {
    const { status, body } = await json(await c.stripe('/v1/payment_intents/pi_missing'));
    expect(status).toBe(404);
    expect(body.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'resource_missing',
      param: 'intent',
      message: "No such payment_intent: 'pi_missing'",
    });
  });

  it('lists PaymentIntents newest first with limit, created and starting_after', async () => {
    const first = await json(await c.stripe('/v1/payment_intents?limit=2'));
    expect(first.body).toMatchObject({ object: 'list', has_more: true, url: '/v1/payment_intents' });
    expect(first.body.data.map((p: any) => p.id)).toEqual(['pi_3SbxProcess000007', 'pi_3SbxYen000000005']);
    const next = await json(await c.stripe(`/v1/payment_intents?limit=100&starting_after=${first.body.data[1].id}`));
    expect(next.body.data).toHaveLength(5);
    expect(next.body.has_more).toBe(false);
    const since = first.body.data[1].created;
    const recent = await json(await c.stripe(`/v1/payment_intents?created[gte]=${since}`));
    expect(recent.body.data.map((p: any) => p.id)).toEqual(['pi_3SbxProcess000007', 'pi_3SbxYen000000005']);
  });

  it('searches PaymentIntents by metadata, status and created', async () => {
    const query = encodeURIComponent("metadata['order_id']:'1004' AND status:'succeeded'");
    const { body } = await json(await c.stripe(`/v1/payment_intents/search?query=${query}`));
    expect(body).toMatchObject({ object: 'search_result', has_more: false, next_page: null });
    expect(body.data.map((p: any) => p.id)).toEqual(['pi_3SbxDispute000004']);
    const processing = await json(await c.stripe(`/v1/payment_intents/search?query=${encodeURIComponent("status:'processing'")}`));
    expect(processing.body.data.map((p: any) => p.id)).toEqual(['pi_3SbxProcess000007']);
    const now = Math.floor(Date.now() / 1000);
    const recent = await json(
      await c.stripe(`/v1/payment_intents/search?query=${encodeURIComponent(`created>${now - 27 * 3600} status:'succeeded'`)}`),
    );
    expect(recent.body.data.map((p: any) => p.id)).toEqual(['pi_3SbxYen000000005']);
  });

  it('pages search results with next_page', async () => {
    const page1 = await json(await c.stripe(`/v1/payment_intents/search?limit=4&query=${encodeURIComponent("status:'succeeded'")}`));
    expect(page1.body.has_more).toBe(true);
    const page2 = await json(
      await c.stripe(`/v1/payment_intents/search?limit=4&page=${page1.body.next_page}&query=${encodeURIComponent("status:'succeeded'")}`),
    );
    expect([...page1.body.data, ...page2.body.data].map((p: any) => p.id).sort()).toHaveLength(6);
    expect(page2.body.has_more).toBe(false);
  });

  it('refuses a search query it cannot parse with 400 param query', async () => {
    const { status, body } = await json(
      await c.stripe(`/v1/payment_intents/search?query=${encodeURIComponent("status:'a' AND amount>1 OR currency:'usd'")}`),
    );
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ type: 'invalid_request_error', param: 'query' });
  });

  it('searches Charges by billing email', async () => {
    const { body } = await json(
      await c.stripe(`/v1/charges/search?query=${encodeURIComponent("billing_details.email:'dan@example.com'")}`),
    );
    expect(body.data.map((ch: any) => ch.id)).toEqual(['ch_3SbxDispute000004']);
    expect(body.data[0]).toMatchObject({ object: 'charge', disputed: true, payment_intent: 'pi_3SbxDispute000004' });
  });

  it('shows refunded and disputed charges and the open dispute', async () => {
    const refunded = await json(await c.stripe('/v1/charges/ch_3SbxRefund0000003'));
    expect(refunded.body).toMatchObject({ refunded: true, amount_refunded: 2500, refunds: { object: 'list', total_count: 1 } });
    const dispute = await json(await c.stripe('/v1/disputes/du_3SbxDispute000004'));
    expect(dispute.body).toMatchObject({
      object: 'dispute',
      status: 'needs_response',
      charge: 'ch_3SbxDispute000004',
      evidence: { shipping_tracking_number: null },
    });
  });

  it('GET a Checkout Session in the basil shape (collected_information.shipping_details)', async () => {
    const { body } = await json(await c.stripe('/v1/checkout/sessions/cs_test_3SbxCheckout00006'));
    expect(body).toMatchObject({
      object: 'checkout.session',
      payment_intent: 'pi_3SbxCheckout00006',
      collected_information: { shipping_details: { name: 'Fay Hart', address: { postal_code: 'SW1A 2AA', country: 'GB' } } },
    });
    expect(body).not.toHaveProperty('shipping_details');
  });
});

describe('Stripe writes', () => {
  it('updates PaymentIntent shipping with tracking as a whole hash and merges metadata', async () => {
    const { status, body } = await json(
      await c.stripe('/v1/payment_intents/pi_3SbxShip0000000001', {
        form: {
          'shipping[name]': 'Ann Lee',
          'shipping[address][line1]': '510 Townsend St',
          'shipping[address][city]': 'San Francisco',
          'shipping[carrier]': 'USPS',
          'shipping[tracking_number]': '9400111899223197428490',
          'metadata[tracked]': 'yes',
        },
      }),
    );
    expect(status).toBe(200);
    expect(body.shipping).toEqual({
      name: 'Ann Lee',
      address: { line1: '510 Townsend St', city: 'San Francisco', line2: null, state: null, postal_code: null, country: null },
      carrier: 'USPS',
      phone: null,
      tracking_number: '9400111899223197428490',
    });
    expect(body.metadata).toEqual({ order_id: '1001', order_number: '#1001', tracked: 'yes' });
    const reread = await json(await c.stripe('/v1/payment_intents/pi_3SbxShip0000000001'));
    expect(reread.body.shipping.tracking_number).toBe('9400111899223197428490');
  });

  it('refuses shipping without a name: 400 parameter_missing, nothing stored', async () => {
    const { status, body } = await json(
      await c.stripe('/v1/payment_intents/pi_3SbxNoShip00000002', {
        form: { 'shipping[address][line1]': '1 Main', 'shipping[tracking_number]': '1Z999' },
      }),
    );
    expect(status).toBe(400);
    expect(body.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'parameter_missing',
      param: 'shipping[name]',
      message: 'Missing required param: shipping[name].',
    });
    expect((await json(await c.stripe('/v1/payment_intents/pi_3SbxNoShip00000002'))).body.shipping).toBeNull();
  });

  it('refuses what the spec refuses: unknown parameter, wrong type, unknown URL', async () => {
    const unknown = await json(await c.stripe('/v1/payment_intents/pi_3SbxShip0000000001', { form: { tracking_number: '1Z' } }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({
      code: 'parameter_unknown',
      param: 'tracking_number',
      message: 'Received unknown parameter: tracking_number',
    });
    const wrongType = await json(await c.stripe('/v1/events?limit=ten'));
    expect(wrongType.body.error).toMatchObject({ code: 'parameter_invalid_integer', param: 'limit', message: 'Invalid integer: ten' });
    const url = await json(await c.stripe('/v1/shipments/sh_1'));
    expect(url.status).toBe(404);
    expect(url.body.error.message).toMatch(/^Unrecognized request URL \(GET: \/v1\/shipments\/sh_1\)/);
  });

  it('stages dispute evidence with submit=false, then submits', async () => {
    const staged = await json(
      await c.stripe('/v1/disputes/du_3SbxDispute000004', {
        form: { 'evidence[shipping_tracking_number]': '1Z999', 'evidence[shipping_carrier]': 'UPS', submit: 'false' },
      }),
    );
    expect(staged.body).toMatchObject({
      status: 'needs_response',
      evidence: { shipping_tracking_number: '1Z999', shipping_carrier: 'UPS' },
      evidence_details: { submission_count: 0 },
    });
    const submitted = await json(await c.stripe('/v1/disputes/du_3SbxDispute000004', { form: { submit: 'true' } }));
    expect(submitted.body).toMatchObject({
      status: 'under_review',
      evidence: { shipping_tracking_number: '1Z999' },
      evidence_details: { submission_count: 1 },
    });
    const again = await json(await c.stripe('/v1/disputes/du_3SbxDispute000004', { form: { 'evidence[shipping_carrier]': 'USPS' } }));
    expect(again.status).toBe(400);
  });

  it('creates webhook endpoints with a secret shown only at creation, deletes them, caps at 16', async () => {
    const created = await json(
      await c.stripe('/v1/webhook_endpoints', {
        form: {
          url: 'https://hooks.example.com/1',
          'enabled_events[]': ['payment_intent.succeeded', 'charge.refunded'],
          api_version: '2026-10-28.endive',
        },
      }),
    );
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      object: 'webhook_endpoint',
      enabled_events: ['payment_intent.succeeded', 'charge.refunded'],
      status: 'enabled',
      api_version: '2026-10-28.endive',
    });
    expect(created.body.secret).toMatch(/^whsec_/);
    const read = await json(await c.stripe(`/v1/webhook_endpoints/${created.body.id}`));
    expect(read.body).not.toHaveProperty('secret');
    for (let i = 2; i <= 16; i++)
      expect(
        (await c.stripe('/v1/webhook_endpoints', { form: { url: `https://hooks.example.com/${i}`, 'enabled_events[]': '*' } })).status,
      ).toBe(200);
    const over = await json(
      await c.stripe('/v1/webhook_endpoints', { form: { url: 'https://hooks.example.com/17', 'enabled_events[]': '*' } }),
    );
    expect(over.status).toBe(400);
    expect(over.body.error).toMatchObject({ type: 'invalid_request_error' });
    expect(over.body.error.message).toMatch(/maximum of 16/);
    const deleted = await json(await c.stripe(`/v1/webhook_endpoints/${created.body.id}`, { method: 'DELETE' }));
    expect(deleted.body).toEqual({ id: created.body.id, object: 'webhook_endpoint', deleted: true });
    expect((await c.stripe(`/v1/webhook_endpoints/${created.body.id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('refuses an event type that does not exist (payment_intent.updated)', async () => {
    const { status, body } = await json(
      await c.stripe('/v1/webhook_endpoints', {
        form: { url: 'https://hooks.example.com/x', 'enabled_events[]': 'payment_intent.updated' },
      }),
    );
    expect(status).toBe(400);
    expect(body.error.param).toBe('enabled_events[0]');
  });
});

describe('Stripe Idempotency-Key', () => {
  const update = (key: string, tracking: string) =>
    c.stripe('/v1/payment_intents/pi_3SbxShip0000000001', {
      headers: { 'idempotency-key': key },
      form: { 'shipping[name]': 'Ann Lee', 'shipping[address][line1]': '510 Townsend St', 'shipping[tracking_number]': tracking },
    });

  it('replays the first result for the same key and parameters', async () => {
    const first = await update('key-1', 'AAA');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    await c.stripe('/v1/payment_intents/pi_3SbxShip0000000001', { form: { 'metadata[changed]': 'later' } });
    const replay = await update('key-1', 'AAA');
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(((await replay.json()) as any).metadata).not.toHaveProperty('changed');
  });

  it('answers 400 idempotency_error for the same key with other parameters', async () => {
    await update('key-2', 'AAA');
    const { status, body } = await json(await update('key-2', 'BBB'));
    expect(status).toBe(400);
    expect(body.error.type).toBe('idempotency_error');
  });

  it('replays errors too, once the endpoint ran', async () => {
    const missing = () => c.stripe('/v1/payment_intents/pi_nope', { headers: { 'idempotency-key': 'key-3' }, form: { description: 'x' } });
    expect((await missing()).status).toBe(404);
    const replay = await missing();
    expect(replay.status).toBe(404);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
  });
});

describe('Stripe events', () => {
  it('lists seeded events filtered by types[] and reads one', async () => {
    const { body } = await json(await c.stripe('/v1/events?types[]=charge.refunded&types[]=charge.dispute.created'));
    expect(body.object).toBe('list');
    expect(body.data.map((e: any) => e.type).sort()).toEqual(['charge.dispute.created', 'charge.refunded']);
    const one = await json(await c.stripe(`/v1/events/${body.data[0].id}`));
    expect(one.body).toMatchObject({
      object: 'event',
      livemode: false,
      api_version: '2026-10-28.endive',
      data: { object: { id: expect.any(String) } },
    });
  });

  it('filters by type wildcard and created', async () => {
    const { body } = await json(await c.stripe('/v1/events?type=payment_intent.*&limit=100'));
    expect(body.data.length).toBe(7);
    expect(body.data.every((e: any) => e.type.startsWith('payment_intent.'))).toBe(true);
    const newest = body.data[0].created;
    const after = await json(await c.stripe(`/v1/events?created[gt]=${newest}&type=payment_intent.*`));
    expect(after.body.data).toEqual([]);
  });
});

describe('parseSearchQuery', () => {
  const pi = {
    status: 'succeeded',
    amount: 1999,
    created: 100,
    metadata: { order_id: '1002' },
    billing_details: { email: 'Bob@Example.com' },
  };
  it.each([
    ["metadata['order_id']:'1002'", true],
    ['metadata["order_id"]:"1003"', false],
    ["status:'succeeded' AND amount>1000", true],
    ["status:'succeeded' amount<1000", false],
    ["-status:'canceled'", true],
    ["status:'canceled' OR amount>=1999", true],
    ["billing_details.email:'bob@example.com'", true],
    ["billing_details.email~'example'", true],
    ["metadata['missing']:null", true],
  ])('%s → %s', (query, expected) => expect(parseSearchQuery(query)(pi)).toBe(expected));
});
