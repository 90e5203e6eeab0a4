/**
 * The edge validators of fields/: values as Zapier may send them (numbers in text fields, lists, JSON objects
 * whose keys shadow Object.prototype) become the right text or one error naming the field. Each case here was
 * first found by test/reliability/hostile-input.test.ts.
 */
import zapier, { type ZObject } from 'zapier-platform-core';
import { parseFindOrderInput } from '../../fields/find-order';
import { parseTrackingInput } from '../../fields/tracking-input';
import { untrackedOrderInput } from '../../fields/untracked-order';
import { listValues, quoted } from '../../fields/validation';
import { errorDetails } from '../support/tester';

const z = { errors: zapier.errors } as unknown as ZObject;
/** The message, as errorDetails reads it from core's JSON error message. */
const messageOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    return errorDetails(error).message;
  }
  throw new Error('expected an error');
};

describe('numbers where text goes are their digits', () => {
  it('tracking action: order 1001 and tracking number 443844607820 typed as numbers', () => {
    const input = parseTrackingInput({ order: 1001, tracking_number: 443844607820 }, 'add');
    expect(input).toMatchObject({ order: '1001', tracking_numbers: ['443844607820'] });
  });

  it('tracking action: a list of tracking numbers (mapped line items) is several numbers', () => {
    expect(parseTrackingInput({ order: '1001', tracking_number: ['1Z999AA10123456784', 443844607820] }, 'add').tracking_numbers).toEqual([
      '1Z999AA10123456784',
      '443844607820',
    ]);
  });

  it('find_order: order 1001 is searched as "1001", not ignored', () => {
    expect(parseFindOrderInput(z, { order: 1001 })).toEqual({ reference: '1001', email: '' });
  });
});

describe('anything else is one error naming the field', () => {
  it.each([
    [{ order: ['1001'] }, /^Order: must be one piece of text, not a list\.$/],
    [{ order: NaN }, /^Order: must be one piece of text, not NaN\.$/],
    [{ customer_email: `${'a'.repeat(250)}@example.com` }, /^Customer Email: is too long \(at most 254 characters\)\.$/],
    [{ customer_email: 'ann\u0000@example.com' }, /^Customer Email: contains control characters/],
    [{ customer_email: { toString: 'x' } }, /^Customer Email: must be one piece of text, not a set of fields\.$/],
  ])('find_order %j', (inputData, message) => {
    expect(messageOf(() => parseFindOrderInput(z, inputData as Record<string, unknown>))).toMatch(message);
  });

  it('untracked_order: an object whose toString is not a function (JSON can say so) is no number, and no TypeError', () => {
    const message = messageOf(() => untrackedOrderInput(z, { min_age_hours: JSON.parse('{"toString": "x", "valueOf": "y"}') }));
    expect(message).toMatch(/Minimum Age \(Hours\) must be a number/);
  });

  it('untracked_order: digits as text still count', () => {
    expect(untrackedOrderInput(z, { min_age_hours: ' 48 ', lookback_days: 20, require_shipping_address: 'no' })).toEqual({
      min_age_hours: 48,
      lookback_days: 20,
      require_shipping_address: false,
    });
  });
});

describe('list fields and quoting', () => {
  it('listValues: a list, comma-separated text or a number; null for an object or nested lists', () => {
    expect(listValues(['Stripe', ' paypal '])).toEqual(['stripe', 'paypal']);
    expect(listValues('stripe,,paypal')).toEqual(['stripe', 'paypal']);
    expect(listValues(undefined)).toEqual([]);
    expect(listValues({ stripe: true })).toBeNull();
    expect(listValues([['stripe']])).toBeNull();
    expect(listValues(true)).toBeNull();
  });

  it('quoted: at most 40 visible characters, control characters shown as ?', () => {
    expect(quoted('a\u0000b')).toBe('"a?b"');
    expect(quoted('x'.repeat(10_000))).toBe(`"${'x'.repeat(40)}…"`);
  });
});
