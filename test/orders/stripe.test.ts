import type Stripe from 'stripe';
import {
  orderFromPaymentIntent,
  orderFromStripeEvent,
  trackingsFromStripe,
  type StripeChargeInput,
  type StripeCheckoutSessionInput,
  type StripeDisputeInput,
  type StripeEventInput,
  type StripePaymentIntentInput,
} from '../../orders/stripe';
import { expectExactKeys, STRIPE_STATUS_CASES } from './fixtures/cases';
import * as st from './fixtures/stripe';

// Compile-time: real Stripe objects (stripe@23.1.0 typings, API 2026-10-28) fit the mapper inputs.
// `npm run typecheck` fails if a field the mappers read changes type upstream.
export const sdkObjectsFit: Array<(x: never) => void> = [
  (pi: Stripe.PaymentIntent) => orderFromPaymentIntent(pi satisfies StripePaymentIntentInput),
  (c: Stripe.Charge) => c satisfies StripeChargeInput,
  (d: Stripe.Dispute) => d satisfies StripeDisputeInput,
  (s: Stripe.Checkout.Session) => s satisfies StripeCheckoutSessionInput,
  (e: Stripe.Event) => orderFromStripeEvent(e satisfies StripeEventInput),
];

describe('orderFromStripeEvent: every status-table event', () => {
  it.each(STRIPE_STATUS_CASES)('%s (case %#) maps with exactly the Order keys', (type, object, status) => {
    const event = st.stripeEvent(type, object);
    const order = orderFromStripeEvent(event);
    expectExactKeys(order);
    expect(order.status).toBe(status);
    expect(order.gateway).toBe('stripe');
    expect(order.environment).toBe('test'); // livemode: false in every reference example
    expect(order.event_id).toBe('evt_1NG8Du2eZvKYlo2CUI79vXWy');
    expect(order.event_type).toBe(type);
    expect(order.status_changed_at).toBe('2023-06-06T22:19:30Z'); // event.created 1686089970
    expect(order.id).toBe(`stripe:${order.order_id}:${status}`);
  });

  it('payment_intent.succeeded: IDs, amount, dates, dashboard', () => {
    const order = orderFromStripeEvent(st.stripeEvent('payment_intent.succeeded', st.PI_SUCCEEDED));
    expectExactKeys(order);
    expect(order).toMatchObject({
      order_id: 'pi_3MtwBwLkdIwHu7ix28a3tqPa',
      payment_id: 'ch_3MtwBwLkdIwHu7ix28a3tqPa',
      amount: '20.00',
      currency: 'USD',
      amount_refunded: null, // the PaymentIntent alone does not say
      gateway_status: 'succeeded',
      created_at: '2023-04-06T17:01:44Z',
      dashboard_url: 'https://dashboard.stripe.com/test/payments/pi_3MtwBwLkdIwHu7ix28a3tqPa',
    });
  });

  it('charge.refunded: refunded amount from the Charge, order from its PaymentIntent ID', () => {
    const order = orderFromStripeEvent(st.stripeEvent('charge.refunded', st.CHARGE_PARTIALLY_REFUNDED));
    expectExactKeys(order);
    expect(order).toMatchObject({
      order_id: 'pi_3MtwBwLkdIwHu7ix28a3tqPa',
      payment_id: 'ch_3MmlLrLkdIwHu7ix0snN0B15',
      amount: '20.00',
      amount_refunded: '5.00',
      status: 'partially_refunded',
    });
    const full = orderFromStripeEvent(st.stripeEvent('charge.refunded', st.CHARGE_FULLY_REFUNDED));
    expect(full?.amount_refunded).toBe('20.00');
    expect(full?.id).toBe('stripe:pi_3MtwBwLkdIwHu7ix28a3tqPa:refunded');
  });

  it('a Charge without a PaymentIntent is its own order', () => {
    const order = orderFromStripeEvent(st.stripeEvent('charge.refunded', { ...st.CHARGE, refunded: true, amount_refunded: 1099 }));
    expect(order?.order_id).toBe('ch_3MmlLrLkdIwHu7ix0snN0B15');
    expect(order?.payment_id).toBe('ch_3MmlLrLkdIwHu7ix0snN0B15');
    expect(order?.dashboard_url).toBe('https://dashboard.stripe.com/test/payments/ch_3MmlLrLkdIwHu7ix0snN0B15');
  });

  it('dispute events: gateway_status is the dispute status; with related objects the buyer is known', () => {
    const dispute = { ...st.DISPUTE, status: 'lost', charge: st.CHARGE_OF_PI.id, payment_intent: st.PAYMENT_INTENT.id };
    const bare = orderFromStripeEvent(st.stripeEvent('charge.dispute.closed', dispute));
    expectExactKeys(bare);
    expect(bare).toMatchObject({
      order_id: st.PAYMENT_INTENT.id,
      payment_id: st.CHARGE_OF_PI.id,
      gateway_status: 'lost',
      status: 'dispute_lost',
      currency: 'USD',
    });

    const related = orderFromStripeEvent(st.stripeEvent('charge.dispute.closed', dispute), {
      paymentIntent: { ...st.PI_SUCCEEDED, receipt_email: 'jenny.rosen@example.com', shipping: st.SHIPPING },
      charge: st.CHARGE_OF_PI,
    });
    expectExactKeys(related);
    expect(related).toMatchObject({
      customer_email: 'jenny.rosen@example.com',
      shipping_name: 'Jenny Rosen',
      amount_refunded: '0.00',
      status: 'dispute_lost',
    });
  });

  it('charge.dispute.updated (not in the table) still maps: the open dispute shows as disputed', () => {
    const order = orderFromStripeEvent(st.stripeEvent('charge.dispute.updated', { ...st.DISPUTE, status: 'under_review' }));
    expect(order?.status).toBe('disputed');
  });

  it('checkout.session.completed: paid session, buyer from customer_details, shipping from collected_information', () => {
    const session = {
      ...st.CHECKOUT_SESSION,
      payment_intent: 'pi_3MtwBwLkdIwHu7ix28a3tqPa',
      payment_status: 'paid', // state:
      status: 'complete', // state:
      client_reference_id: 'order-6735', // state:
      customer_details: {
        address: null,
        email: 'jenny.rosen@example.com',
        name: 'Jenny Rosen',
        phone: null,
        tax_exempt: 'none',
        tax_ids: [],
      }, // state:
      collected_information: { shipping_details: { name: 'Jenny Rosen', address: st.SHIPPING.address } }, // state:
    };
    const order = orderFromStripeEvent(st.stripeEvent('checkout.session.completed', session));
    expectExactKeys(order);
    expect(order).toMatchObject({
      order_id: 'pi_3MtwBwLkdIwHu7ix28a3tqPa',
      status: 'paid',
      amount: '21.98',
      merchant_reference: 'order-6735',
      customer_email: 'jenny.rosen@example.com',
      customer_name: 'Jenny Rosen',
      shipping_city: 'San Francisco',
      has_tracking: false,
    });
  });

  it('other event types → null', () => {
    expect(orderFromStripeEvent(st.stripeEvent('customer.created', { id: 'cus_NffrFeUfNV2Hib' }))).toBeNull();
  });
});

