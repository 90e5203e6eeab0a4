import nock from 'nock';
import { connectGateways } from '../../gateways';
import { USER_AGENT } from '../../gateways/http';
import { toStripeForm } from '../../gateways/stripe-client';
import { PAYPAL_AUTH, PAYPAL_SANDBOX_API, PAYPAL_TOKEN_RESPONSE, STRIPE_API, STRIPE_AUTH, STRIPE_TEST_KEY } from '../support/fixtures';
import { runApp, failureOf } from '../support/tester';
import { paypalApi, stripeApi } from '../support/gateway-nock';

const PI = 'pi_3MtwBwLkdIwHu7ix28a3tqPa';
const stripe = (z: Parameters<typeof connectGateways>[0]) => connectGateways(z, STRIPE_AUTH).stripe!;

describe('Stripe requests', () => {
  it('are form-encoded with flat bracketed keys, carry the key, the pinned version, our User-Agent and a fresh Idempotency-Key per write', async () => {
    const keys: string[] = [];
    const bodies: string[] = [];
    stripeApi({
      reqheaders: {
        authorization: `Bearer ${STRIPE_TEST_KEY}`,
        'stripe-version': '2026-10-28.endive',
        'content-type': 'application/x-www-form-urlencoded',
        'user-agent': USER_AGENT,
      },
    })
      .post(`/v1/payment_intents/${PI}`)
      .times(2)
      .reply(function (_uri, body) {
        keys.push(String(this.req.headers['idempotency-key']));
        bodies.push(String(body));
        return [200, { id: PI, object: 'payment_intent' }];
      });
    const params = {
      shipping: { name: 'Jenny Rosen', address: { line1: '1 Main St', country: 'US' }, tracking_number: '1Z999' },
      metadata: { tracking_numbers: null },
    };
    await runApp((z) => stripe(z).post(`/v1/payment_intents/${PI}`, params), { authData: STRIPE_AUTH });
    await runApp((z) => stripe(z).post(`/v1/payment_intents/${PI}`, params), { authData: STRIPE_AUTH });
    expect(new URLSearchParams(bodies[0]).get('shipping[address][line1]')).toBe('1 Main St');
    expect(new URLSearchParams(bodies[0]).get('metadata[tracking_numbers]')).toBe('');
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).not.toBe(keys[0]);
  });

  it('indexes arrays the way stripe-node does', () => {
    expect(toStripeForm({ enabled_events: ['charge.refunded', 'payment_intent.succeeded'], expand: ['latest_charge'] })).toEqual({
      'enabled_events[0]': 'charge.refunded',
      'enabled_events[1]': 'payment_intent.succeeded',
      'expand[0]': 'latest_charge',
    });
  });

  it('re-sends a write once after a network failure with the same Idempotency-Key', async () => {
    const keys: string[] = [];
    nock(STRIPE_API)
      .post(`/v1/payment_intents/${PI}`)
      .reply(function () {
        keys.push(String(this.req.headers['idempotency-key']));
        // The connection drops after Stripe received the write: the answer never arrives.
        return this.req.emit('error', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })) && [200, {}];
      })
      .post(`/v1/payment_intents/${PI}`)
      .reply(function () {
        keys.push(String(this.req.headers['idempotency-key']));
        return [200, { id: PI }];
      });
    await expect(
      runApp((z) => stripe(z).post(`/v1/payment_intents/${PI}`, { description: 'x' }), { authData: STRIPE_AUTH }),
    ).resolves.toEqual({ id: PI });
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
  });

  it('turns a 429 into a ThrottledError with the Retry-After delay and Stripe’s words', async () => {
    nock(STRIPE_API)
      .get(`/v1/payment_intents/${PI}`)
      .reply(
        429,
        { error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests hit the API too quickly.' } },
        { 'Retry-After': '7' },
      );
    const details = await failureOf(runApp((z) => stripe(z).get(`/v1/payment_intents/${PI}`), { authData: STRIPE_AUTH }));
    expect(details).toMatchObject({ name: 'ThrottledError', delay: 7 });
    expect(details.message).toMatch(
      /^Stripe is rate-limiting requests \(HTTP 429\) while reading \/v1\/payment_intents\/pi_\w+: Too many requests hit the API too quickly\./,
    );
  });

  it('turns a 5xx into a retryable error (ThrottledError)', async () => {
    nock(STRIPE_API)
      .get(`/v1/payment_intents/${PI}`)
      .reply(500, { error: { type: 'api_error', message: 'Something went wrong on Stripe’s end.' } });
    const details = await failureOf(runApp((z) => stripe(z).get(`/v1/payment_intents/${PI}`), { authData: STRIPE_AUTH }));
    expect(details).toMatchObject({ name: 'ThrottledError', delay: 60 });
    expect(details.message).toMatch(/^Stripe had a temporary problem \(HTTP 500\)/);
  });

  it('treats malformed JSON as a retryable gateway failure', async () => {
    nock(STRIPE_API).get(`/v1/payment_intents/${PI}`).reply(200, '{"id": "pi_', { 'Content-Type': 'application/json' });
    const details = await failureOf(runApp((z) => stripe(z).get(`/v1/payment_intents/${PI}`), { authData: STRIPE_AUTH }));
    expect(details.name).toBe('ThrottledError');
    expect(details.message).toMatch(/not JSON/);
  });

  it('names the permission problem on a 403 with Stripe’s words', async () => {
    nock(STRIPE_API)
      .get(`/v1/payment_intents/${PI}`)
      .reply(403, {
        error: {
          type: 'invalid_request_error',
          message:
            "The provided key 'rk_test_***AbCd' does not have the required permissions for this endpoint. Having the 'rak_payment_intent_read' permission would allow this request to continue.",
        },
      });
    const details = await failureOf(runApp((z) => stripe(z).get(`/v1/payment_intents/${PI}`), { authData: STRIPE_AUTH }));
    expect(details).toMatchObject({ name: 'AppError', status: 403 });
    expect(details.message).toMatch(/rak_payment_intent_read/);
    expect(details.message).toMatch(/restricted key/);
    expect(details.message).not.toMatch(/rk_test_\*\*\*AbCd/);
  });

  it('gives up after a second network failure with a retryable error', async () => {
    nock(STRIPE_API)
      .get(`/v1/payment_intents/${PI}`)
      .times(2)
      .replyWithError(Object.assign(new Error('connect ETIMEDOUT'), { code: 'ETIMEDOUT' }));
    const details = await failureOf(runApp((z) => stripe(z).get(`/v1/payment_intents/${PI}`), { authData: STRIPE_AUTH }));
    expect(details.name).toBe('ThrottledError');
    expect(details.message).toMatch(/^Stripe could not be reached/);
  });
});

