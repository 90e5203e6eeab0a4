import nock from 'nock';
import type { ZObject } from 'zapier-platform-core';
import { connectGateways } from '../../gateways';
import zcache from '../support/zcache';
import {
  PAYPAL_ACCESS_TOKEN,
  PAYPAL_AUTH,
  PAYPAL_CLIENT_ID,
  PAYPAL_CLIENT_SECRET,
  PAYPAL_SANDBOX_API,
  PAYPAL_TOKEN_RESPONSE,
} from '../support/fixtures';
import { runApp, failureOf } from '../support/tester';

/** `GET /v2/checkout/orders/{id}` answer from the Orders v2 docs example (trimmed to what these tests read). */
const ORDER = { id: '5O190127TN364715T', status: 'COMPLETED', intent: 'CAPTURE', purchase_units: [] };

const tokenScope = (times = 1, token = PAYPAL_ACCESS_TOKEN) =>
  nock(PAYPAL_SANDBOX_API)
    .post('/v1/oauth2/token', 'grant_type=client_credentials')
    .basicAuth({ user: PAYPAL_CLIENT_ID, pass: PAYPAL_CLIENT_SECRET })
    .times(times)
    .reply(200, { ...PAYPAL_TOKEN_RESPONSE, access_token: token });

const getOrder = (z: ZObject) => connectGateways(z, PAYPAL_AUTH).paypal!.get<typeof ORDER>(`/v2/checkout/orders/${ORDER.id}`);

describe('PayPal access token', () => {
  it('is minted once for several calls on one connection and sent as a bearer token', async () => {
    const token = tokenScope(1);
    const api = nock(PAYPAL_SANDBOX_API, { reqheaders: { authorization: `Bearer ${PAYPAL_ACCESS_TOKEN}` } })
      .get(`/v2/checkout/orders/${ORDER.id}`)
      .times(3)
      .reply(200, ORDER);
    for (let i = 0; i < 3; i++) await runApp((z) => getOrder(z), { authData: PAYPAL_AUTH });
    expect(token.isDone()).toBe(true);
    expect(api.isDone()).toBe(true);
  });

  it('is read from z.cache by a fresh process (no in-process copy) without minting again', async () => {
    tokenScope(1);
    nock(PAYPAL_SANDBOX_API).get(`/v2/checkout/orders/${ORDER.id}`).times(2).reply(200, ORDER);
    await runApp((z) => getOrder(z), { authData: PAYPAL_AUTH });
    (await import('../../gateways/paypal-token')).forgetTokensInProcess();
    await runApp((z) => getOrder(z), { authData: PAYPAL_AUTH });
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('is minted again when the cached one has expired (ttl from expires_in)', async () => {
    tokenScope(2);
    nock(PAYPAL_SANDBOX_API).get(`/v2/checkout/orders/${ORDER.id}`).times(2).reply(200, ORDER);
    await runApp((z) => getOrder(z), { authData: PAYPAL_AUTH });
    (await import('../../gateways/paypal-token')).forgetTokensInProcess();
    zcache.advanceSeconds(PAYPAL_TOKEN_RESPONSE.expires_in);
    await runApp((z) => getOrder(z), { authData: PAYPAL_AUTH });
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('is kept apart per connection (another client ID gets its own token)', async () => {
    tokenScope(1);
    nock(PAYPAL_SANDBOX_API)
      .post('/v1/oauth2/token')
      .basicAuth({ user: 'OtherClient', pass: PAYPAL_CLIENT_SECRET })
      .reply(200, PAYPAL_TOKEN_RESPONSE);
    nock(PAYPAL_SANDBOX_API).get(`/v2/checkout/orders/${ORDER.id}`).times(2).reply(200, ORDER);
    await runApp((z) => getOrder(z), { authData: PAYPAL_AUTH });
    const other = { ...PAYPAL_AUTH, paypal_client_id: 'OtherClient' };
    await runApp((z) => connectGateways(z, other).paypal!.get(`/v2/checkout/orders/${ORDER.id}`), { authData: other });
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('is minted again after a 401 and the call re-sent once', async () => {
    const freshToken = `${PAYPAL_ACCESS_TOKEN}-renewed`;
    tokenScope(1);
    nock(PAYPAL_SANDBOX_API, { reqheaders: { authorization: `Bearer ${PAYPAL_ACCESS_TOKEN}` } })
      .get(`/v2/checkout/orders/${ORDER.id}`)
      .reply(401, { error: 'invalid_token', error_description: 'Token signature verification failed' });
    tokenScope(1, freshToken);
    const retried = nock(PAYPAL_SANDBOX_API, { reqheaders: { authorization: `Bearer ${freshToken}` } })
      .get(`/v2/checkout/orders/${ORDER.id}`)
      .reply(200, ORDER);
    await expect(runApp((z) => getOrder(z), { authData: PAYPAL_AUTH })).resolves.toEqual(ORDER);
    expect(retried.isDone()).toBe(true);
  });

  it('gives up with ExpiredAuthError when the fresh token is refused too', async () => {
    tokenScope(2);
    nock(PAYPAL_SANDBOX_API)
      .get(`/v2/checkout/orders/${ORDER.id}`)
      .times(2)
      .reply(401, { error: 'invalid_token', error_description: 'Access Token not found in cache' });
    const details = await failureOf(runApp((z) => getOrder(z), { authData: PAYPAL_AUTH }));
    expect(details.name).toBe('ExpiredAuthError');
    expect(details.message).toMatch(/^PayPal rejected the connection's client ID and secret \(HTTP 401\): invalid_token/);
  });
});
