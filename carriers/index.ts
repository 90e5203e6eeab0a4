/**
 * Carriers and tracking numbers (docs/architecture.md#carriers): the public surface of carriers/. Pure functions, no I/O.
 * See each module's header for the rules.
 */
export { normalizeCarrier, carrierName, trackingUrl, nationalPostCode } from './carriers';
export type { NormalizedCarrier, NormalizeOptions } from './carriers';
export { parseTrackingNumbers, detectCarrier, TrackingInputError, MAX_TRACKING_NUMBER_LENGTH } from './numbers';
export type { DetectOptions } from './numbers';
export { paypalCarrierCodes, isPaypalCarrierCode } from './paypal-codes';
export { CARRIERS } from './carrier-table';
export type { CarrierEntry } from './carrier-table';
