import { startClient, type Client } from './helpers';

let c: Client;
beforeAll(async () => {
  c = await startClient();
});
afterAll(() => c.sandbox.close());
beforeEach(() => c.sandbox.reset());

const json = async (response: Response) => ({
  status: response.status,
  body: (response.status === 204 ? undefined : await response.json()) as any,
});

const ORDER = '5O190127TN364715T';
const CAPTURE = '8MC585209K746392H';
const MULTI = '9RX50338YV2108203'; // two captures, SKUs sku02 and sku03
const AUTHORIZED = '1AB23456CD789012E'; // intent AUTHORIZE, never captured
const APPROVED = '4HJ67890KL123456M'; // approved, not captured
const REFUNDED = '6PQ12345RS678901T'; // its capture 2GG279541U471931P is REFUNDED

describe('PayPal OAuth token', () => {
  it('mints a token with the scopes the app needs', async () => {
    const response = await fetch(`${c.sandbox.paypalBase}/v1/oauth2/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${c.sandbox.credentials.paypalClientId}:${c.sandbox.credentials.paypalClientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    const body = (await response.json()) as any;
    expect(response.status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['access_token', 'app_id', 'expires_in', 'nonce', 'scope', 'token_type']);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 32400, app_id: c.sandbox.credentials.paypalAppId });
    for (const scope of ['services/payments/payment', 'services/reporting/search/read', 'services/applications/webhooks'])
      expect(body.scope).toContain(`https://uri.paypal.com/${scope}`);
  });

  it('refuses a wrong client secret with 401 invalid_client', async () => {
    const response = await fetch(`${c.sandbox.paypalBase}/v1/oauth2/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${c.sandbox.credentials.paypalClientId}:wrong`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'invalid_client', error_description: 'Client Authentication failed' });
  });

  it('an expired token and an unknown token get 401 invalid_token', async () => {
    const token = await c.paypalToken();
    expect((await c.paypal(`/v2/checkout/orders/${ORDER}`, { token })).status).toBe(200);
    c.sandbox.advanceClock(32400);
    const expired = await json(await c.paypal(`/v2/checkout/orders/${ORDER}`, { token }));
    expect(expired).toEqual({ status: 401, body: { error: 'invalid_token', error_description: 'Access Token not found in cache' } });
    const unknown = await json(await c.paypal(`/v2/checkout/orders/${ORDER}`, { token: 'A21AAbogus' }));
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toBe('invalid_token');
  });

  it('honours a configured lifetime and scope; a token without the tracking scope gets 403', async () => {
    const limited = await startClient({ paypal: { tokenExpiresIn: 60, scope: 'https://uri.paypal.com/services/reporting/search/read' } });
    try {
      const token = await limited.paypalToken();
      const denied = await json(
        await limited.paypal(`/v2/checkout/orders/${ORDER}/track`, {
          token,
          json: { capture_id: CAPTURE, tracking_number: '1', carrier: 'UPS' },
        }),
      );
      expect(denied.status).toBe(403);
      expect(denied.body).toMatchObject({ name: 'NOT_AUTHORIZED', details: [{ issue: 'PERMISSION_DENIED' }] });
      limited.sandbox.advanceClock(61);
      expect((await limited.paypal(`/v2/checkout/orders/${ORDER}`, { token })).status).toBe(401);
    } finally {
      await limited.sandbox.close();
    }
  });
});

