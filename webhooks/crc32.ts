/**
 * CRC-32 (IEEE, as zlib and npm `buffer-crc32`) of a string's UTF-8 bytes, as an unsigned
 * integer: the checksum PayPal puts in the signed message (docs/gateways.md#paypal-signature-verification).
 * Node ≥ 22.2 has `zlib.crc32`; the table version is the fallback for an older runtime.
 */
// A named import: `import * as` makes the bundle copy all of zlib's exports on load.
import { crc32 as zlibCrc32 } from 'node:zlib';

let table: Uint32Array | undefined;

/** Table-driven CRC-32, exported so tests can check it against zlib's. */
export function tableCrc32(text: string): number {
  table ??= Uint32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, 'utf8')) crc = table[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export const crc32: (text: string) => number = typeof zlibCrc32 === 'function' ? (text) => zlibCrc32(text) >>> 0 : tableCrc32;