describe('PayPal requests', () => {
  it('turn documented issues into advice the merchant can act on', async () => {
    nock(PAYPAL_SANDBOX_API).post('/v1/oauth2/token').reply(200, PAYPAL_TOKEN_RESPONSE);
    // Error body from the Orders v2 track docs (422 UNPROCESSABLE_ENTITY / CAPTURE_STATUS_NOT_VALID).
    paypalApi()
      .post('/v2/checkout/orders/5O190127TN364715T/track')
      .reply(422, {
        name: 'UNPROCESSABLE_ENTITY',
        details: [
          {
            issue: 'CAPTURE_STATUS_NOT_VALID',
            description: 'Invalid capture status. Tracker information can only be added to captures in `COMPLETED` state.',
          },
        ],
        message: 'The requested action could not be performed, semantically incorrect, or failed business validation.',
        debug_id: 'f9a9d6a4b35d1',
      });
    const details = await failureOf(
      runApp(
        (z) =>
          connectGateways(z, PAYPAL_AUTH).paypal!.post('/v2/checkout/orders/5O190127TN364715T/track', { capture_id: '8MC585209K746392H' }),
        { authData: PAYPAL_AUTH },
      ),
    );
    expect(details).toMatchObject({ name: 'AppError', code: 'CAPTURE_STATUS_NOT_VALID', status: 422 });
    expect(details.message).toMatch(/CAPTURE_STATUS_NOT_VALID: Invalid capture status/);
    expect(details.message).toMatch(/debug_id f9a9d6a4b35d1/);
    expect(details.message).toMatch(/Capture the payment first/);
  });

  it('send a fresh PayPal-Request-Id with each write', async () => {
    const ids: string[] = [];
    nock(PAYPAL_SANDBOX_API).post('/v1/oauth2/token').reply(200, PAYPAL_TOKEN_RESPONSE);
    paypalApi()
      .post('/v1/notifications/webhooks')
      .times(2)
      .reply(function () {
        ids.push(String(this.req.headers['paypal-request-id']));
        return [201, { id: '0EH40505U7160970P' }];
      });
    for (let i = 0; i < 2; i++) {
      await runApp(
        (z) =>
          connectGateways(z, PAYPAL_AUTH).paypal!.post('/v1/notifications/webhooks', {
            url: 'https://hooks.zapier.com/x',
            event_types: [{ name: 'PAYMENT.CAPTURE.COMPLETED' }],
          }),
        { authData: PAYPAL_AUTH },
      );
    }
    expect(new Set(ids).size).toBe(2);
  });
});
