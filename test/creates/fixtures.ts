/**
 * Gateway answers for the tracking-action tests, built from the official examples already vendored
 * in test/orders/fixtures (PayPal Orders v2 capture/track docs examples, Stripe API reference
 * examples). Fields changed to put an example in the state a test needs are marked `// state:`.
 */
import { CHARGE_OF_PI, CHECKOUT_SESSION, DISPUTE, PI_SUCCEEDED, SHIPPING } from '../orders/fixtures/stripe';
import { CAPTURE_DETAILS, ORDER_COMPLETED, TRANSACTION_DETAIL } from '../orders/fixtures/paypal';

// ---------------------------------------------------------------- PayPal

export const PP_ORDER_ID = ORDER_COMPLETED.id; // 5O190127TN364715T
export const PP_CAPTURE_ID = ORDER_COMPLETED.purchase_units[0]!.payments.captures[0]!.id; // 3C679366HH908993F
export const PP_NUMBER = '443844607820'; // FedEx 12-digit, from the orders-track-create docs example

type Tracker = { id: string; status: string };

/** The order (GET /v2/checkout/orders/{id}) holding these trackers (docs shape: id = capture id + number). */
export function paypalOrder(trackers: Tracker[] = []) {
  const unit = ORDER_COMPLETED.purchase_units[0]!;
  return {
    ...ORDER_COMPLETED,
    purchase_units: [
      {
        ...unit,
        shipping: {
          ...unit.shipping,
          trackers: trackers.map((t) => ({
            ...t,
            items: [],
            links: [],
            create_time: '2022-08-12T21:20:49Z',
            update_time: '2022-08-12T21:20:49Z',
          })), // state:
        },
      },
    ],
  };
}

export const tracker = (number: string, status = 'SHIPPED'): Tracker => ({ id: `${PP_CAPTURE_ID}${number}`, status });

/** An order that was only authorized (intent AUTHORIZE, no capture): Orders v2 authorize docs example shape. */
export const PP_AUTHORIZED_ORDER = {
  ...ORDER_COMPLETED,
  id: '1AB23456CD789012E', // state:
  purchase_units: [
    { ...ORDER_COMPLETED.purchase_units[0]!, payments: { authorizations: [{ id: '0AW2184448108334S', status: 'CREATED' }] } },
  ], // state:
};

/** GET /v2/payments/captures/{id} docs example, as the capture of PP_ORDER_ID (Orders v2 capture: supplementary_data names the order). */
export const PP_CAPTURE = {
  ...CAPTURE_DETAILS,
  id: PP_CAPTURE_ID, // state:
  status: 'COMPLETED', // state:
  supplementary_data: { related_ids: { order_id: PP_ORDER_ID } },
};

/** GET /v1/reporting/transactions docs example, the row being the capture of PP_ORDER_ID with invoice `invoice`. */
export function transactionSearch(rows: Array<{ id: string; invoice: string }>) {
  return {
    transaction_details: rows.map((r) => ({
      ...TRANSACTION_DETAIL,
      transaction_info: { ...TRANSACTION_DETAIL.transaction_info, transaction_id: r.id, invoice_id: r.invoice },
    })), // state:
    account_number: 'XZXSPECYZZTKS',
    start_date: '2026-10-02T10:00:00+0000',
    end_date: '2026-11-02T10:00:00+0000',
    last_refreshed_datetime: '2026-11-02T08:59:59+0000',
    page: 1,
    total_items: rows.length,
    total_pages: 1,
  };
}

// ---------------------------------------------------------------- Stripe

export const PI_ID = PI_SUCCEEDED.id;
export const CHARGE_ID = CHARGE_OF_PI.id;
export const UPS_NUMBER = '1Z999AA10123456784';

const NO_TRACKING = { ...SHIPPING, carrier: null, tracking_number: null }; // state:

/** GET /v1/payment_intents/{id}?expand[]=latest_charge: succeeded, shipping address, given tracking. */
export function paymentIntent(
  options: {
    tracking?: string | null;
    carrier?: string | null;
    shipping?: boolean;
    disputed?: boolean;
    metadata?: Record<string, string>;
  } = {},
) {
  const shipping =
    options.shipping === false
      ? null
      : { ...NO_TRACKING, tracking_number: options.tracking ?? null, carrier: options.carrier ?? (options.tracking ? 'UPS' : null) };
  return {
    ...PI_SUCCEEDED,
    metadata: options.metadata ?? {},
    shipping, // state:
    latest_charge: { ...CHARGE_OF_PI, disputed: options.disputed ?? false, shipping }, // state:
  };
}

/** POST /v1/payment_intents/{id} answer: the PaymentIntent with the params applied (latest_charge unexpanded). */
export function updatedPaymentIntent(tracking: string, carrier = 'UPS') {
  return { ...PI_SUCCEEDED, shipping: { ...NO_TRACKING, tracking_number: tracking, carrier } }; // state:
}

/** GET /v1/charges/{id}?expand[]=payment_intent. */
export const CHARGE_WITH_PI = {
  ...CHARGE_OF_PI,
  shipping: NO_TRACKING,
  payment_intent: { ...PI_SUCCEEDED, shipping: NO_TRACKING, latest_charge: CHARGE_OF_PI.id },
}; // state:

/** GET /v1/checkout/sessions/{id} with payment_intent expanded; shipping only on the session (API ≥ 2025-03-31.basil). */
export const SESSION_WITH_PI = {
  ...CHECKOUT_SESSION,
  payment_status: 'paid', // state:
  status: 'complete', // state:
  collected_information: { shipping_details: { name: 'Jenny Rosen', address: SHIPPING.address } },
  payment_intent: { ...PI_SUCCEEDED, shipping: null, latest_charge: { ...CHARGE_OF_PI, shipping: null } }, // state:
};

/** GET /v1/disputes?payment_intent=: the reference example dispute, open, on this payment. */
export const OPEN_DISPUTES = {
  object: 'list',
  url: '/v1/disputes',
  has_more: false,
  data: [{ ...DISPUTE, charge: CHARGE_ID, payment_intent: PI_ID, status: 'needs_response' }],
}; // state:

export const stripeSearch = (data: unknown[]) => ({
  object: 'search_result',
  url: '/v1/payment_intents/search',
  has_more: false,
  next_page: null,
  data,
});
