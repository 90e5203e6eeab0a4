/** The one way the app reads a connection's fields from a bundle. */
import { authDataOf } from '../../gateways/config';
import { STRIPE_TEST_KEY } from '../support/fixtures';

describe('authDataOf', () => {
  it('reads the connection fields that are text, and nothing else', () => {
    const bundle = { authData: { stripe_secret_key: STRIPE_TEST_KEY, paypal_client_id: 42, paypal_environment: 'sandbox', other: 'x' } };
    expect(authDataOf(bundle)).toEqual({ stripe_secret_key: STRIPE_TEST_KEY, paypal_environment: 'sandbox' });
    expect(authDataOf({})).toEqual({});
    expect(authDataOf(undefined)).toEqual({});
    expect(authDataOf({ authData: 'sk_test' })).toEqual({});
  });
});