describe('orderFromPaymentIntent', () => {
  it('missing buyer data: every key present, null, no tracking', () => {
    const order = orderFromPaymentIntent(st.PAYMENT_INTENT);
    expectExactKeys(order);
    expect(order).toMatchObject({
      status: 'pending',
      customer_email: null,
      customer_name: null,
      customer_phone: null,
      shipping_name: null,
      shipping_line1: null,
      shipping_country: null,
      merchant_reference: null,
      payment_id: null,
      has_tracking: false,
      tracking_number: null,
      trackings: [],
      description: null,
      event_id: null,
    });
  });

  it('live mode → live dashboard; environment may be given', () => {
    const live = orderFromPaymentIntent({ ...st.PI_SUCCEEDED, livemode: true });
    expect(live.environment).toBe('live');
    expect(live.dashboard_url).toBe('https://dashboard.stripe.com/payments/pi_3MtwBwLkdIwHu7ix28a3tqPa');
    expect(orderFromPaymentIntent(st.PI_SUCCEEDED, { environment: 'live' }).environment).toBe('live');
  });

  it('JPY: zero-decimal amounts', () => {
    const order = orderFromPaymentIntent(
      { ...st.PI_SUCCEEDED, amount: 1500, currency: 'jpy' },
      { charge: { ...st.CHARGE_OF_PI, amount: 1500, amount_refunded: 500, currency: 'jpy' } },
    );
    expect(order).toMatchObject({ amount: '1500', currency: 'JPY', amount_refunded: '500', status: 'partially_refunded' });
  });

  it('merchant_reference from metadata.order_id, else order_number, PaymentIntent before Charge', () => {
    expect(orderFromPaymentIntent({ ...st.PAYMENT_INTENT, metadata: { order_id: '6735' } }).merchant_reference).toBe('6735');
    expect(orderFromPaymentIntent({ ...st.PAYMENT_INTENT, metadata: { order_number: '#1001' } }).merchant_reference).toBe('#1001');
    expect(
      orderFromPaymentIntent({ ...st.PAYMENT_INTENT, metadata: {} }, { charge: { ...st.CHARGE, metadata: { order_id: 'C-9' } } })
        .merchant_reference,
    ).toBe('C-9');
  });

  it('customer email: receipt_email, else the Charge billing email; name and phone from billing details', () => {
    const charge = {
      ...st.CHARGE_OF_PI,
      billing_details: { ...st.CHARGE.billing_details, email: 'bill@example.com', name: 'Bill Payer', phone: '+15555550100' },
    };
    expect(orderFromPaymentIntent(st.PI_SUCCEEDED, { charge })).toMatchObject({
      customer_email: 'bill@example.com',
      customer_name: 'Bill Payer',
      customer_phone: '+15555550100',
    });
    expect(orderFromPaymentIntent({ ...st.PI_SUCCEEDED, receipt_email: 'r@example.com' }, { charge }).customer_email).toBe('r@example.com');
  });

  it('shipping and tracking from PaymentIntent.shipping', () => {
    const order = orderFromPaymentIntent({ ...st.PI_SUCCEEDED, shipping: st.SHIPPING });
    expect(order).toMatchObject({
      shipping_name: 'Jenny Rosen',
      shipping_line1: '510 Townsend St',
      shipping_line2: null,
      shipping_city: 'San Francisco',
      shipping_state: 'CA',
      shipping_postal_code: '94103',
      shipping_country: 'US',
      has_tracking: true,
      tracking_number: '1Z999AA10123456784',
      carrier: 'UPS',
      carrier_name: 'UPS',
      tracking_url: 'https://www.ups.com/track?tracknum=1Z999AA10123456784', // built from the carrier: Stripe holds no URL
    });
    expect(order.trackings).toEqual([
      {
        tracking_number: '1Z999AA10123456784',
        carrier: 'UPS',
        carrier_name: 'UPS',
        tracking_url: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
        status: null,
        tracker_id: null,
      },
    ]);
  });

  it('expanded latest_charge is used as the Charge', () => {
    const order = orderFromPaymentIntent({ ...st.PI_SUCCEEDED, latest_charge: st.CHARGE_FULLY_REFUNDED });
    expect(order).toMatchObject({ payment_id: st.CHARGE_FULLY_REFUNDED.id, status: 'refunded', amount_refunded: '20.00' });
  });
});

