import { orderFromTransaction } from '../../orders/paypal-transaction';
import { expectExactKeys } from './fixtures/cases';
import * as pp from './fixtures/paypal';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('orderFromTransaction (Transaction Search row)', () => {
  it('maps transaction_info, payer_info, shipping_info', () => {
    const order = orderFromTransaction(pp.TRANSACTION_DETAIL, { environment: 'live' });
    expectExactKeys(order);
    expect(order).toMatchObject({
      id: 'paypal:5TY05013RG002845M:paid',
      order_id: null,
      payment_id: '5TY05013RG002845M',
      status: 'paid',
      gateway_status: 'S',
      amount: '465.00',
      currency: 'USD',
      merchant_reference: 'Invoice-005',
      customer_email: 'consumer@example.com',
      customer_name: 'test consumer',
      shipping_name: 'Sowmith',
      shipping_line1: 'Eco Space, bellandur',
      shipping_line2: 'OuterRingRoad',
      shipping_city: 'Bangalore',
      shipping_state: null,
      shipping_postal_code: '560103',
      shipping_country: 'IN',
      created_at: '2014-07-11T04:03:52Z',
      status_changed_at: '2014-07-11T04:03:52Z',
      description: 'Bill for your purchase',
      dashboard_url: 'https://www.paypal.com/activity/payment/5TY05013RG002845M',
    });
  });

  it('a refund row (T1107) names the original capture and the refunded amount', () => {
    const refundRow = clone(pp.TRANSACTION_DETAIL);
    Object.assign(refundRow.transaction_info, {
      transaction_id: '1Y107995YT783435V', // state:
      paypal_reference_id: '5TY05013RG002845M', // state:
      transaction_event_code: 'T1107', // state:
      transaction_amount: { currency_code: 'USD', value: '-465.00' }, // state:
    });
    expect(orderFromTransaction(refundRow)).toMatchObject({
      status: 'refunded',
      payment_id: '5TY05013RG002845M',
      amount: null,
      amount_refunded: '465.00',
    });
  });

  it('pending and denied rows; a row with no payer or shipping keeps every key', () => {
    const info = { ...pp.TRANSACTION_DETAIL.transaction_info, transaction_status: 'P' };
    const pending = orderFromTransaction({ transaction_info: info });
    expectExactKeys(pending);
    expect(pending).toMatchObject({ status: 'pending', customer_email: null, shipping_name: null });
    expect(orderFromTransaction({ transaction_info: { ...info, transaction_status: 'D' } }).status).toBe('failed');
  });
});
