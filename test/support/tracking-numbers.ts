/**
 * One valid tracking number of each length the carrier detection (carriers/numbers.ts) accepts, for the tests
 * of what a number's length changes: PayPal builds a tracker id from capture ID (17 characters) + number, and
 * Orders v2 takes tracker ids of at most 36 characters.
 *
 * Real-format examples from test/tracking/numbers.test.ts (check digits verified there). The USPS lengths it
 * has no example of — 24, 28 and 32 digits: IMpb without the 9x application identifier, with and without the
 * 420 + ZIP routing prefix — are built here with the IMpb check digit (USPS Publication 199: mod 10, weights
 * 3, 1, … from the right, over the serial with "91" put in front when it has no application identifier, as
 * jkeen/tracking_number_data's "USPS 91" format computes it).
 */

/** IMpb mod 10 check digit of `payload` (the digits before the check digit). */
function impbCheckDigit(payload: string): string {
  const sum = [...payload].reverse().reduce((total, digit, i) => total + Number(digit) * (i % 2 === 0 ? 3 : 1), 0);
  return String((10 - (sum % 10)) % 10);
}

/** An IMpb number without application identifier: `routing` (empty or 420 + ZIP) + `serial` + check digit over 91 + serial. */
const impbWithout9x = (routing: string, serial: string) => `${routing}${serial}${impbCheckDigit(`91${serial}`)}`;

export interface SampleNumber {
  number: string;
  /** PayPal carrier code detectCarrier gives it. */
  carrier: string;
}

export const SAMPLE_NUMBERS: readonly SampleNumber[] = [
  { number: '1Z999AA10123456784', carrier: 'UPS' },
  { number: '03071790000523483741', carrier: 'USPS' },
  { number: '9400111202555842332669', carrier: 'USPS' },
  { number: impbWithout9x('', '01055123456781234567890'), carrier: 'USPS' },
  { number: '92748931507708513018050063', carrier: 'USPS' },
  { number: impbWithout9x('42022153', '0105512345678123456'), carrier: 'USPS' },
  { number: '420221539101026837331000039521', carrier: 'USPS' },
  { number: impbWithout9x('42022153', '01055123456781234567890'), carrier: 'USPS' },
  { number: '4201002334249200190132607600833457', carrier: 'USPS' },
  { number: '986578788855', carrier: 'FEDEX' },
  { number: '041441760228964', carrier: 'FEDEX' },
  { number: '000123450000000027', carrier: 'FEDEX' },
  { number: '61299998820821171811', carrier: 'FEDEX' },
  { number: '9611020987654312345672', carrier: 'FEDEX' },
  { number: '1001921334250001000300779017972697', carrier: 'FEDEX' },
  { number: '3318810025', carrier: 'DHL' },
  { number: '73891051146', carrier: 'DHL' },
  { number: 'RR473124829GB', carrier: 'ROYAL_MAIL' },
];

/** "USPS 22", "ROYAL_MAIL 13": how test names call a sample. */
export const sampleName = (sample: SampleNumber): string => `${sample.carrier} ${sample.number.length}`;
