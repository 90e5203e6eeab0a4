import { ORDER_FIELD_LABELS, ORDER_KEYS, SAMPLE_ORDER, completeOrder, orderId, orderOutputFields } from '../../orders/order';
import { isOrderStatus } from '../../orders/status';

// docs/architecture.md#the-order, in order: the contract every trigger and search output keeps.
const DOCUMENTED_KEYS = [
  'id',
  'gateway',
  'environment',
  'order_id',
  'payment_id',
  'merchant_reference',
  'status',
  'gateway_status',
  'status_changed_at',
  'event_id',
  'event_type',
  'amount',
  'currency',
  'amount_refunded',
  'customer_email',
  'customer_name',
  'customer_phone',
  'shipping_name',
  'shipping_line1',
  'shipping_line2',
  'shipping_city',
  'shipping_state',
  'shipping_postal_code',
  'shipping_country',
  'has_tracking',
  'tracking_number',
  'carrier',
  'carrier_name',
  'tracking_url',
  'trackings',
  'created_at',
  'dashboard_url',
  'description',
  'details_complete',
  'details_missing',
];

describe('the Order keys', () => {
  it('are exactly the documented Order keys, in order', () => {
    expect(ORDER_KEYS).toEqual(DOCUMENTED_KEYS);
  });

  it('each has a label and a Zapier type', () => {
    for (const key of ORDER_KEYS) {
      expect(ORDER_FIELD_LABELS[key].label).toMatch(/^[A-Z]/);
      expect(['string', 'number', 'boolean', 'datetime']).toContain(ORDER_FIELD_LABELS[key].type);
    }
  });
});

describe('SAMPLE_ORDER', () => {
  it('has every key, a valid status and ISO dates with a zone', () => {
    expect(Object.keys(SAMPLE_ORDER)).toEqual(ORDER_KEYS);
    expect(isOrderStatus(SAMPLE_ORDER.status)).toBe(true);
    for (const key of ORDER_KEYS.filter((k) => ORDER_FIELD_LABELS[k].type === 'datetime')) {
      expect(SAMPLE_ORDER[key]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/);
    }
    expect(SAMPLE_ORDER.id).toBe(orderId(SAMPLE_ORDER));
  });
});

describe('orderOutputFields', () => {
  it('one field per key, trackings as line items', () => {
    const fields = orderOutputFields();
    const keys = fields.map((f) => f.key);
    expect(keys).toContain('customer_email');
    expect(keys).not.toContain('trackings');
    expect(keys).toContain('trackings[]tracking_number');
    expect(keys).toContain('trackings[]tracker_id');
    expect(new Set(keys).size).toBe(keys.length);
    expect(fields.find((f) => f.key === 'has_tracking')).toEqual({ key: 'has_tracking', label: 'Has Tracking', type: 'boolean' });
  });

  it('can nest under a prefix', () => {
    const fields = orderOutputFields('order__', 'Order: ');
    expect(fields[0]).toEqual({ key: 'order__id', label: 'Order: ID', type: 'string' });
    expect(fields.map((f) => f.key)).toContain('order__trackings[]carrier');
  });
});

describe('completeOrder', () => {
  it('marks an Order complete unless its maker says what is missing', () => {
    expect(completeOrder({ gateway: 'paypal', environment: 'test', status: 'paid' })).toMatchObject({
      details_complete: true,
      details_missing: '',
    });
    const partial = completeOrder({
      gateway: 'paypal',
      environment: 'test',
      status: 'paid',
      details_complete: false,
      details_missing: 'x',
    });
    expect(partial).toMatchObject({ details_complete: false, details_missing: 'x' });
  });

  it('fills every missing key: null, false, []; never undefined', () => {
    const order = completeOrder({
      gateway: 'paypal',
      environment: 'test',
      status: 'paid',
      order_id: '5O190127TN364715T',
      customer_email: undefined,
    });
    expect(Object.keys(order)).toEqual(ORDER_KEYS);
    expect(order.id).toBe('paypal:5O190127TN364715T:paid');
    expect(order.has_tracking).toBe(false);
    expect(order.trackings).toEqual([]);
    expect(order.customer_email).toBeNull();
    expect(Object.values(order)).not.toContain(undefined);
  });

  it('drops keys that are not Order keys and completes tracking rows', () => {
    const order = completeOrder({
      gateway: 'stripe',
      environment: 'live',
      status: 'paid',
      trackings: [{ tracking_number: '1Z999AA10123456784', carrier: 'UPS', carrier_name: 'UPS', tracking_url: null }],
      ...({ secret: 'x' } as object),
    });
    expect(order).not.toHaveProperty('secret');
    expect(order.trackings[0]).toEqual({
      tracking_number: '1Z999AA10123456784',
      carrier: 'UPS',
      carrier_name: 'UPS',
      tracking_url: null,
      status: null,
      tracker_id: null,
    });
  });

  it('the id falls back to the payment id when the order id is unknown', () => {
    expect(orderId({ gateway: 'paypal', order_id: null, payment_id: '27M47624FP291604U', status: 'paid' })).toBe(
      'paypal:27M47624FP291604U:paid',
    );
  });
});
