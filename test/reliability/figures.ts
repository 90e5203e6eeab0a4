/**
 * Reliability figures (docs/reliability.md). Every suite under test/reliability asserts its outcome in `npm test` and
 * records what it counted here. When `npm run reliability` runs the suite it sets RELIABILITY_FIGURES to a
 * folder: each record becomes one JSON file there and the runner adds up the records of the same `name` into
 * docs/reliability.md's table. File names are unique per call: a jest worker runs many test files and reloads this
 * module for each (restarting `sequence`), so pid + sequence alone would let one file's record overwrite
 * another's. Without the variable, recording does nothing.
 *
 *   recordFigure({ name: 'Webhook forgery · Stripe', tried: 14, rejected: 14, produced: 0 })
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ReliabilityFigure {
  /** The table row; records with the same name are summed. */
  name: string;
  /** Cases, calls or deliveries tried. */
  tried: number;
  /** Forged or invalid inputs refused. */
  rejected?: number;
  /** Orders or results produced where none may be (forgeries): must be 0. */
  produced?: number;
  /** Completed correctly. */
  processed?: number;
  /** Ended in the right Zapier error. */
  failedCorrectly?: number;
  /** Done twice (two trackers, two Orders for one delivery): must be 0. */
  duplicated?: number;
  /** Neither done nor answered with an error: must be 0. */
  lost?: number;
  /** One short line for the table's notes column. */
  detail?: string;
}

let sequence = 0;

export function recordFigure(figure: ReliabilityFigure): void {
  const folder = process.env.RELIABILITY_FIGURES;
  if (!folder) return;
  mkdirSync(folder, { recursive: true });
  const slug = figure.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  sequence += 1;
  writeFileSync(join(folder, `${slug}.${process.pid}.${sequence}.${randomUUID()}.json`), JSON.stringify(figure));
}
