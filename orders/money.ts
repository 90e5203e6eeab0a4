/**
 * Amounts as decimal strings ("19.99"), never floats.
 *
 *   stripeAmountToDecimal(minor, currency)   Stripe integer minor units → "19.99" / "1500" (JPY) / "1.250" (KWD)
 *   paypalValueToDecimal(value, currency)    PayPal "value" string → same form, normalised
 *   compareDecimal(a, b)                     exact comparison of two decimal strings
 *   decimalsFor(currency, gateway)           digits after the point
 *
 * Stripe: minor units follow Stripe's own list (https://docs.stripe.com/currencies#zero-decimal), which
 * differs from ISO 4217: ISK, HUF and TWD are two-decimal in Stripe's API (special cases on that page)
 * although ISO gives ISK none; UGX is zero-decimal in Stripe's list. PayPal sends decimal strings
 * already; they are normalised to the ISO 4217 exponent (padding only: digits are never dropped).
 */

/** https://docs.stripe.com/currencies#zero-decimal */
const STRIPE_ZERO_DECIMAL = new Set([
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'JPY',
  'KMF',
  'KRW',
  'MGA',
  'PYG',
  'RWF',
  'UGX',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
]);
/** https://docs.stripe.com/currencies#three-decimal */
const STRIPE_THREE_DECIMAL = new Set(['BHD', 'JOD', 'KWD', 'OMR', 'TND']);

/** ISO 4217 minor units other than 2 (list from the ISO 4217 table, currencies in use). */
const ISO_ZERO_DECIMAL = new Set([
  'BIF',
  'CLP',
  'DJF',
  'GNF',
  'ISK',
  'JPY',
  'KMF',
  'KRW',
  'PYG',
  'RWF',
  'UGX',
  'UYI',
  'VND',
  'VUV',
  'XAF',
  'XOF',
  'XPF',
]);
const ISO_THREE_DECIMAL = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);
const ISO_FOUR_DECIMAL = new Set(['CLF', 'UYW']);

export function decimalsFor(currency: string, gateway: 'stripe' | 'paypal'): number {
  const code = currency.toUpperCase();
  if (gateway === 'stripe') {
    if (STRIPE_ZERO_DECIMAL.has(code)) return 0;
    if (STRIPE_THREE_DECIMAL.has(code)) return 3;
    return 2;
  }
  if (ISO_ZERO_DECIMAL.has(code)) return 0;
  if (ISO_THREE_DECIMAL.has(code)) return 3;
  if (ISO_FOUR_DECIMAL.has(code)) return 4;
  return 2;
}

/** Stripe integer minor units → decimal string in Stripe's minor-unit rules for the currency. */
export function stripeAmountToDecimal(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`Stripe amount must be an integer, got ${String(minor)}`);
  return formatScaled(BigInt(minor), decimalsFor(currency, 'stripe'));
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/**
 * A PayPal money `value` → normalised decimal string: trimmed, no leading zeros or plus sign, the
 * fraction padded to the currency's ISO exponent ("100.0" USD → "100.00"; "5" JPY → "5"). Extra
 * fraction digits are kept when non-zero, dropped when zero ("10.500" USD → "10.50").
 */
export function paypalValueToDecimal(value: string, currency: string): string {
  const match = DECIMAL.exec(value.trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
    throw new RangeError(`PayPal amount is not a decimal number: ${JSON.stringify(value)}`);
  }
  const sign = match[1] === '-' ? '-' : '';
  const whole = (match[2] ?? '').replace(/^0+(?=\d)/, '') || '0';
  const decimals = decimalsFor(currency, 'paypal');
  let fraction = (match[3] ?? '').replace(/0+$/, '');
  if (fraction.length < decimals) fraction = fraction.padEnd(decimals, '0');
  const isZero = /^0*$/.test(whole + fraction);
  return `${isZero ? '' : sign}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** Compares two decimal strings exactly: negative, zero or positive like a sort comparator. */
export function compareDecimal(a: string, b: string): number {
  const width = Math.max(fractionWidth(a), fractionWidth(b));
  const x = toScaled(a, width);
  const y = toScaled(b, width);
  return x === y ? 0 : x < y ? -1 : 1;
}

/** Sum of decimal strings (one currency), with at least the currency's decimals. */
export function sumDecimals(values: readonly string[], currency: string, gateway: 'stripe' | 'paypal'): string {
  const width = Math.max(decimalsFor(currency, gateway), ...values.map(fractionWidth));
  return formatScaled(
    values.reduce((total, v) => total + toScaled(v, width), 0n),
    width,
  );
}

function fractionWidth(value: string): number {
  return value.trim().split('.')[1]?.length ?? 0;
}

/** "12.5" at width 2 → 1250n. */
function toScaled(value: string, width: number): bigint {
  const [whole = '0', fraction = ''] = value.trim().split('.');
  const magnitude = BigInt((whole.replace(/^[+-]/, '') || '0') + fraction.padEnd(width, '0'));
  return whole.startsWith('-') ? -magnitude : magnitude;
}

/** 1250n at width 2 → "12.50". */
function formatScaled(scaled: bigint, width: number): string {
  const sign = scaled < 0n ? '-' : '';
  const digits = (scaled < 0n ? -scaled : scaled).toString().padStart(width + 1, '0');
  return width === 0 ? sign + digits : `${sign}${digits.slice(0, -width)}.${digits.slice(-width)}`;
}
