import nock from 'nock';
import {
  BOTH_AUTH,
  PAYPAL_AUTH,
  PAYPAL_CLIENT_ID,
  PAYPAL_CLIENT_SECRET,
  PAYPAL_INVALID_CLIENT,
  PAYPAL_LIVE_API,
  PAYPAL_SANDBOX_API,
  PAYPAL_TOKEN_RESPONSE,
  PAYPAL_TOKEN_WITHOUT_TRACKING,
  STRIPE_ACCOUNT,
  STRIPE_API,
  STRIPE_AUTH,
  STRIPE_RESTRICTED_KEY,
  STRIPE_TEST_KEY,
} from './support/fixtures';
import { App, failureOf, runApp } from './support/tester';

const test = App.authentication!.test;
const label = App.authentication!.connectionLabel;

const stripeAccount = () =>
  nock(STRIPE_API, { reqheaders: { authorization: `Bearer ${STRIPE_TEST_KEY}`, 'stripe-version': '2026-10-28.endive' } })
    .get('/v1/account')
    .reply(200, STRIPE_ACCOUNT);

const paypalToken = (base = PAYPAL_SANDBOX_API, body: object = PAYPAL_TOKEN_RESPONSE, status = 200) =>
  nock(base)
    .post('/v1/oauth2/token', 'grant_type=client_credentials')
    .basicAuth({ user: PAYPAL_CLIENT_ID, pass: PAYPAL_CLIENT_SECRET })
    .reply(status, body);

describe('connection test', () => {
  it('checks a Stripe key with one account call and labels the account and mode', async () => {
    const scope = stripeAccount();
    const result = await runApp(test, { authData: STRIPE_AUTH });
    expect(result).toEqual({
      label: 'Stripe acct_1Nv0FGQ9RKHgCVdK (test)',
      stripe_account: 'acct_1Nv0FGQ9RKHgCVdK',
      stripe_mode: 'test',
      paypal_environment: null,
      paypal_app_id: null,
    });
    expect(scope.isDone()).toBe(true);
  });

  it('checks a PayPal app by minting a token against the chosen environment', async () => {
    const scope = paypalToken();
    const result = await runApp(test, { authData: PAYPAL_AUTH });
    expect(result).toMatchObject({ label: 'PayPal sandbox', paypal_environment: 'sandbox', paypal_app_id: 'APP-80W284485P519543T' });
    expect(scope.isDone()).toBe(true);
  });

  it('uses live PayPal by default', async () => {
    const scope = paypalToken(PAYPAL_LIVE_API);
    const result = await runApp(test, { authData: { paypal_client_id: PAYPAL_CLIENT_ID, paypal_client_secret: PAYPAL_CLIENT_SECRET } });
    expect(result).toMatchObject({ label: 'PayPal live', paypal_environment: 'live' });
    expect(scope.isDone()).toBe(true);
  });

  it('checks both gateways and joins their labels', async () => {
    stripeAccount();
    paypalToken();
    const result = (await runApp(test, { authData: BOTH_AUTH })) as { label: string };
    expect(result.label).toBe('Stripe acct_1Nv0FGQ9RKHgCVdK (test) · PayPal sandbox');
    expect(await runApp(label, { authData: BOTH_AUTH, inputData: result })).toBe('Stripe acct_1Nv0FGQ9RKHgCVdK (test) · PayPal sandbox');
  });

  it('refuses a connection with no gateway, before any request', async () => {
    const details = await failureOf(runApp(test, { authData: {} }));
    expect(details).toMatchObject({ name: 'AppError', code: 'NoGateway' });
    expect(details.message).toMatch(/Stripe secret key, a PayPal client ID and secret, or both/);
  });

  it.each([
    ['client ID without secret', { paypal_client_id: PAYPAL_CLIENT_ID }],
    ['secret without client ID', { paypal_client_secret: PAYPAL_CLIENT_SECRET, stripe_secret_key: STRIPE_TEST_KEY }],
  ])('refuses half a PayPal pair (%s)', async (_case, authData) => {
    const details = await failureOf(runApp(test, { authData }));
    expect(details).toMatchObject({ code: 'IncompleteCredentials' });
    expect(details.message).toMatch(/both the client ID and the client secret/);
  });

  it('refuses a publishable key', async () => {
    const details = await failureOf(runApp(test, { authData: { stripe_secret_key: 'pk_test_51Abc' } }));
    expect(details.message).toMatch(/secret key \(sk_live_…, sk_test_…\) or a restricted key/);
  });

  it('names Stripe and marks the connection expired on a 401, without echoing the key', async () => {
    nock(STRIPE_API)
      .get('/v1/account')
      .reply(401, {
        error: { message: `Invalid API Key provided: sk_test_****${STRIPE_TEST_KEY.slice(-4)}`, type: 'invalid_request_error' },
      });
    const details = await failureOf(runApp(test, { authData: STRIPE_AUTH }));
    expect(details.name).toBe('ExpiredAuthError');
    expect(details.message).toMatch(/^Stripe rejected the connection's secret key \(HTTP 401\): Invalid API Key provided: \[redacted\]/);
    expect(details.message).not.toContain(STRIPE_TEST_KEY.slice(-4) + '.');
  });

  it('says the PayPal credentials may be for the other environment when PayPal refuses them', async () => {
    paypalToken(PAYPAL_SANDBOX_API, PAYPAL_INVALID_CLIENT, 401);
    const details = await failureOf(runApp(test, { authData: PAYPAL_AUTH }));
    expect(details.name).toBe('ExpiredAuthError');
    expect(details.message).toBe(
      'PayPal sandbox rejected the client ID and secret (invalid_client: Client Authentication failed). ' +
        'Check that they belong to a sandbox REST app: live and sandbox apps have different credentials.',
    );
  });

  it('refuses a PayPal app whose token does not allow tracking, naming the scope', async () => {
    paypalToken(PAYPAL_SANDBOX_API, PAYPAL_TOKEN_WITHOUT_TRACKING);
    const details = await failureOf(runApp(test, { authData: PAYPAL_AUTH }));
    expect(details).toMatchObject({ code: 'MissingPermission', status: 403 });
    expect(details.message).toMatch(/^PayPal sandbox: the REST app is not allowed to add tracking .*shipping\/trackers\/readwrite/);
  });

  it('names the failing gateway when the other one is fine', async () => {
    stripeAccount();
    paypalToken(PAYPAL_SANDBOX_API, PAYPAL_INVALID_CLIENT, 401);
    const details = await failureOf(runApp(test, { authData: BOTH_AUTH }));
    expect(details.message).toMatch(/^PayPal sandbox rejected/);
  });

  it('accepts a restricted key without the account permission when it can read payments', async () => {
    nock(STRIPE_API)
      .get('/v1/account')
      .reply(403, {
        error: {
          type: 'invalid_request_error',
          message:
            "The provided key 'rk_test_***Ijkl' does not have the required permissions for this endpoint on account 'acct_1Nv0FGQ9RKHgCVdK'.",
        },
      });
    nock(STRIPE_API)
      .get('/v1/payment_intents')
      .query({ limit: '1' })
      .reply(200, { object: 'list', data: [], has_more: false, url: '/v1/payment_intents' });
    const result = await runApp(test, { authData: { stripe_secret_key: STRIPE_RESTRICTED_KEY } });
    expect(result).toMatchObject({ label: 'Stripe restricted key (test)', stripe_account: null });
  });
});
