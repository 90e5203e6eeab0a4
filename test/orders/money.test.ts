import { compareDecimal, decimalsFor, paypalValueToDecimal, stripeAmountToDecimal, sumDecimals } from '../../orders/money';

describe('Stripe minor units → decimal string (docs.stripe.com/currencies)', () => {
  it.each([
    [1999, 'usd', '19.99'],
    [5, 'eur', '0.05'],
    [0, 'usd', '0.00'],
    [-250, 'usd', '-2.50'],
    [1500, 'jpy', '1500'],
    [1500, 'JPY', '1500'],
    [50000, 'krw', '50000'],
    [100, 'ugx', '100'],
    [1250, 'kwd', '1.250'],
    [10, 'bhd', '0.010'],
    // Stripe special cases: two-decimal in the API
    [500, 'isk', '5.00'],
    [12345, 'huf', '123.45'],
    [10000, 'twd', '100.00'],
  ])('%d %s → %s', (minor, currency, expected) => {
    expect(stripeAmountToDecimal(minor, currency)).toBe(expected);
  });

  it('refuses non-integers', () => {
    expect(() => stripeAmountToDecimal(19.99, 'usd')).toThrow(RangeError);
  });
});

describe('PayPal value → normalised decimal string', () => {
  it.each([
    ['100.00', 'USD', '100.00'],
    ['100.0', 'USD', '100.00'],
    ['5', 'USD', '5.00'],
    [' 007.5 ', 'EUR', '7.50'],
    ['1000', 'JPY', '1000'],
    ['1000.00', 'JPY', '1000'],
    ['1.5', 'KWD', '1.500'],
    ['822.0160', 'CZK', '822.016'],
    ['-13.79', 'USD', '-13.79'],
    ['-0.00', 'USD', '0.00'],
    ['+1.1', 'USD', '1.10'],
    ['.5', 'USD', '0.50'],
  ])('%j %s → %s', (value, currency, expected) => {
    expect(paypalValueToDecimal(value, currency)).toBe(expected);
  });

  it.each(['', 'abc', '1,00', '1.2.3', '.'])('refuses %j', (value) => {
    expect(() => paypalValueToDecimal(value, 'USD')).toThrow(RangeError);
  });
});

describe('decimal arithmetic', () => {
  it('compares exactly across widths and signs', () => {
    expect(compareDecimal('1.98', '10.99')).toBeLessThan(0);
    expect(compareDecimal('10.990', '10.99')).toBe(0);
    expect(compareDecimal('2.5', '2.49')).toBeGreaterThan(0);
    expect(compareDecimal('-1', '0.5')).toBeLessThan(0);
    expect(compareDecimal('0.1', '0.10000000000000000001')).toBeLessThan(0);
  });

  it('sums to the currency width', () => {
    expect(sumDecimals(['0.99', '0.99'], 'USD', 'paypal')).toBe('1.98');
    expect(sumDecimals([], 'USD', 'paypal')).toBe('0.00');
    expect(sumDecimals(['100', '50'], 'JPY', 'paypal')).toBe('150');
  });

  it('knows which gateway rules apply', () => {
    expect(decimalsFor('ISK', 'stripe')).toBe(2);
    expect(decimalsFor('ISK', 'paypal')).toBe(0);
    expect(decimalsFor('usd', 'stripe')).toBe(2);
  });
});
