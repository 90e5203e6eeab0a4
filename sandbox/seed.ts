/**
 * The sandbox's starting data: credentials and sample orders in both gateways, as plain data.
 * stripe.ts and paypal.ts expand each record into the gateway's full API objects (their shapes come from the
 * gateways' spec/docs examples). Times are ages relative to the sandbox's start, so "paid 30 h ago" stays true.
 *
 *   SANDBOX_CREDENTIALS   the Stripe key and PayPal client pair the sandbox accepts (test-only, protect nothing)
 *   STRIPE_SEED, PAYPAL_SEED
 */

export const SANDBOX_CREDENTIALS = {
  stripeSecretKey: 'sk_test_51SandboxKeyForLocalTestsOnly000000000000000000000000',
  stripeAccountId: 'acct_1SandboxLocal0001',
  paypalClientId: 'AZsandbox-local-client-id-for-tests-only',
  paypalClientSecret: 'EKsandbox-local-client-secret-for-tests-only',
  paypalAppId: 'APP-80W284485P519543T',
} as const;

export interface SeedAddress {
  line1: string;
  line2?: string;
  city: string;
  state?: string;
  postal_code: string;
  country: string;
}

export interface StripeSeedPayment {
  /** PaymentIntent id; its Charge is `ch_` + the same suffix. */
  id: string;
  amount: number;
  currency: string;
  status: 'succeeded' | 'processing' | 'requires_payment_method';
  ageHours: number;
  email: string;
  name: string;
  description?: string;
  metadata?: Record<string, string>;
  shipping?: { name: string; address: SeedAddress; phone?: string };
  /** Amount refunded on the charge (minor units). */
  refunded?: number;
  /** An open dispute on the charge (`du_` + suffix) awaiting evidence. */
  dispute?: { reason: string; ageHours: number };
  /** Paid through Checkout: a session `cs_test_` + suffix with collected shipping. */
  checkoutSession?: boolean;
}

export const STRIPE_SEED: StripeSeedPayment[] = [
  {
    id: 'pi_3SbxShip0000000001',
    amount: 4999,
    currency: 'usd',
    status: 'succeeded',
    ageHours: 30,
    email: 'ann@example.com',
    name: 'Ann Lee',
    description: 'Order #1001',
    metadata: { order_id: '1001', order_number: '#1001' },
    shipping: {
      name: 'Ann Lee',
      address: { line1: '510 Townsend St', city: 'San Francisco', state: 'CA', postal_code: '94103', country: 'US' },
    },
  },
  {
    id: 'pi_3SbxNoShip00000002',
    amount: 1999,
    currency: 'usd',
    status: 'succeeded',
    ageHours: 50,
    email: 'bob@example.com',
    name: 'Bob Stone',
    description: 'Order #1002',
    metadata: { order_id: '1002' },
  },
  {
    id: 'pi_3SbxRefund0000003',
    amount: 2500,
    currency: 'usd',
    status: 'succeeded',
    ageHours: 72,
    email: 'cara@example.com',
    name: 'Cara Diaz',
    metadata: { order_id: '1003' },
    shipping: { name: 'Cara Diaz', address: { line1: '1 Main St', city: 'Austin', state: 'TX', postal_code: '78701', country: 'US' } },
    refunded: 2500,
  },
  {
    id: 'pi_3SbxDispute000004',
    amount: 8900,
    currency: 'usd',
    status: 'succeeded',
    ageHours: 120,
    email: 'dan@example.com',
    name: 'Dan Roe',
    metadata: { order_id: '1004', order_number: '#1004' },
    shipping: { name: 'Dan Roe', address: { line1: '20 W 34th St', city: 'New York', state: 'NY', postal_code: '10001', country: 'US' } },
    dispute: { reason: 'product_not_received', ageHours: 20 },
  },
  {
    id: 'pi_3SbxYen000000005',
    amount: 5400,
    currency: 'jpy',
    status: 'succeeded',
    ageHours: 26,
    email: 'emi@example.jp',
    name: 'Emi Sato',
    metadata: { order_id: '1005' },
    shipping: {
      name: 'Emi Sato',
      address: { line1: '1-1 Chiyoda', city: 'Chiyoda-ku', state: 'Tokyo', postal_code: '100-0001', country: 'JP' },
    },
  },
  {
    id: 'pi_3SbxCheckout00006',
    amount: 3200,
    currency: 'gbp',
    status: 'succeeded',
    ageHours: 40,
    email: 'fay@example.co.uk',
    name: 'Fay Hart',
    metadata: { order_id: '1006' },
    shipping: { name: 'Fay Hart', address: { line1: '10 Downing St', city: 'London', postal_code: 'SW1A 2AA', country: 'GB' } },
    checkoutSession: true,
  },
  {
    id: 'pi_3SbxProcess000007',
    amount: 1500,
    currency: 'eur',
    status: 'processing',
    ageHours: 2,
    email: 'gus@example.de',
    name: 'Gus Bauer',
    metadata: { order_id: '1007' },
    shipping: { name: 'Gus Bauer', address: { line1: 'Unter den Linden 1', city: 'Berlin', postal_code: '10117', country: 'DE' } },
  },
];

interface PayPalSeedItem {
  name: string;
  sku: string;
  quantity: string;
  unit_amount: string;
}

