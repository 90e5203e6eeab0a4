/** Gateway values as the Order keeps them: dates in UTC, blanks as null, addresses in one set of parts. Pure. */
import type { Order } from './order';

/**
 * ISO-8601 in UTC (`2026-11-02T14:05:12Z`) from unix seconds (Stripe) or an RFC 3339 string (PayPal,
 * any offset); null when absent or unparseable. Milliseconds are kept only when not zero.
 */
export function isoDate(value: number | string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  return date.toISOString().replace('.000Z', 'Z');
}

/** First non-empty string among the candidates, else null (gateways send "" and null for "none"). */
export function firstText(...candidates: ReadonlyArray<string | null | undefined>): string | null {
  for (const c of candidates) {
    if (typeof c === 'string' && c.trim() !== '') return c.trim();
  }
  return null;
}

/** A postal address in the parts the Order keeps (each gateway names them differently). */
export interface AddressParts {
  line1?: string | null;
  line2?: string | null;
  city?: string | null;
  state?: string | null;
  postal_code?: string | null;
  country?: string | null;
}

type ShippingFields = Pick<
  Order,
  'shipping_name' | 'shipping_line1' | 'shipping_line2' | 'shipping_city' | 'shipping_state' | 'shipping_postal_code' | 'shipping_country'
>;

/** The Order's shipping fields; blanks become null. */
export function shippingFields(name: string | null | undefined, address: AddressParts | null | undefined): ShippingFields {
  return {
    shipping_name: firstText(name),
    shipping_line1: firstText(address?.line1),
    shipping_line2: firstText(address?.line2),
    shipping_city: firstText(address?.city),
    shipping_state: firstText(address?.state),
    shipping_postal_code: firstText(address?.postal_code),
    shipping_country: firstText(address?.country),
  };
}
