import { statusFromPaymentIntent, statusFromStripeEvent } from '../../orders/status-stripe';
import { STRIPE_STATUS_CASES } from './fixtures/cases';
import * as st from './fixtures/stripe';

describe('Stripe event → status, one case per table entry', () => {
  it.each(STRIPE_STATUS_CASES)('%s (case %#)', (type, object, expected) => {
    expect(statusFromStripeEvent(st.stripeEvent(type, object))).toBe(expected);
  });

  it('events outside the table → null', () => {
    expect(statusFromStripeEvent(st.stripeEvent('payment_intent.created', st.PAYMENT_INTENT))).toBeNull();
    expect(statusFromStripeEvent(st.stripeEvent('charge.dispute.updated', st.DISPUTE))).toBeNull();
  });
});

describe('a PaymentIntent read directly', () => {
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
});
