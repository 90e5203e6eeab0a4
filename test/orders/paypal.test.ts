import { orderFromPayPalEvent, orderFromPayPalOrder, orderFromTransaction } from '../../orders/paypal';
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

describe('orderFromPayPalOrder', () => {
  it('a completed order: IDs, amounts, buyer, shipping, dashboard', () => {
    const order = orderFromPayPalOrder(pp.ORDER_COMPLETED, { environment: 'live' });
    expectExactKeys(order);
    expect(order).toMatchObject({
      id: 'paypal:5O190127TN364715T:paid',
      order_id: '5O190127TN364715T',
      payment_id: '3C679366HH908993F',
      status: 'paid',
      gateway_status: 'COMPLETED',
      amount: '100.00',
      currency: 'USD',
      amount_refunded: '0.00',
      customer_email: 'customer@example.com',
      customer_name: 'John Doe',
      shipping_name: null,
      shipping_country: 'US',
      status_changed_at: '2018-04-01T21:20:49Z',
      dashboard_url: 'https://www.paypal.com/activity/payment/3C679366HH908993F',
      event_id: null,
      has_tracking: false,
    });
  });

  it('merchant_reference: invoice_id before custom_id', () => {
    const order = clone(pp.ORDER_COMPLETED) as typeof pp.ORDER_COMPLETED & {
      purchase_units: Array<{ invoice_id?: string; custom_id?: string }>;
    };
    order.purchase_units[0]!.custom_id = 'CUST-1';
    expect(orderFromPayPalOrder(order).merchant_reference).toBe('CUST-1');
    order.purchase_units[0]!.invoice_id = 'INV-1';
    expect(orderFromPayPalOrder(order).merchant_reference).toBe('INV-1');
  });

  it('completed refunds are summed into amount_refunded', () => {
    const order = clone(pp.ORDER_COMPLETED) as typeof pp.ORDER_COMPLETED & { purchase_units: Array<{ payments: { refunds?: unknown[] } }> };
    order.purchase_units[0]!.payments.refunds = [
      { id: '1Y107995YT783435V', status: 'COMPLETED', amount: { currency_code: 'USD', value: '0.99' } },
      { id: '2Y107995YT783435V', status: 'COMPLETED', amount: { currency_code: 'USD', value: '0.99' } },
      { id: '3Y107995YT783435V', status: 'CANCELLED', amount: { currency_code: 'USD', value: '50.00' } },
    ];
    expect(orderFromPayPalOrder(order).amount_refunded).toBe('1.98');
  });

  it('JPY: whole amounts', () => {
    const order = clone(pp.ORDER_COMPLETED);
    order.purchase_units[0]!.payments.captures[0]!.amount = { currency_code: 'JPY', value: '1500' };
    expect(orderFromPayPalOrder(order)).toMatchObject({ amount: '1500', currency: 'JPY', amount_refunded: '0' });
  });

  describe('trackers', () => {
    it('a SHIPPED tracker without a known number: has_tracking, number null, tracker id kept', () => {
      const order = orderFromPayPalOrder(pp.ORDER_WITH_TRACKER);
      expect(order).toMatchObject({ has_tracking: true, tracking_number: null, payment_id: pp.TRACKED_CAPTURE_ID });
      expect(order.trackings).toEqual([
        {
          tracking_number: null,
          carrier: null,
          carrier_name: null,
          tracking_url: null,
          status: 'SHIPPED',
          tracker_id: '8MC585209K746392H443844607820',
        },
      ]);
    });

    it('numbers from the caller match the tracker (capture ID + number) and fill the top-level fields', () => {
      const order = orderFromPayPalOrder(pp.ORDER_WITH_TRACKER, {
        trackingNumbers: [{ tracking_number: pp.TRACKED_NUMBER, carrier: 'FEDEX', carrier_name: 'FedEx' }],
      });
      expect(order.trackings).toHaveLength(1);
      expect(order).toMatchObject({ has_tracking: true, tracking_number: '443844607820', carrier: 'FEDEX', carrier_name: 'FedEx' });
      expect(order.trackings[0]?.tracker_id).toBe('8MC585209K746392H443844607820');
    });

    it('a CANCELLED tracker does not count; unmatched numbers are listed after the trackers', () => {
      const cancelled = clone(pp.ORDER_WITH_TRACKER);
      cancelled.purchase_units[0]!.shipping.trackers[0]!.status = 'CANCELLED';
      const none = orderFromPayPalOrder(cancelled);
      expect(none).toMatchObject({ has_tracking: false, tracking_number: null });
      expect(none.trackings).toHaveLength(1);

      const withOther = orderFromPayPalOrder(cancelled, {
        trackingNumbers: [{ tracking_number: '9400111899223100000000', carrier: 'USPS', status: 'SHIPPED' }],
      });
      expect(withOther.trackings.map((t) => t.tracking_number)).toEqual([null, '9400111899223100000000']);
      expect(withOther).toMatchObject({ has_tracking: true, tracking_number: '9400111899223100000000', carrier: 'USPS' });
    });
  });
});

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
