import { statusFromPayPalEvent, statusFromPayPalOrder } from '../../orders/status-paypal';
import { PAYPAL_STATUS_CASES } from './fixtures/cases';
import * as pp from './fixtures/paypal';

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

describe('a PayPal order read directly', () => {
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