describe('trackingsFromStripe', () => {
  it('comma-separated numbers → one entry each, the carrier for all', () => {
    const entries = trackingsFromStripe({ ...st.SHIPPING, tracking_number: '1Z999AA10123456784, 1Z999AA10123456795' }, null);
    expect(entries.map((e) => [e.tracking_number, e.carrier])).toEqual([
      ['1Z999AA10123456784', 'UPS'],
      ['1Z999AA10123456795', 'UPS'],
    ]);
  });

  it('a carrier list as long as the numbers pairs up', () => {
    const entries = trackingsFromStripe(
      { ...st.SHIPPING, carrier: 'UPS,USPS', tracking_number: '1Z999AA10123456784,9400111899223100000000' },
      null,
    );
    expect(entries.map((e) => e.carrier)).toEqual(['UPS', 'USPS']);
  });

  it('metadata numbers and URLs join, without duplicates', () => {
    const entries = trackingsFromStripe(st.SHIPPING, {
      tracking_numbers: '1Z999AA10123456784,JD014600006281230704',
      tracking_urls:
        'https://www.ups.com/track?tracknum=1Z999AA10123456784,https://www.royalmail.com/track-your-item#/tracking-results/JD014600006281230704',
    });
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      tracking_number: '1Z999AA10123456784',
      carrier: 'UPS',
      tracking_url: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
    });
    expect(entries[1]).toMatchObject({ tracking_number: 'JD014600006281230704', carrier: null });
    expect(entries[1]?.tracking_url).toContain('JD014600006281230704');
  });

  it('no shipping, empty strings → no entries', () => {
    expect(trackingsFromStripe(null, {})).toEqual([]);
    expect(trackingsFromStripe({ ...st.SHIPPING, tracking_number: ' , ' }, { tracking_numbers: '' })).toEqual([]);
  });
});
