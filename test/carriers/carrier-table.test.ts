import { CARRIERS } from '../../carriers/carrier-table';
import { normalizeText } from '../../carriers/carriers';
import { isPaypalCarrierCode } from '../../carriers/paypal-codes';

describe('carrier table', () => {
  test('covers at least the 100 most common carriers', () => {
    expect(CARRIERS.length).toBeGreaterThanOrEqual(100);
  });

  test("every code exists in PayPal's list, once", () => {
    expect(CARRIERS.map((c) => c.code).filter((code) => !isPaypalCarrierCode(code))).toEqual([]);
    const codes = CARRIERS.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  test('countries are ISO-3166 alpha-2 and national posts have one', () => {
    for (const c of CARRIERS) {
      if (c.country !== undefined) expect(c.country).toMatch(/^[A-Z]{2}$/);
      if (c.nationalPost) expect(c.country).toBeDefined();
    }
    const postCountries = CARRIERS.filter((c) => c.nationalPost).map((c) => c.country);
    expect(new Set(postCountries).size).toBe(postCountries.length);
  });

  test("an alias shared by several rows is one brand's country variants: ≤1 without country, no country twice", () => {
    const rowsByAlias = new Map<string, (typeof CARRIERS)[number][]>();
    for (const c of CARRIERS) {
      for (const alias of new Set([c.name, ...c.aliases].map(normalizeText)))
        rowsByAlias.set(alias, [...(rowsByAlias.get(alias) ?? []), c]);
    }
    for (const [alias, rows] of rowsByAlias) {
      if (rows.length < 2) continue;
      const countries = rows.map((r) => r.country);
      const named = countries.filter((x) => x !== undefined);
      // The alias is in the object so a failure names it.
      expect({
        alias,
        withoutCountry: countries.length - named.length <= 1,
        repeatedCountry: named.length !== new Set(named).size,
      }).toEqual({ alias, withoutCountry: true, repeatedCountry: false });
    }
  });

  test('tracking pages are HTTPS templates with one {number}', () => {
    for (const c of CARRIERS.filter((x) => x.url)) {
      expect(c.url).toMatch(/^https:\/\/[a-z0-9.-]+\//);
      expect(c.url?.split('{number}').length).toBe(2);
      expect(() => new URL(c.url!.replace('{number}', 'X'))).not.toThrow();
    }
    expect(CARRIERS.filter((c) => c.url).length).toBeGreaterThanOrEqual(60);
  });
});
