import * as zlib from 'node:zlib';
import { crc32, tableCrc32 } from '../../webhooks/crc32';
import { RAW_BODY_WITH_DECIMAL_ONE, SAMPLE_RAW_BODY } from './paypal-fixtures';

describe('crc32', () => {
  it('gives the standard CRC-32 check value as an unsigned integer', () => {
    // The CRC-32/ISO-HDLC check value of "123456789" is 0xCBF43926.
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(tableCrc32('123456789')).toBe(0xcbf43926);
  });

  it('the fallback agrees with zlib on UTF-8 text and PayPal bodies', () => {
    for (const text of ['', 'a', 'Grüße, 東京 €', SAMPLE_RAW_BODY, RAW_BODY_WITH_DECIMAL_ONE]) {
      expect(tableCrc32(text)).toBe(zlib.crc32(text) >>> 0);
    }
  });
});