describe('PayPal orders and captures', () => {
  it('GET an order: captures, payer, shipping, invoice_id, links', async () => {
    const { status, body } = await json(await c.paypal(`/v2/checkout/orders/${ORDER}`));
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: ORDER,
      status: 'COMPLETED',
      payer: { email_address: 'hana@example.com' },
      purchase_units: [
        {
          invoice_id: 'INV-2001',
          shipping: { name: { full_name: 'Hana Kim' } },
          payments: { captures: [{ id: CAPTURE, status: 'COMPLETED', amount: { currency_code: 'USD', value: '25.00' } }] },
        },
      ],
    });
    expect(body.links[0]).toEqual({ href: `${c.sandbox.paypalBase}/v2/checkout/orders/${ORDER}`, rel: 'self', method: 'GET' });
  });

  it('404 RESOURCE_NOT_FOUND for an unknown order; 400 for an id the spec forbids', async () => {
    const missing = await json(await c.paypal('/v2/checkout/orders/0000000000000000X'));
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({
      name: 'RESOURCE_NOT_FOUND',
      details: [{ issue: 'INVALID_RESOURCE_ID' }],
      debug_id: expect.any(String),
    });
    const bad = await json(await c.paypal('/v2/checkout/orders/5o19-bad'));
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      name: 'INVALID_REQUEST',
      details: [{ field: 'id', location: 'path', issue: 'INVALID_PARAMETER_SYNTAX' }],
    });
  });

  it('GET a capture with its order id in supplementary_data.related_ids', async () => {
    const { body } = await json(await c.paypal(`/v2/payments/captures/${CAPTURE}`));
    expect(body).toMatchObject({
      id: CAPTURE,
      status: 'COMPLETED',
      invoice_id: 'INV-2001',
      supplementary_data: { related_ids: { order_id: ORDER } },
    });
    expect((await c.paypal('/v2/payments/captures/0VF52814937998046')).status).toBe(404); // an authorization id is not a capture
  });
});

