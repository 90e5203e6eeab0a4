/**
 * Carrier names → PayPal carrier codes (docs/architecture.md#carriers). Pure: no I/O.
 *
 *   normalizeCarrier(text, { overrides?, country? }): NormalizedCarrier | null
 *       Free text ("usps", "U.S.P.S.", "USPS Ground Advantage", "DPD UK", "DE_DHL") → { code, name, known }.
 *       Order: the merchant's `carrier_overrides` (name → code or name), an exact PayPal code containing "_",
 *       the alias table (carriers/carrier-table.ts, country-aware), then any exact PayPal code. Unknown text →
 *       { code: 'OTHER', name: <the merchant's text, trimmed>, known: false } — never another real carrier.
 *       Blank text → null (the caller detects the carrier from the tracking number instead).
 *   carrierName(code): string | null        display name (table name, else the code made readable); null for OTHER/unknown
 *   trackingUrl(code, number): string | null public HTTPS tracking page, number URI-encoded; null when none is known
 *   nationalPostCode(country): string | null the country's postal operator code (S10 suffix, "Post" + country)
 *
 * Country hints: a country named in the text ("DPD UK", "GLS Italia", "DHL DE") wins over `country`
 * (ISO-3166 alpha-2, e.g. the shipping or merchant country). They only choose among one brand's variants.
 */
import { CARRIERS, COUNTRY_WORDS, type CarrierEntry } from './carrier-table';
import { isPaypalCarrierCode } from './paypal-codes';

export interface NormalizedCarrier {
  /** PayPal carrier code; `OTHER` when the text names no carrier we know. */
  readonly code: string;
  /** Display name; for `OTHER` the merchant's own text (PayPal `carrier_name_other`). */
  readonly name: string;
  readonly known: boolean;
}

export interface NormalizeOptions {
  /** The merchant's own names → PayPal codes (or carrier names), applied before the built-in table. */
  readonly overrides?: Readonly<Record<string, unknown>> | null;
  /** ISO-3166 alpha-2 country used to pick a brand's country variant when the text names none. */
  readonly country?: string | null;
}

/**
 * Lower-case words only: accents, dots ("U.S.P.S.") and apostrophes dropped, "&" spelled "and", and runs of
 * single letters joined ("U S P S" → "usps").
 */
