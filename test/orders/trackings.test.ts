import type { TrackingEntry } from '../../orders/order';
import { isActive, summariseTrackings, withCarrierLinks } from '../../orders/trackings';

const entry = (over: Partial<TrackingEntry>): TrackingEntry => ({
  tracking_number: null,
  carrier: null,
  carrier_name: null,
  tracking_url: null,
  status: null,
  tracker_id: null,
  ...over,
});

describe('tracking links on an Order', () => {
  it('come from the carrier the gateway holds (Stripe free text, normalised)', () => {
    expect(withCarrierLinks(entry({ tracking_number: '9400111202555842332669', carrier: 'usps' }))).toMatchObject({
      carrier: 'usps',
      carrier_name: 'USPS',
      tracking_url: 'https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111202555842332669',
    });
  });

  it('come from the number’s format only when the gateway names no carrier (PayPal Orders v2 trackers)', () => {
    expect(withCarrierLinks(entry({ tracking_number: 'RR473124829GB', status: 'SHIPPED' }))).toMatchObject({
      carrier: 'ROYAL_MAIL',
      carrier_name: 'Royal Mail',
      tracking_url: expect.stringMatching(/^https:\/\/www\.royalmail\.com\/.*RR473124829GB/),
    });
  });

  it('are left empty for a number no format recognises, or a carrier we do not know', () => {
    expect(withCarrierLinks(entry({ tracking_number: 'ABC123' }))).toEqual(entry({ tracking_number: 'ABC123' }));
    expect(withCarrierLinks(entry({ tracking_number: 'ABC123', carrier: 'Bob’s Couriers' }))).toEqual(
      entry({ tracking_number: 'ABC123', carrier: 'Bob’s Couriers' }),
    );
  });

  it('never replace what the gateway holds', () => {
    const held = entry({
      tracking_number: '1Z999AA10123456784',
      carrier: 'UPS',
      carrier_name: 'UPS Ground',
      tracking_url: 'https://example.com/t/1',
    });
    expect(withCarrierLinks(held)).toEqual(held);
  });
});

describe('the tracking summary', () => {
  it('summariseTrackings: first active entry on top', () => {
    const summary = summariseTrackings([
      { tracking_number: 'A1', status: 'CANCELLED' },
      { tracking_number: 'B2', carrier: 'DHL', status: 'SHIPPED' },
    ]);
    expect(summary).toMatchObject({ has_tracking: true, tracking_number: 'B2', carrier: 'DHL' });
    expect(summary.trackings).toHaveLength(2);
    expect(summariseTrackings([]).has_tracking).toBe(false);
  });

  it('counts a tracker as live unless it is CANCELLED, whatever the case', () => {
    expect(isActive({ status: 'SHIPPED' })).toBe(true);
    expect(isActive({ status: null })).toBe(true);
    expect(isActive({})).toBe(true);
    expect(isActive({ status: 'CANCELLED' })).toBe(false);
    expect(isActive({ status: 'cancelled' })).toBe(false);
    expect(summariseTrackings([{ tracking_number: 'A1', status: 'cancelled' }]).has_tracking).toBe(false);
  });
});