describe('PayPal tracking', () => {
  const track = (order: string, body: unknown) => c.paypal(`/v2/checkout/orders/${order}/track`, { json: body });

  it('adds a tracker: 201 with the full order; the tracker appears in the order and, with its number, in Tracking v1', async () => {
    const added = await json(
      await track(ORDER, {
        capture_id: CAPTURE,
        tracking_number: '443844607820',
        carrier: 'FEDEX',
        notify_payer: false,
        items: [{ name: 'T-Shirt', sku: 'sku01', quantity: '1' }],
      }),
    );
    expect(added.status).toBe(201);
    const [tracker] = added.body.purchase_units[0].shipping.trackers;
    expect(tracker).toMatchObject({ id: `${CAPTURE}443844607820`, status: 'SHIPPED', items: [{ sku: 'sku01', quantity: '1' }] });
    expect(tracker).not.toHaveProperty('tracking_number');
    const order = await json(await c.paypal(`/v2/checkout/orders/${ORDER}`));
    expect(order.body.purchase_units[0].shipping.trackers).toHaveLength(1);
    const v1 = await json(await c.paypal(`/v1/shipping/trackers?transaction_id=${CAPTURE}`));
    expect(v1.body.trackers).toEqual([
      expect.objectContaining({ transaction_id: CAPTURE, tracking_number: '443844607820', carrier: 'FEDEX', status: 'SHIPPED' }),
    ]);
  });

  it('a repeated identical add answers 200 and keeps one tracker', async () => {
    const body = { capture_id: CAPTURE, tracking_number: '443844607820', carrier: 'FEDEX' };
    expect((await track(ORDER, body)).status).toBe(201);
    const again = await json(await track(ORDER, body));
    expect(again.status).toBe(200);
    expect(again.body.purchase_units[0].shipping.trackers).toHaveLength(1);
  });

  it('accepts OTHER with carrier_name_other; refuses OTHER without it', async () => {
    expect(
      (await track(ORDER, { capture_id: CAPTURE, tracking_number: 'LC1', carrier: 'OTHER', carrier_name_other: 'Local Courier' })).status,
    ).toBe(201);
    const missing = await json(await track(ORDER, { capture_id: CAPTURE, tracking_number: 'LC2', carrier: 'OTHER' }));
    expect(missing.status).toBe(400);
    expect(missing.body.details[0]).toMatchObject({ issue: 'MISSING_REQUIRED_PARAMETER', field: '/carrier_name_other' });
  });

  it('refuses a body the spec refuses: no capture_id, unknown carrier', async () => {
    const { status, body } = await json(await track(ORDER, { tracking_number: '1', carrier: 'ACME_POST' }));
    expect(status).toBe(400);
    expect(body.name).toBe('INVALID_REQUEST');
    expect(body.details.map((d: any) => [d.field, d.issue])).toEqual(
      expect.arrayContaining([
        ['/capture_id', 'MISSING_REQUIRED_PARAMETER'],
        ['/carrier', 'INVALID_PARAMETER_VALUE'],
      ]),
    );
  });

  it('422 CAPTURE_STATUS_NOT_VALID for uncaptured orders and refunded captures', async () => {
    for (const [order, capture] of [
      [AUTHORIZED, '0VF52814937998046'],
      [APPROVED, 'ABCDEFGHIJ1234567'],
      [REFUNDED, '2GG279541U471931P'],
    ] as const) {
      const { status, body } = await json(await track(order, { capture_id: capture, tracking_number: '1Z999', carrier: 'UPS' }));
      expect(status).toBe(422);
      expect(body).toMatchObject({ name: 'UNPROCESSABLE_ENTITY', details: [{ issue: 'CAPTURE_STATUS_NOT_VALID' }] });
    }
  });

  it('422 CAPTURE_ID_NOT_FOUND and ITEM_SKU_MISMATCH', async () => {
    const wrongCapture = await json(await track(MULTI, { capture_id: CAPTURE, tracking_number: '1Z999', carrier: 'UPS' }));
    expect(wrongCapture.body.details[0].issue).toBe('CAPTURE_ID_NOT_FOUND');
    const wrongSku = await json(
      await track(MULTI, {
        capture_id: '3C679366HH908993F',
        tracking_number: '1Z999',
        carrier: 'UPS',
        items: [{ name: 'Hat', sku: 'sku99', quantity: '1' }],
      }),
    );
    expect(wrongSku.status).toBe(422);
    expect(wrongSku.body.details[0].issue).toBe('ITEM_SKU_MISMATCH');
    const partial = await json(
      await track(MULTI, {
        capture_id: '7TK53561MB803214N',
        tracking_number: '1Z998',
        carrier: 'UPS',
        items: [{ name: 'Mug', sku: 'sku03', quantity: '1' }],
      }),
    );
    expect(partial.status).toBe(201);
  });

  it('cancels a tracker with PATCH (204); the tracker shows CANCELLED in both views', async () => {
    const added = await json(await track(ORDER, { capture_id: CAPTURE, tracking_number: '443844607820', carrier: 'FEDEX' }));
    const trackerId = added.body.purchase_units[0].shipping.trackers[0].id;
    const patch = await c.paypal(`/v2/checkout/orders/${ORDER}/trackers/${trackerId}`, {
      method: 'PATCH',
      json: [{ op: 'replace', path: '/status', value: 'CANCELLED' }],
    });
    expect(patch.status).toBe(204);
    const order = await json(await c.paypal(`/v2/checkout/orders/${ORDER}`));
    expect(order.body.purchase_units[0].shipping.trackers[0].status).toBe('CANCELLED');
    const v1 = await json(await c.paypal(`/v1/shipping/trackers?transaction_id=${CAPTURE}`));
    expect(v1.body.trackers[0].status).toBe('CANCELLED');
    const notPatchable = await json(
      await c.paypal(`/v2/checkout/orders/${ORDER}/trackers/${trackerId}`, {
        method: 'PATCH',
        json: [{ op: 'replace', path: '/tracking_number', value: '2' }],
      }),
    );
    expect(notPatchable.body.details[0].issue).toBe('FIELD_NOT_PATCHABLE');
    expect(
      (
        await c.paypal(`/v2/checkout/orders/${ORDER}/trackers/NOPE123`, {
          method: 'PATCH',
          json: [{ op: 'replace', path: '/status', value: 'CANCELLED' }],
        })
      ).status,
    ).toBe(404);
  });
});

