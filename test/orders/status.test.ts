import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ORDER_STATUSES,
  STATUS_TABLE,
  paypalEventsFor,
  statusFromPayPalEvent,
  statusFromPayPalOrder,
  statusFromPaymentIntent,
  statusFromStripeEvent,
  stripeEventsFor,
} from '../../orders/status';
import { PAYPAL_STATUS_CASES, STRIPE_STATUS_CASES } from './fixtures/cases';
import * as pp from './fixtures/paypal';
import * as st from './fixtures/stripe';

const STATUS_KEYS = ORDER_STATUSES.map((s) => s.key);

describe('the status table', () => {
  it('covers every status exactly once and names only existing statuses', () => {
    const inTable = STATUS_TABLE.flatMap((row) => row.statuses);
    expect([...inTable].sort()).toEqual([...STATUS_KEYS].sort());
  });

  it('names only Stripe events that exist (stripe@23.1.0 EnabledEvent list)', () => {
    const known = new Set(
      readFileSync(join(__dirname, '../../specs/stripe-webhook-enabled-events.txt'), 'utf8')
        .split('\n')
        .map((l) => l.trim()),
    );
    for (const event of STATUS_TABLE.flatMap((row) => row.stripe)) expect(known).toContain(event);
  });

  it('gives every status a label', () => {
    for (const s of ORDER_STATUSES) expect(s.label).toMatch(/^[A-Z]/);
  });
});

describe('events to subscribe', () => {
  it('paid → exactly the success events', () => {
    expect(stripeEventsFor(['paid'])).toEqual(['payment_intent.succeeded']);
    expect(paypalEventsFor(['paid'])).toEqual(['PAYMENT.CAPTURE.COMPLETED']);
  });

  it('a status that shares a row subscribes the row once', () => {
    expect(stripeEventsFor(['refunded', 'partially_refunded'])).toEqual(['charge.refunded']);
    expect(paypalEventsFor(['partially_refunded'])).toEqual(['PAYMENT.CAPTURE.REFUNDED', 'PAYMENT.CAPTURE.REVERSED']);
    expect(paypalEventsFor(['dispute_lost'])).toEqual(['CUSTOMER.DISPUTE.RESOLVED']);
  });

  it('every status → the union of its rows, in table order', () => {
    expect(stripeEventsFor(STATUS_KEYS)).toEqual([
      'payment_intent.processing',
      'payment_intent.succeeded',
      'payment_intent.payment_failed',
      'payment_intent.canceled',
      'charge.refunded',
      'charge.dispute.created',
      'charge.dispute.closed',
    ]);
    expect(paypalEventsFor(STATUS_KEYS)).toHaveLength(10);
  });

  it('unknown statuses subscribe nothing', () => {
    expect(stripeEventsFor(['shipped'])).toEqual([]);
    expect(paypalEventsFor([])).toEqual([]);
  });
});

describe('Stripe event → status, one case per table entry', () => {
  it.each(STRIPE_STATUS_CASES)('%s (case %#)', (type, object, expected) => {
    expect(statusFromStripeEvent(st.stripeEvent(type, object))).toBe(expected);
  });

  it('events outside the table → null', () => {
    expect(statusFromStripeEvent(st.stripeEvent('payment_intent.created', st.PAYMENT_INTENT))).toBeNull();
    expect(statusFromStripeEvent(st.stripeEvent('charge.dispute.updated', st.DISPUTE))).toBeNull();
  });
});

describe('PayPal event → status, one case per table entry', () => {
  it.each(PAYPAL_STATUS_CASES)('%s (case %#)', (_type, event, expected) => {
    expect(statusFromPayPalEvent(event)).toBe(expected);
  });

  it('refund: partial vs full by the capture, by status or by amount', () => {
    const capture = { id: pp.REFUNDED_CAPTURE_ID, amount: { currency_code: 'USD', value: '10.99' } };
    // total refunded 1.98 of 10.99 captured
    expect(statusFromPayPalEvent(pp.CAPTURE_REFUNDED, capture)).toBe('partially_refunded');
    expect(statusFromPayPalEvent(pp.CAPTURE_REFUNDED, { ...capture, amount: { currency_code: 'USD', value: '1.98' } })).toBe('refunded');
    expect(statusFromPayPalEvent(pp.CAPTURE_REFUNDED, { ...capture, status: 'REFUNDED' })).toBe('refunded');
    expect(statusFromPayPalEvent(pp.CAPTURE_REFUNDED, pp.CAPTURE_DETAILS)).toBe('partially_refunded');
  });

  it('a resolved dispute without a known outcome → null; events outside the table → null', () => {
    expect(statusFromPayPalEvent(pp.disputeResolved('NONE'))).toBeNull();
    expect(statusFromPayPalEvent({ ...pp.DISPUTE_CREATED, event_type: 'CUSTOMER.DISPUTE.UPDATED' })).toBeNull();
    expect(statusFromPayPalEvent({ event_type: 'PAYMENT.AUTHORIZATION.CREATED' })).toBeNull();
  });
});

describe('objects read directly', () => {
  it.each([
    [st.PAYMENT_INTENT, 'pending'],
    [st.PI_PROCESSING, 'pending'],
    [st.PI_SUCCEEDED, 'paid'],
    [st.PI_FAILED, 'failed'],
    [st.PI_CANCELED, 'canceled'],
    [{ ...st.PAYMENT_INTENT, status: 'requires_capture' }, 'pending'],
  ] as const)('PaymentIntent case %#', (pi, expected) => {
    expect(statusFromPaymentIntent(pi)).toBe(expected);
  });

  it('a succeeded PaymentIntent with its Charge shows refunds and disputes', () => {
    expect(statusFromPaymentIntent(st.PI_SUCCEEDED, { charge: st.CHARGE_OF_PI })).toBe('paid');
    expect(statusFromPaymentIntent(st.PI_SUCCEEDED, { charge: st.CHARGE_PARTIALLY_REFUNDED })).toBe('partially_refunded');
    expect(statusFromPaymentIntent(st.PI_SUCCEEDED, { charge: st.CHARGE_FULLY_REFUNDED })).toBe('refunded');
    expect(statusFromPaymentIntent(st.PI_SUCCEEDED, { charge: { ...st.CHARGE_OF_PI, disputed: true } })).toBe('disputed');
    expect(statusFromPaymentIntent(st.PI_SUCCEEDED, { dispute: { status: 'under_review' } })).toBe('disputed');
    expect(statusFromPaymentIntent(st.PI_SUCCEEDED, { dispute: { status: 'lost' } })).toBe('dispute_lost');
  });

  it('PayPal order: capture status decides; uncaptured → pending; voided → canceled', () => {
    expect(statusFromPayPalOrder(pp.ORDER_COMPLETED)).toBe('paid');
    expect(statusFromPayPalOrder(pp.CHECKOUT_ORDER_APPROVED.resource)).toBe('pending');
    expect(statusFromPayPalOrder(pp.CHECKOUT_ORDER_VOIDED.resource)).toBe('canceled');
    const refunded = JSON.parse(JSON.stringify(pp.ORDER_COMPLETED));
    refunded.purchase_units[0].payments.captures[0].status = 'PARTIALLY_REFUNDED';
    expect(statusFromPayPalOrder(refunded)).toBe('partially_refunded');
    refunded.purchase_units[0].payments.captures[0].status = 'DECLINED';
    expect(statusFromPayPalOrder(refunded)).toBe('failed');
  });
});
