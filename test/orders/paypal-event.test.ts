import { orderFromPayPalEvent } from '../../orders/paypal-event';
import { expectExactKeys, PAYPAL_STATUS_CASES } from './fixtures/cases';
import * as pp from './fixtures/paypal';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('orderFromPayPalEvent: every status-table event', () => {
  it.each(PAYPAL_STATUS_CASES)('%s (case %#) maps with exactly the Order keys', (_type, event, status) => {
    const order = orderFromPayPalEvent(event);
    expectExactKeys(order);
    expect(order.status).toBe(status);
    expect(order.gateway).toBe('paypal');
    expect(order.event_id).toBe(event.id);
    expect(order.event_type).toBe(event.event_type);
    expect(order.status_changed_at).toBe(new Date(event.create_time).toISOString().replace('.000Z', 'Z'));
    expect(order.id).toBe(`paypal:${order.order_id ?? order.payment_id}:${status}`);
  });

  it('CHECKOUT.ORDER.APPROVED: buyer and shipping from the order resource; no capture yet', () => {
    const order = orderFromPayPalEvent(pp.CHECKOUT_ORDER_APPROVED, { environment: 'live' });
    expectExactKeys(order);
    expect(order).toMatchObject({
      order_id: '5O190127TN364715T',
      payment_id: null,
      dashboard_url: null,
      environment: 'live',
      amount: '100.00',
      currency: 'USD',
      amount_refunded: null,
      gateway_status: 'APPROVED',
      customer_email: 'buyer@example.com',
      customer_name: 'John Doe',
      shipping_line1: '2211 N First Street',
      shipping_line2: 'Building 17',
      shipping_city: 'San Jose',
      shipping_state: 'CA',
      shipping_postal_code: '95131',
      shipping_country: 'US',
      created_at: '2018-04-01T21:18:49Z',
    });
  });

  it('PAYMENT.CAPTURE.COMPLETED seen alone: capture id, no order id (its `up` is an authorization), missing buyer = null', () => {
    const order = orderFromPayPalEvent(pp.CAPTURE_COMPLETED);
    expectExactKeys(order);
    expect(order).toMatchObject({
      order_id: null,
      payment_id: '27M47624FP291604U',
      id: 'paypal:27M47624FP291604U:paid',
      amount: '2.51',
      amount_refunded: '0.00',
      gateway_status: 'COMPLETED',
      customer_email: null,
      customer_name: null,
      customer_phone: null,
      shipping_name: null,
      shipping_line1: null,
      merchant_reference: null,
      has_tracking: false,
      trackings: [],
      environment: 'live',
      dashboard_url: 'https://www.paypal.com/activity/payment/27M47624FP291604U',
    });
  });

  it('sandbox capture: order id from supplementary_data, environment from the sandbox links', () => {
    const order = orderFromPayPalEvent(pp.SANDBOX_CAPTURE_COMPLETED);
    expect(order).toMatchObject({
      order_id: '89T257400V0473133',
      payment_id: '29Y24445UY2083144',
      environment: 'test',
      dashboard_url: 'https://www.sandbox.paypal.com/activity/payment/29Y24445UY2083144',
    });
    expect(orderFromPayPalEvent(pp.SANDBOX_CAPTURE_COMPLETED, { environment: 'sandbox' })?.environment).toBe('test');
  });

  it('capture event with its order: buyer and shipping from the order', () => {
    const completed = clone(pp.CAPTURE_COMPLETED);
    completed.resource.id = '3C679366HH908993F';
    const order = orderFromPayPalEvent(completed, { order: pp.ORDER_COMPLETED, environment: 'live' });
    expectExactKeys(order);
    expect(order).toMatchObject({
      order_id: '5O190127TN364715T',
      payment_id: '3C679366HH908993F',
      status: 'paid',
      amount: '100.00',
      customer_email: 'customer@example.com',
      customer_name: 'John Doe',
      shipping_line1: '123 Main St.',
      shipping_city: 'Anytown',
    });
  });

  it('refund: partial vs full, with the refunded capture', () => {
    const partial = orderFromPayPalEvent(pp.CAPTURE_REFUNDED, { capture: pp.CAPTURE_DETAILS });
    expectExactKeys(partial);
    expect(partial).toMatchObject({
      status: 'partially_refunded',
      payment_id: '0JF852973C016714D',
      amount: '10.99',
      amount_refunded: '1.98',
      merchant_reference: 'INVOICE-123',
      gateway_status: 'PARTIALLY_REFUNDED',
    });
    const full = orderFromPayPalEvent(pp.CAPTURE_REFUNDED, {
      capture: { ...pp.CAPTURE_DETAILS, status: 'REFUNDED', amount: { currency_code: 'USD', value: '1.98' } },
    });
    expect(full).toMatchObject({ status: 'refunded', amount_refunded: '1.98', id: 'paypal:0JF852973C016714D:refunded' });
  });

  it('refund without the capture: capture id from the `up` link, refunded total kept', () => {
    const order = orderFromPayPalEvent(pp.CAPTURE_REFUNDED);
    expectExactKeys(order);
    expect(order).toMatchObject({
      payment_id: '0JF852973C016714D',
      amount: null,
      amount_refunded: '1.98',
      currency: 'USD',
      gateway_status: 'COMPLETED',
    });
  });

  it('refund with the order: the order capture status decides', () => {
    const refundedOrder = clone(pp.ORDER_COMPLETED);
    const capture = refundedOrder.purchase_units[0]!.payments.captures[0]!;
    capture.id = pp.REFUNDED_CAPTURE_ID;
    capture.status = 'PARTIALLY_REFUNDED';
    const order = orderFromPayPalEvent(pp.CAPTURE_REFUNDED, { order: refundedOrder });
    expect(order).toMatchObject({ order_id: '5O190127TN364715T', status: 'partially_refunded', amount: '100.00', amount_refunded: '1.98' });
  });

  it('dispute: capture from disputed_transactions, amount from the dispute, gateway_status the dispute status', () => {
    const order = orderFromPayPalEvent(pp.DISPUTE_CREATED);
    expectExactKeys(order);
    expect(order).toMatchObject({
      payment_id: '00D10444LD479031K',
      order_id: null,
      amount: '3.00',
      gateway_status: 'OPEN',
      status: 'disputed',
      environment: 'test', // the dispute resource's links are sandbox links
    });
  });

  it('CUSTOMER.DISPUTE.UPDATED and RESOLVED without outcome stay disputed', () => {
    expect(orderFromPayPalEvent({ ...pp.DISPUTE_CREATED, event_type: 'CUSTOMER.DISPUTE.UPDATED' })?.status).toBe('disputed');
    expect(orderFromPayPalEvent(pp.disputeResolved('NONE'))?.status).toBe('disputed');
  });

  it('other event types → null', () => {
    expect(orderFromPayPalEvent({ event_type: 'PAYMENT.AUTHORIZATION.CREATED', resource: {} })).toBeNull();
  });
});