describe('PayPal Tracking v1 update (PUT /v1/shipping/trackers/{capture id}-{number})', () => {
  const USPS_22 = '9400111202555842332669';
  const add = (tracking_number: string, carrier = 'USPS') =>
    c.paypal(`/v2/checkout/orders/${ORDER}/track`, { json: { capture_id: CAPTURE, tracking_number, carrier } });
  const put = (id: string, json: unknown, token?: string) => c.paypal(`/v1/shipping/trackers/${id}`, { method: 'PUT', json, token });
  const v1Trackers = async () => (await json(await c.paypal(`/v1/shipping/trackers?transaction_id=${CAPTURE}`))).body.trackers;
  const ordersV2Trackers = async () =>
    (await json(await c.paypal(`/v2/checkout/orders/${ORDER}`))).body.purchase_units[0].shipping.trackers;

  it('Orders v2 PATCH refuses the 39-character tracker id of a 22-digit USPS number, naming the 36-character limit', async () => {
    expect((await add(USPS_22)).status).toBe(201);
    const patch = await json(
      await c.paypal(`/v2/checkout/orders/${ORDER}/trackers/${CAPTURE}${USPS_22}`, {
        method: 'PATCH',
        json: [{ op: 'replace', path: '/status', value: 'CANCELLED' }],
      }),
    );
    expect(patch.status).toBe(400);
    expect(patch.body.details).toEqual([
      expect.objectContaining({
        field: 'tracker_id',
        location: 'path',
        issue: 'INVALID_STRING_LENGTH',
        description: expect.stringMatching(/more than 36 characters/),
      }),
    ]);
  });

  it('changes the carrier and then cancels a tracker Orders v2 added (204 each); the Orders v2 view and the v1 list both show it', async () => {
    expect((await add(USPS_22)).status).toBe(201);
    const renamed = await put(`${CAPTURE}-${USPS_22}`, {
      transaction_id: CAPTURE,
      tracking_number: USPS_22,
      status: 'SHIPPED',
      carrier: 'OTHER',
      carrier_name_other: 'Local Courier',
    });
    expect(renamed.status).toBe(204);
    expect(await v1Trackers()).toEqual([
      expect.objectContaining({ tracking_number: USPS_22, status: 'SHIPPED', carrier: 'OTHER', carrier_name_other: 'Local Courier' }),
    ]);

    const cancelled = await put(`${CAPTURE}-${USPS_22}`, {
      transaction_id: CAPTURE,
      tracking_number: USPS_22,
      status: 'CANCELLED',
      carrier: 'USPS',
    });
    expect(cancelled.status).toBe(204);
    expect(await v1Trackers()).toEqual([expect.objectContaining({ tracking_number: USPS_22, status: 'CANCELLED', carrier: 'USPS' })]);
    expect((await v1Trackers())[0]).not.toHaveProperty('carrier_name_other');
    expect(await ordersV2Trackers()).toEqual([expect.objectContaining({ id: `${CAPTURE}${USPS_22}`, status: 'CANCELLED' })]);
  });

  it("404 in PayPal's error shape for an unknown tracker id", async () => {
    const missing = await json(
      await put(`${CAPTURE}-${USPS_22}`, { transaction_id: CAPTURE, tracking_number: USPS_22, status: 'CANCELLED' }),
    );
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({
      name: 'RESOURCE_NOT_FOUND',
      message: expect.any(String),
      debug_id: expect.any(String),
      details: [{ issue: 'INVALID_RESOURCE_ID' }],
    });
    expect(missing.body.links[0].href).toContain('/tracking/v1/');
  });

  it('400 for a body the spec refuses (no transaction_id, unknown status), for one naming another tracker and for OTHER without its name; the tracker stays as it was', async () => {
    expect((await add(USPS_22)).status).toBe(201);
    const invalid = await json(await put(`${CAPTURE}-${USPS_22}`, { tracking_number: USPS_22, status: 'LOST' }));
    expect(invalid.status).toBe(400);
    expect(invalid.body.details.map((d: any) => [d.field, d.issue])).toEqual(
      expect.arrayContaining([
        ['/transaction_id', 'MISSING_REQUIRED_PARAMETER'],
        ['/status', 'INVALID_PARAMETER_VALUE'],
      ]),
    );
    const otherNumber = await json(
      await put(`${CAPTURE}-${USPS_22}`, { transaction_id: CAPTURE, tracking_number: '9361289878700317633795', status: 'CANCELLED' }),
    );
    expect(otherNumber.status).toBe(400);
    expect(otherNumber.body.details[0]).toMatchObject({ field: '/tracking_number', issue: 'INVALID_PARAMETER_VALUE' });
    const otherWithoutName = await json(
      await put(`${CAPTURE}-${USPS_22}`, { transaction_id: CAPTURE, status: 'CANCELLED', carrier: 'OTHER' }),
    );
    expect(otherWithoutName.body.details[0]).toMatchObject({ field: '/carrier_name_other', issue: 'MISSING_REQUIRED_PARAMETER' });
    expect((await v1Trackers())[0].status).toBe('SHIPPED');
  });

  it('needs the tracking read-write scope: a token with read only gets 403', async () => {
    const readOnly = await startClient({
      paypal: { scope: 'https://uri.paypal.com/services/payments/payment https://uri.paypal.com/services/shipping/trackers/read' },
    });
    try {
      const token = await readOnly.paypalToken();
      expect(
        (
          await readOnly.paypal(`/v2/checkout/orders/${ORDER}/track`, {
            token,
            json: { capture_id: CAPTURE, tracking_number: USPS_22, carrier: 'USPS' },
          })
        ).status,
      ).toBe(201);
      const denied = await json(
        await readOnly.paypal(`/v1/shipping/trackers/${CAPTURE}-${USPS_22}`, {
          token,
          method: 'PUT',
          json: { transaction_id: CAPTURE, tracking_number: USPS_22, status: 'CANCELLED' },
        }),
      );
      expect(denied.status).toBe(403);
      expect(denied.body).toMatchObject({ name: 'NOT_AUTHORIZED', details: [{ issue: 'PERMISSION_DENIED' }] });
    } finally {
      await readOnly.sandbox.close();
    }
  });
});

