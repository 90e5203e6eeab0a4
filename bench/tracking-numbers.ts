/**
 * Valid UPS tracking numbers for the benchmarks: `1Z` + 15 characters + UPS's check digit (odd positions
 * summed, even positions doubled, letters as (code − 63) mod 10), so carrier detection accepts them.
 *
 *   upsNumber(body15): string      upsNumbers(count): string[]
 */
export function upsNumber(body: string): string {
  let sum = 0;
  [...body].forEach((char, index) => {
    const value = /[0-9]/.test(char) ? Number(char) : (char.charCodeAt(0) - 63) % 10;
    sum += index % 2 ? 2 * value : value;
  });
  return `1Z${body}${(10 - (sum % 10)) % 10}`;
}

export function upsNumbers(count: number): string[] {
  return Array.from({ length: count }, (_, i) => upsNumber(`999AA10${String(20_000_000 + i)}`));
}