export function normalizeText(text: string): string {
  // Already normal (every alias in the table but a few): the index is built from ~720 names on a cold
  // start, and this one test halves its cost.
  if (NORMAL_WORDS.test(text) && !SPACED_LETTERS.test(text)) return text;
  // Plain ASCII (every alias in the table, most merchant input) has no accents to strip: the Unicode
  // pass is skipped, as it costs more than the rest together when the index is built on a cold start.
  const unaccented = /^[\x00-\x7f]*$/.test(text) ? text : text.normalize('NFD').replace(/\p{M}/gu, '');
  return (
    unaccented
      .toLowerCase()
      .replace(/&/g, ' and ')
      // ’ written as \u2019: the built file stays ASCII (scripts/bundle.js).
      .replace(/[.'\u2019]/g, '')
      .replace(/[^a-z0-9]+/g, ' ')
      .trim()
      .replace(/\b[a-z](?: [a-z]\b)+/g, (letters) => letters.replace(/ /g, ''))
  );
}

/** Lower-case words and digits, single spaces between them… */
const NORMAL_WORDS = /^[a-z0-9]+(?: [a-z0-9]+)*$/;
/** …with no two single letters in a row ("u s p s"), which the last step joins. */
const SPACED_LETTERS = /(?:^| )[a-z] [a-z](?: |$)/;

/** Words a national postal operator answers to (as the whole text), once a country says which one. */
const POSTAL_WORDS = ['=post', '=postal', '=postal service', '=post office', '=national post', '=mail'];

interface Indexes {
  /** normalised alias → the rows it may mean (one brand's country variants when more than one). */
  readonly byAlias: ReadonlyMap<string, readonly CarrierEntry[]>;
  /** the same for "="-aliases, which count only as the whole text */
  readonly byWholeText: ReadonlyMap<string, readonly CarrierEntry[]>;
  readonly countryByWords: ReadonlyMap<string, string>;
  readonly longestAliasWords: number;
}

let byCode: ReadonlyMap<string, CarrierEntry> | undefined;

/** The table's row for a PayPal code. Apart from the alias index: names and links need only this. */
function entryByCode(code: string): CarrierEntry | undefined {
  byCode ??= new Map(CARRIERS.map((entry) => [entry.code, entry]));
  return byCode.get(code);
}

let indexes: Indexes | undefined;

function getIndexes(): Indexes {
  if (indexes) return indexes;
  const byAlias = new Map<string, CarrierEntry[]>();
  const byWholeText = new Map<string, CarrierEntry[]>();
  // Built on the first carrier lookup of every cold start: the "=" is cut before normalising (so the name
  // takes the fast path) and a row list is made only for a new key.
  const add = (alias: string, entry: CarrierEntry, wholeText = alias.startsWith('=')): void => {
    const index = wholeText ? byWholeText : byAlias;
    const key = normalizeText(alias.startsWith('=') ? alias.slice(1) : alias);
    const rows = index.get(key);
    if (!rows) index.set(key, [entry]);
    else if (!rows.includes(entry)) rows.push(entry);
  };
  for (const entry of CARRIERS) {
    add(entry.name, entry, true); // a display name like "Bring" or "Toll" is an ordinary word too
    for (const alias of entry.aliases) add(alias, entry);
    if (entry.nationalPost) for (const word of POSTAL_WORDS) add(word, entry);
  }
  const countryByWords = new Map<string, string>(Object.entries(COUNTRY_WORDS));
  for (const entry of CARRIERS) if (entry.country) countryByWords.set(entry.country.toLowerCase(), entry.country);
  let longestAliasWords = 0;
  for (const keys of [byAlias.keys(), countryByWords.keys()])
    for (const key of keys) longestAliasWords = Math.max(longestAliasWords, wordCount(key));
  indexes = { byAlias, byWholeText, countryByWords, longestAliasWords };
  return indexes;
}

function wordCount(normalText: string): number {
  let words = 1;
  for (let at = normalText.indexOf(' '); at >= 0; at = normalText.indexOf(' ', at + 1)) words += 1;
  return words;
}

interface PhraseMatch<T> {
  readonly start: number;
  readonly end: number; // exclusive, in words
  readonly value: T;
}

/** Every contiguous word run of `words` found in `index`, minus runs inside a longer match. */
function findPhrases<T>(words: readonly string[], index: ReadonlyMap<string, T>, maxWords: number): PhraseMatch<T>[] {
  const found: PhraseMatch<T>[] = [];
  for (let start = 0; start < words.length; start++) {
    for (let end = Math.min(words.length, start + maxWords); end > start; end--) {
      const value = index.get(words.slice(start, end).join(' '));
      if (value !== undefined) found.push({ start, end, value });
    }
  }
  return found.filter((m) => !found.some((o) => o !== m && o.start <= m.start && o.end >= m.end && o.end - o.start > m.end - m.start));
}

/** One brand's rows → the row for the hinted country, else the row without a country, else none. */
function pickVariant(rows: readonly CarrierEntry[], country: string | undefined): CarrierEntry | undefined {
  if (rows.length === 1) return rows[0];
  return rows.find((r) => country !== undefined && r.country === country) ?? rows.find((r) => r.country === undefined);
}

function known(entry: CarrierEntry): NormalizedCarrier {
  return { code: entry.code, name: entry.name, known: true };
}

function fromCode(code: string): NormalizedCarrier | null {
  if (code === 'OTHER' || !isPaypalCarrierCode(code)) return null;
  return { code, name: carrierName(code) ?? code, known: true };
}

function fromTable(text: string, country: string | undefined): NormalizedCarrier | null {
  const { byAlias, byWholeText, countryByWords, longestAliasWords } = getIndexes();
  const key = normalizeText(text);
  const whole = byWholeText.get(key);
  if (whole) {
    const variant = pickVariant([...new Set([...whole, ...(byAlias.get(key) ?? [])])], country);
    return variant ? known(variant) : null;
  }
  const words = key.split(' ').filter(Boolean);
  const carriers = findPhrases(words, byAlias, longestAliasWords);
  if (carriers.length === 0) return null;
  const named = findPhrases(words, countryByWords, longestAliasWords).map((m) => m.value);
  const hint = named.find((c) => carriers.some((m) => m.value.length > 1 && m.value.some((r) => r.country === c))) ?? country;
  const picked = carriers.map((m) => pickVariant(m.value, hint));
  const first = picked[0];
  // Two different carriers named ("Canada Post or UPS"), or a brand whose variant nothing decides: not a guess.
  if (!first || picked.some((p) => p !== first)) return null;
  return known(first);
}

export function normalizeCarrier(text: string | null | undefined, options: NormalizeOptions = {}): NormalizedCarrier | null {
  const raw = (text ?? '').trim();
  if (!raw) return null;
  const country = options.country?.trim().toUpperCase() || undefined;
  const own: NormalizedCarrier = { code: 'OTHER', name: raw, known: false };

  const key = normalizeText(raw);
  const override = Object.entries(options.overrides ?? {}).find(([name]) => normalizeText(name) === key)?.[1];
  if (typeof override === 'string' && override.trim()) {
    const target = override.trim();
    if (target.toUpperCase() === 'OTHER') return own;
    return fromCode(target.toUpperCase()) ?? fromTable(target, country) ?? { code: 'OTHER', name: target, known: false };
  }

  const asCode = raw.toUpperCase();
  if (/^[A-Z0-9]+(_[A-Z0-9]+)+$/.test(asCode)) {
    const exact = fromCode(asCode);
    if (exact) return exact;
  }
  if (asCode === 'OTHER') return own;
  return fromTable(raw, country) ?? (/^[A-Z0-9_]+$/.test(asCode) ? fromCode(asCode) : null) ?? own;
}

export function carrierName(code: string): string | null {
  const entry = entryByCode(code);
  if (entry) return entry.name;
  return code !== 'OTHER' && isPaypalCarrierCode(code) ? code.replace(/_/g, ' ') : null;
}

export function trackingUrl(code: string, trackingNumber: string): string | null {
  const template = entryByCode(code)?.url;
  const number = trackingNumber.trim();
  if (!template || !number) return null;
  return template.replace('{number}', encodeURIComponent(number));
}

export function nationalPostCode(country: string): string | null {
  const upper = country.toUpperCase();
  return CARRIERS.find((e) => e.nationalPost && e.country === upper)?.code ?? null;
}