describe('PayPal webhooks', () => {
  const create = (url: string, types = ['PAYMENT.CAPTURE.COMPLETED']) =>
    c.paypal('/v1/notifications/webhooks', { json: { url, event_types: types.map((name) => ({ name })) } });

  it('creates, lists, reads and deletes a webhook', async () => {
    const created = await json(await create('https://hooks.example.com/a', ['PAYMENT.CAPTURE.COMPLETED', 'PAYMENT.CAPTURE.REFUNDED']));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.stringMatching(/^[A-Z0-9]{17}$/),
      url: 'https://hooks.example.com/a',
      event_types: [{ name: 'PAYMENT.CAPTURE.COMPLETED' }, { name: 'PAYMENT.CAPTURE.REFUNDED' }],
    });
    expect((await json(await c.paypal('/v1/notifications/webhooks'))).body.webhooks).toHaveLength(1);
    expect((await c.paypal(`/v1/notifications/webhooks/${created.body.id}`, { method: 'DELETE' })).status).toBe(204);
    const gone = await json(await c.paypal(`/v1/notifications/webhooks/${created.body.id}`, { method: 'DELETE' }));
    expect(gone.status).toBe(404);
    expect(gone.body.name).toBe('INVALID_RESOURCE_ID');
  });

  it('refuses a duplicate URL and an 11th webhook', async () => {
    expect((await create('https://hooks.example.com/0')).status).toBe(201);
    const duplicate = await json(await create('https://hooks.example.com/0'));
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.name).toBe('WEBHOOK_URL_ALREADY_EXISTS');
    for (let i = 1; i < 10; i++) expect((await create(`https://hooks.example.com/${i}`)).status).toBe(201);
    const over = await json(await create('https://hooks.example.com/10'));
    expect(over.status).toBe(400);
    expect(over.body).toMatchObject({
      name: 'WEBHOOK_NUMBER_LIMIT_EXCEEDED',
      message: 'You can create a maximum of ten webhooks for an application.',
    });
  });

  it('refuses a webhook without event_types (spec)', async () => {
    const { status, body } = await json(await c.paypal('/v1/notifications/webhooks', { json: { url: 'https://hooks.example.com/x' } }));
    expect(status).toBe(400);
    expect(body.details[0]).toMatchObject({ field: '/event_types', issue: 'MISSING_REQUIRED_PARAMETER' });
  });

  it('lists seeded webhook events filtered by type', async () => {
    const { body } = await json(await c.paypal('/v1/notifications/webhooks-events?event_type=PAYMENT.CAPTURE.REFUNDED'));
    expect(body.events).toHaveLength(1);
    expect(body.events[0]).toMatchObject({
      id: expect.stringMatching(/^WH-/),
      event_type: 'PAYMENT.CAPTURE.REFUNDED',
      resource_type: 'refund',
    });
    const one = await json(await c.paypal(`/v1/notifications/webhooks-events/${body.events[0].id}`));
    expect(one.body.id).toBe(body.events[0].id);
  });
});

