/**
 * The load run's shop: the sandbox's own seed plus many generated paid orders in both gateways, so that
 * 1,000 add_tracking calls spread over hundreds of orders instead of piling onto six; and the tracking
 * numbers they add (valid UPS numbers, distinct from the bench's).
 *
 *   loadShop(stripeCount, paypalCount): LoadShop
 *   loadNumber(index): string
 */
import { upsNumber } from '../bench/tracking-numbers';
import { PAYPAL_SEED, STRIPE_SEED, type PayPalSeedOrder, type StripeSeedPayment } from '../sandbox/seed';

export interface ShopOrder {
  gateway: 'stripe' | 'paypal';
  /** The ID the result and the sandbox state name the order by: PaymentIntent ID or PayPal order ID. */
  id: string;
  /** What the merchant enters by default: the order ID, or for a PayPal order paid in two captures the capture's ID
   *  (the app rightly refuses to guess which capture shipped). */
  reference: string;
  /** Another reference the merchant may hold for it: the Stripe Charge ID or the (first) PayPal capture ID. */
  otherReference: string;
}

export interface LoadShop {
  stripe: ShopOrder[];
  paypal: ShopOrder[];
  seed: { stripe: StripeSeedPayment[]; paypal: PayPalSeedOrder[] };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const ADDRESS = { line1: '510 Townsend St', city: 'San Francisco', state: 'CA', postal_code: '94103', country: 'US' };

export function loadShop(stripeCount: number, paypalCount: number): LoadShop {
  const stripeSeed: StripeSeedPayment[] = Array.from({ length: stripeCount }, (_, i) => ({
    id: `pi_3SbxLoad${pad(i, 10)}`,
    amount: 1000 + i,
    currency: 'usd',
    status: 'succeeded',
    ageHours: 5,
    email: `buyer${i}@example.com`,
    name: `Buyer ${i}`,
    metadata: { order_id: `L${i}` },
    shipping: { name: `Buyer ${i}`, address: ADDRESS },
  }));
  const paypalSeed: PayPalSeedOrder[] = Array.from({ length: paypalCount }, (_, i) => {
    // Every fifth order was paid in two captures (two items): a number must still land on one capture only.
    const twoCaptures = i % 5 === 4;
    return {
      id: `LOADORD${pad(i, 10)}`,
      intent: 'CAPTURE',
      status: 'COMPLETED',
      ageHours: 5,
      currency: 'USD',
      invoice_id: `INV-L${i}`,
      payer: { payer_id: `LOADPAY${pad(i, 6)}`, email: `payer${i}@example.com`, given_name: 'Pat', surname: `Payer${i}` },
      shipping: {
        full_name: `Pat Payer${i}`,
        address: {
          address_line_1: '2211 N First Street',
          admin_area_2: 'San Jose',
          admin_area_1: 'CA',
          postal_code: '95131',
          country_code: 'US',
        },
      },
      items: twoCaptures
        ? [
            { name: 'T-Shirt', sku: `sku${i}a`, quantity: '1', unit_amount: '25.00' },
            { name: 'Mug', sku: `sku${i}b`, quantity: '1', unit_amount: '12.50' },
          ]
        : [{ name: 'T-Shirt', sku: `sku${i}a`, quantity: '1', unit_amount: '25.00' }],
      captures: twoCaptures
        ? [
            { id: `LOADCAP${pad(i, 10)}`, amount: '25.00' },
            { id: `LOADCAQ${pad(i, 10)}`, amount: '12.50' },
          ]
        : [{ id: `LOADCAP${pad(i, 10)}`, amount: '25.00' }],
    };
  });
  return {
    stripe: stripeSeed.map((p) => ({ gateway: 'stripe', id: p.id, reference: p.id, otherReference: `ch_${p.id.slice(3)}` })),
    paypal: paypalSeed.map((o) => ({
      gateway: 'paypal',
      id: o.id,
      reference: o.captures!.length > 1 ? o.captures![0]!.id : o.id,
      otherReference: o.captures![0]!.id,
    })),
    seed: { stripe: [...STRIPE_SEED, ...stripeSeed], paypal: [...PAYPAL_SEED, ...paypalSeed] },
  };
}

/** The load run's tracking number `index`: `1Z` + `777LD` + 10 digits + UPS's check digit. */
export function loadNumber(index: number): string {
  return upsNumber(`777LD${pad(index, 10)}`);
}
