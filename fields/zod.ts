/**
 * zod for input validation at the edge of an operation (DESIGN §6), loaded on first use.
 *
 * The package's v3 API (`zod/v3`, shipped and maintained in zod 4) loads in about 25 ms; the v4 API
 * (`zod`, `zod/mini`) loads every locale and takes 65–80 ms. That is paid on the cold start of every
 * action (bench/), so operations use the v3 API through this loader and never import zod at the top.
 */
import type * as ZodV3 from 'zod/v3';

export type Zod = typeof ZodV3.z;
export type { ZodV3 };

let zod: Zod | undefined;

export function loadZod(): Zod {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deliberately lazy: keeps zod off the cold path
  zod ??= (require('zod/v3') as typeof ZodV3).z;
  return zod;
}

/** "true"/"yes"/"1" and "false"/"no"/"0" as Zapier sends booleans from text fields; blank → the default. */
export function booleanInput(z: Zod, fallback: boolean) {
  return z.preprocess((value) => {
    if (value === undefined || value === null || value === '') return fallback;
    if (typeof value !== 'string') return value;
    const text = value.trim().toLowerCase();
    if (['true', 'yes', '1', 'y'].includes(text)) return true;
    if (['false', 'no', '0', 'n'].includes(text)) return false;
    return value;
  }, z.boolean({ invalid_type_error: 'must be yes or no' }));
}
