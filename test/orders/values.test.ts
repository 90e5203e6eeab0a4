import { firstText, isoDate, shippingFields } from '../../orders/values';

describe('gateway values as the Order keeps them', () => {
  it('isoDate: unix seconds and offsets → UTC Z', () => {
    expect(isoDate(1680800504)).toBe('2023-04-06T17:01:44Z');
    expect(isoDate('2018-08-15T12:13:29-07:00')).toBe('2018-08-15T19:13:29Z');
    expect(isoDate('2019-02-14T21:50:07.940Z')).toBe('2019-02-14T21:50:07.940Z');
    expect(isoDate('2014-07-11T04:03:52+0000')).toBe('2014-07-11T04:03:52Z');
    expect(isoDate(null)).toBeNull();
    expect(isoDate('not a date')).toBeNull();
  });

  it('firstText: the first non-blank text, trimmed; blanks are none', () => {
    expect(firstText(null, '', '  ', ' A-1 ', 'B')).toBe('A-1');
    expect(firstText(undefined, '')).toBeNull();
  });

  it('shippingFields: blank parts become null', () => {
    expect(shippingFields(' Ann ', { line1: '1 Main St', line2: '', country: 'US' })).toEqual({
      shipping_name: 'Ann',
      shipping_line1: '1 Main St',
      shipping_line2: null,
      shipping_city: null,
      shipping_state: null,
      shipping_postal_code: null,
      shipping_country: 'US',
    });
  });
});
