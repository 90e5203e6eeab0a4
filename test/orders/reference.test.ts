import { classifyReference, MAX_REFERENCE_LENGTH, ReferenceInputError } from '../../orders/reference';

describe('classifyReference: routes by shape', () => {
  it.each([
    // IDs from the gateways' API reference examples
    ['pi_3MtwBwLkdIwHu7ix28a3tqPa', 'stripe_payment_intent'],
    ['ch_3MmlLrLkdIwHu7ix0snN0B15', 'stripe_charge'],
    ['py_1NzqGr2eZvKYlo2C3XhUv6pX', 'stripe_charge'],
    ['cs_test_a11YYufWQzNY63zpQ6QSNRQhkUpVph4WRmzW0zWJO2znZKdVujZ0N0S22u', 'stripe_checkout_session'],
    ['cs_live_a1b2C3d4E5f6', 'stripe_checkout_session'],
    ['5O190127TN364715T', 'paypal_id'], // PayPal order
    ['3C679366HH908993F', 'paypal_id'], // PayPal capture
    ['6735', 'merchant_reference'],
    ['#1001', 'merchant_reference'],
    ['ORD-2026-000123', 'merchant_reference'],
    ['12345678901234567', 'merchant_reference'], // 17 digits: an order number, not a PayPal ID
    ['5o190127tn364715t', 'merchant_reference'], // PayPal IDs are upper case
    ['cs_abc123', 'merchant_reference'],
  ])('%s → %s', (text, kind) => {
    expect(classifyReference(text)).toEqual({ kind, id: text });
  });

  it('trims surrounding whitespace', () => {
    expect(classifyReference('  pi_3MtwBwLkdIwHu7ix28a3tqPa\n')).toEqual({
      kind: 'stripe_payment_intent',
      id: 'pi_3MtwBwLkdIwHu7ix28a3tqPa',
    });
  });

  it('accepts exactly the maximum length', () => {
    expect(classifyReference('A'.repeat(MAX_REFERENCE_LENGTH)).kind).toBe('merchant_reference');
  });
});

describe('classifyReference: refuses what cannot be valid, saying what to fix', () => {
  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['A'.repeat(MAX_REFERENCE_LENGTH + 1), /longer than 255/],
    ['pi_3Mtw\u0000BwLk', /control or invisible characters/],
    ['ORD\u007f1', /control or invisible characters/],
    ['ORD 1001', /spaces/],
    ['ORD\t1001', /control or invisible characters/],
    ['ORD\u200b1001', /control or invisible characters/], // zero-width space
    ['ORD\u202e1001', /control or invisible characters/], // right-to-left override
    ['ORD\ufeff1001', /control or invisible characters/], // byte order mark
    ['ORD\ud8001001', /control or invisible characters/], // lone surrogate: encodeURIComponent would throw
    ['../../v1/charges', /URL or path/],
    ['pi_123/../../refunds', /URL or path/],
    ['https://dashboard.stripe.com/payments/pi_3MtwBwLkdIwHu7ix28a3tqPa', /URL or path/],
    ['5O190127TN364715T?fields=x', /URL or path/],
    ['ORD#1', /URL or path/],
    ['pi_3Mtw%2F', /URL or path/],
    ['a\\b', /URL or path/],
    ['a..b', /URL or path/],
    ["6735'OR'1", /quotes/],
    ['"6735"', /quotes/],
    ['##1001', /URL or path/],
    ['pi_3MtwBwLkdIwHu7ix28a3tqPa_secret_YrKJUKribcBjcG8HVhfZluoGH', /client secret/],
    ['sk_test_4eC39HqLyjWDarjtT1zdp7dc', /API key/],
    ['whsec_abc123', /API key/],
    ['pi_3Mtw-BwLk', /malformed/],
    ['ch_', /malformed/],
    ['du_1MtJUT2eZvKYlo2CNaw2HvEv', /dispute ID/],
    ['re_1Nispe2eZvKYlo2Cd31jOCgZ', /refund ID/],
    ['cus_NffrFeUfNV2Hib', /customer ID/],
  ])('%j', (text, message) => {
    let error: unknown;
    try {
      classifyReference(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ReferenceInputError);
    const text_ = (error as Error).message;
    expect(text_).toMatch(message);
    expect(text_).toMatch(/Enter a Stripe payment ID/);
    // the input is never echoed (it may be a secret)
    if (text.trim().length > 3) expect(text_).not.toContain(text.trim());
  });

  it('refuses a non-string at run time', () => {
    expect(() => classifyReference(undefined as unknown as string)).toThrow(ReferenceInputError);
  });
});