export interface PayPalSeedOrder {
  id: string;
  intent: 'CAPTURE' | 'AUTHORIZE';
  status: 'COMPLETED' | 'APPROVED';
  ageHours: number;
  currency: string;
  invoice_id?: string;
  custom_id?: string;
  payer: { payer_id: string; email: string; given_name: string; surname: string };
  shipping?: {
    full_name: string;
    address: {
      address_line_1: string;
      address_line_2?: string;
      admin_area_2: string;
      admin_area_1?: string;
      postal_code: string;
      country_code: string;
    };
  };
  items: PayPalSeedItem[];
  /** Captures (17-character ids) with their amounts; `refunded` makes the capture REFUNDED / PARTIALLY_REFUNDED. */
  captures?: Array<{ id: string; amount: string; refunded?: string }>;
  /** An authorization that was never captured (intent AUTHORIZE). */
  authorization?: { id: string; amount: string };
}

export const PAYPAL_SEED: PayPalSeedOrder[] = [
  {
    id: '5O190127TN364715T',
    intent: 'CAPTURE',
    status: 'COMPLETED',
    ageHours: 28,
    currency: 'USD',
    invoice_id: 'INV-2001',
    custom_id: '2001',
    payer: { payer_id: 'QYR5Z8XDVJNXQ', email: 'hana@example.com', given_name: 'Hana', surname: 'Kim' },
    shipping: {
      full_name: 'Hana Kim',
      address: {
        address_line_1: '2211 N First Street',
        address_line_2: 'Building 17',
        admin_area_2: 'San Jose',
        admin_area_1: 'CA',
        postal_code: '95131',
        country_code: 'US',
      },
    },
    items: [{ name: 'T-Shirt', sku: 'sku01', quantity: '1', unit_amount: '25.00' }],
    captures: [{ id: '8MC585209K746392H', amount: '25.00' }],
  },
  {
    id: '9RX50338YV2108203',
    intent: 'CAPTURE',
    status: 'COMPLETED',
    ageHours: 60,
    currency: 'USD',
    invoice_id: 'INV-2002',
    custom_id: '2002',
    payer: { payer_id: 'B7KJ2ZL3YH4GE', email: 'ivan@example.com', given_name: 'Ivan', surname: 'Petrov' },
    shipping: {
      full_name: 'Ivan Petrov',
      address: {
        address_line_1: '1 Infinite Loop',
        admin_area_2: 'Cupertino',
        admin_area_1: 'CA',
        postal_code: '95014',
        country_code: 'US',
      },
    },
    items: [
      { name: 'T-Shirt', sku: 'sku02', quantity: '2', unit_amount: '20.00' },
      { name: 'Mug', sku: 'sku03', quantity: '1', unit_amount: '12.50' },
    ],
    captures: [
      { id: '3C679366HH908993F', amount: '40.00' },
      { id: '7TK53561MB803214N', amount: '12.50' },
    ],
  },
  {
    id: '1AB23456CD789012E',
    intent: 'AUTHORIZE',
    status: 'COMPLETED',
    ageHours: 10,
    currency: 'USD',
    invoice_id: 'INV-2003',
    payer: { payer_id: 'C9PL4QWERT5YU', email: 'jo@example.com', given_name: 'Jo', surname: 'Marsh' },
    shipping: {
      full_name: 'Jo Marsh',
      address: { address_line_1: '350 5th Ave', admin_area_2: 'New York', admin_area_1: 'NY', postal_code: '10118', country_code: 'US' },
    },
    items: [{ name: 'Lamp', sku: 'sku04', quantity: '1', unit_amount: '60.00' }],
    authorization: { id: '0VF52814937998046', amount: '60.00' },
  },
  {
    id: '4HJ67890KL123456M',
    intent: 'CAPTURE',
    status: 'APPROVED',
    ageHours: 1,
    currency: 'USD',
    invoice_id: 'INV-2004',
    payer: { payer_id: 'D2MN6BVCXZ7LK', email: 'kai@example.com', given_name: 'Kai', surname: 'Wong' },
    shipping: {
      full_name: 'Kai Wong',
      address: {
        address_line_1: '1600 Amphitheatre Pkwy',
        admin_area_2: 'Mountain View',
        admin_area_1: 'CA',
        postal_code: '94043',
        country_code: 'US',
      },
    },
    items: [{ name: 'Cap', sku: 'sku05', quantity: '1', unit_amount: '15.00' }],
  },
  {
    id: '6PQ12345RS678901T',
    intent: 'CAPTURE',
    status: 'COMPLETED',
    ageHours: 90,
    currency: 'USD',
    invoice_id: 'INV-2005',
    payer: { payer_id: 'E3QW8ERTYU9IO', email: 'lia@example.com', given_name: 'Lia', surname: 'Moss' },
    shipping: {
      full_name: 'Lia Moss',
      address: { address_line_1: '1 Hacker Way', admin_area_2: 'Menlo Park', admin_area_1: 'CA', postal_code: '94025', country_code: 'US' },
    },
    items: [{ name: 'Scarf', sku: 'sku06', quantity: '1', unit_amount: '30.00' }],
    captures: [{ id: '2GG279541U471931P', amount: '30.00', refunded: '30.00' }],
  },
  {
    id: '8UV90123WX456789Y',
    intent: 'CAPTURE',
    status: 'COMPLETED',
    ageHours: 27,
    currency: 'JPY',
    invoice_id: 'INV-2006',
    custom_id: '2006',
    payer: { payer_id: 'F4AS9DFGHJ1KL', email: 'mio@example.jp', given_name: 'Mio', surname: 'Tanaka' },
    shipping: {
      full_name: 'Mio Tanaka',
      address: {
        address_line_1: '1-1 Marunouchi',
        admin_area_2: 'Chiyoda-ku',
        admin_area_1: 'Tokyo',
        postal_code: '100-0005',
        country_code: 'JP',
      },
    },
    items: [{ name: 'Tea set', sku: 'sku07', quantity: '1', unit_amount: '5400' }],
    captures: [{ id: '5XY61234AB567890C', amount: '5400' }],
  },
];