describe('PayPal Transaction Search', () => {
  const iso = (msAgo: number) => `${new Date(Date.now() - msAgo).toISOString().slice(0, 19)}Z`;
  const DAY = 86400_000;

  it('lists captures and refunds in the window with payer, shipping and cart info (fields=all)', async () => {
    const { status, body } = await json(
      await c.paypal(`/v1/reporting/transactions?start_date=${iso(30 * DAY)}&end_date=${iso(-DAY)}&fields=all`),
    );
    expect(status).toBe(200);
    expect(body.total_items).toBe(6); // 5 captures + 1 refund
    const capture = body.transaction_details.find((t: any) => t.transaction_info.transaction_id === CAPTURE);
    expect(capture).toMatchObject({
      transaction_info: {
        transaction_event_code: 'T0006',
        invoice_id: 'INV-2001',
        transaction_amount: { value: '25.00' },
        transaction_status: 'S',
      },
      payer_info: { email_address: 'hana@example.com' },
      shipping_info: { name: 'Hana Kim' },
      cart_info: { item_details: [{ item_code: 'sku01' }] },
    });
  });

  it('filters by transaction_id, pages, and returns only transaction_info by default', async () => {
    const one = await json(
      await c.paypal(`/v1/reporting/transactions?start_date=${iso(30 * DAY)}&end_date=${iso(0)}&transaction_id=${CAPTURE}`),
    );
    expect(one.body.transaction_details).toHaveLength(1);
    expect(Object.keys(one.body.transaction_details[0])).toEqual(['transaction_info']);
    const page2 = await json(
      await c.paypal(`/v1/reporting/transactions?start_date=${iso(30 * DAY)}&end_date=${iso(0)}&page_size=5&page=2`),
    );
    expect(page2.body).toMatchObject({ page: 2, total_pages: 2, total_items: 6 });
    expect(page2.body.transaction_details).toHaveLength(1);
  });

  it('requires start_date and end_date and at most 31 days between them', async () => {
    const missing = await json(await c.paypal('/v1/reporting/transactions'));
    expect(missing.status).toBe(400);
    expect(missing.body.details.map((d: any) => d.field).sort()).toEqual(['end_date', 'start_date']);
    const tooLong = await json(await c.paypal(`/v1/reporting/transactions?start_date=${iso(40 * DAY)}&end_date=${iso(0)}`));
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.details[0].issue).toBe('Date range is greater than 31 days');
  });
});
