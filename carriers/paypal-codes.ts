/**
 * PayPal's carrier codes: the `ShipmentCarrier` enum of `@paypal/paypal-server-sdk` 2.5.0 (1,413 codes incl. `OTHER`).
 *
 *   paypalCarrierCodes(): ReadonlySet<string>   every code, loaded on first use
 *   isPaypalCarrierCode(code: string): boolean  exact (upper-case) membership
 *
 * Why a JSON copy instead of requiring the SDK's own `dist/cjs/models/shipmentCarrier.js`:
 * - the SDK's package.json `exports` map forbids that deep path (ERR_PACKAGE_PATH_NOT_EXPORTED);
 * - reaching it through `require.resolve` + an absolute path hides it from the esbuild trace that
 *   `zapier build` uses to pick files for the zip, so it would be missing in production;
 * - it also loads `@apimatic/schema` + tslib (~60 ms) where the JSON costs ~2 ms (the whole SDK: ~420 ms).
 * test/tracking/paypal-codes.test.ts proves the copy equals the installed SDK's enum, so an SDK upgrade
 * that changes the list fails the tests until the copy is regenerated (the test says how).
 */
import type codesJson from './paypal-carrier-codes.json';

let codes: ReadonlySet<string> | undefined;

export function paypalCarrierCodes(): ReadonlySet<string> {
  // The type-only import keeps the JSON in the TypeScript program, so `tsc` copies it to dist/.
  codes ??= new Set(require('./paypal-carrier-codes.json') as typeof codesJson);
  return codes;
}

export function isPaypalCarrierCode(code: string): boolean {
  return paypalCarrierCodes().has(code);
}
