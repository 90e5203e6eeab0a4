import { trackingNumbersFromTrackerIds } from '../../../sync/orders/load';

/** Orders v2 order with trackers, shaped as in PayPal's Orders v2 track docs (tracker id = capture id + number). */
const order = {
  id: '5O190127TN364715T',
  purchase_units: [
    {
      shipping: {
        trackers: [
          { id: '8MC585209K746392H443844607820', status: 'SHIPPED' },
          { id: '8MC585209K746392H1Z999AA10123456784', status: 'CANCELLED' },
        ],
      },
      payments: { captures: [{ id: '8MC585209K746392H', status: 'COMPLETED' }] },
    },
  ],
};

describe('tracking numbers of a PayPal order', () => {
  it('are read from tracker ids of the documented shape capture id + number, cancelled ones kept with their status', () => {
    expect(trackingNumbersFromTrackerIds(order)).toEqual({
      complete: true,
      numbers: [
        { tracking_number: '443844607820', tracker_id: '8MC585209K746392H443844607820', status: 'SHIPPED' },
        { tracking_number: '1Z999AA10123456784', tracker_id: '8MC585209K746392H1Z999AA10123456784', status: 'CANCELLED' },
      ],
    });
  });

  it('are not guessed when a tracker id has another shape (Tracking v1 must be asked)', () => {
    const other = {
      ...order,
      purchase_units: [{ ...order.purchase_units[0]!, shipping: { trackers: [{ id: 'ZZ1234', status: 'SHIPPED' }] } }],
    };
    expect(trackingNumbersFromTrackerIds(other)).toEqual({ complete: false, numbers: [] });
  });

  it('never take the bare capture id as a tracker with an empty number', () => {
    const bare = {
      ...order,
      purchase_units: [{ ...order.purchase_units[0]!, shipping: { trackers: [{ id: '8MC585209K746392H', status: 'SHIPPED' }] } }],
    };
    expect(trackingNumbersFromTrackerIds(bare).complete).toBe(false);
  });
});
