import path from 'node:path';
import { isPaypalCarrierCode, paypalCarrierCodes } from '../../carriers/paypal-codes';

/** The installed SDK's own enum, read from its module file (the SDK's `exports` map hides the deep path). */
function sdkShipmentCarrierCodes(): string[] {
  const sdkMain = require.resolve('@paypal/paypal-server-sdk');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK's exports map hides this path from import (carriers/paypal-codes.ts)
  const enumModule = require(path.join(path.dirname(sdkMain), 'models', 'shipmentCarrier.js')) as {
    ShipmentCarrier: Record<string, string>;
  };
  return Object.values(enumModule.ShipmentCarrier);
}

describe('PayPal carrier codes', () => {
  test('1,413 codes, including OTHER and the big carriers', () => {
    const codes = paypalCarrierCodes();
    expect(codes.size).toBe(1413);
    for (const code of ['OTHER', 'USPS', 'UPS', 'FEDEX', 'DHL', 'ROYAL_MAIL', 'CA_CANADA_POST']) expect(codes.has(code)).toBe(true);
  });

  test('the JSON copy equals @paypal/paypal-server-sdk ShipmentCarrier (regenerate carriers/paypal-carrier-codes.json from the enum if not)', () => {
    expect([...paypalCarrierCodes()].sort()).toEqual(sdkShipmentCarrierCodes().sort());
  });

  test('membership is exact', () => {
    expect(isPaypalCarrierCode('DE_DHL')).toBe(true);
    expect(isPaypalCarrierCode('de_dhl')).toBe(false);
    expect(isPaypalCarrierCode('CANADA_POST')).toBe(false); // the code is CA_CANADA_POST (docs/gateways.md#paypal-carriers)
    expect(isPaypalCarrierCode('LASERSHIP')).toBe(false); // the code is US_LASERSHIP
  });
});
