import { orderFromPayPalOrder } from '../../orders/paypal-order';
import { expectExactKeys } from './fixtures/cases';
import * as pp from './fixtures/paypal';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

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
