/**
 * Docs drift (issue 8): README.md and docs/recipes.md may name only operations, inputs and outputs the app
 * has, and README.md must document every operation and every visible input and output of it.
 *
 * The notation the docs use, and this test reads (outside fenced code blocks):
 * - a heading ending in a backticked key opens an operation's section: `### Find Order · `find_order``;
 * - `<!-- ops: key1 key2 -->` sets the operations for the tables after it (up to the next heading), for
 *   tables shared by several operations; every row must then hold for every one of them;
 * - a table whose first header cell is `Input` or `Output` lists, in backticks in its first column, input
 *   keys or output keys of those operations (an output key `order` stands for Zapier's flattened
 *   `order__…` keys, `trackings` for `trackings[]…`);
 * - `{{operation_key.output_key}}` anywhere maps an output of one of the app's steps (recipes).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from './support/tester';
import { renderTable } from '../bench/table';
import type { BenchResults } from '../bench/run';

interface Field {
  key: string;
  type?: string;
}

interface Operation {
  key: string;
  kind: 'trigger' | 'create' | 'search';
  hidden: boolean;
  inputs: string[];
  outputs: string[];
}

type OperationMap = Record<string, { display?: { hidden?: boolean }; operation: { inputFields?: unknown; outputFields?: unknown } }>;

/** The app's operations with their input keys (copy fields left out: they are notes, not inputs) and output keys. */
function appOperations(): Map<string, Operation> {
  const app = App as unknown as { triggers: OperationMap; creates: OperationMap; searches: OperationMap };
  const operations = new Map<string, Operation>();
  for (const [kind, map] of [
    ['trigger', app.triggers],
    ['create', app.creates],
    ['search', app.searches],
  ] as const) {
    for (const [key, definition] of Object.entries(map)) {
      const fields = (list: unknown) =>
        (Array.isArray(list) ? list : []).filter((f): f is Field => typeof f === 'object' && f !== null && 'key' in f);
      operations.set(key, {
        key,
        kind,
        hidden: Boolean(definition.display?.hidden),
        inputs: fields(definition.operation.inputFields)
          .filter((f) => f.type !== 'copy')
          .map((f) => f.key),
        outputs: fields(definition.operation.outputFields).map((f) => f.key),
      });
    }
  }
  return operations;
}

/** `order` stands for `order__…` and `trackings` for `trackings[]…`: the way Zapier flattens nested output. */
function hasOutput(operation: Operation, key: string): boolean {
  return operation.outputs.some((output) => output === key || output.startsWith(`${key}__`) || output.startsWith(`${key}[]`));
}

const topLevelOutputs = (operation: Operation): string[] => [...new Set(operation.outputs.map((key) => key.split(/__|\[\]/)[0]!))];

interface Documented {
  /** operation key → headings that open its section */
  sections: Set<string>;
  /** `operation key:input key` pairs listed in an Input table of that operation */
  inputs: Set<string>;
  /** `operation key:output key` pairs listed in an Output table of that operation */
  outputs: Set<string>;
}

/** Reads a Markdown document in the notation above; returns what it documents and every mismatch with the app. */
export function readDocs(
  markdown: string,
  name: string,
  operations: Map<string, Operation>,
): { problems: string[]; documented: Documented } {
  const problems: string[] = [];
  const documented: Documented = { sections: new Set(), inputs: new Set(), outputs: new Set() };
  let context: string[] = [];
  let table: 'Input' | 'Output' | 'other' | null = null;
  let inCode = false;

  const known = (key: string, where: string): boolean => {
    if (operations.has(key)) return true;
    problems.push(`${name}:${where}: "${key}" is not an operation of the app`);
    return false;
  };

  markdown.split('\n').forEach((line, index) => {
    const where = String(index + 1);
    if (/^\s*```/.test(line)) {
      inCode = !inCode;
      return;
    }
    if (inCode) return;

    for (const [, op, output] of line.matchAll(/\{\{\s*([A-Za-z0-9_]+)\.([A-Za-z0-9_[\]]+)\s*\}\}/g)) {
      if (known(op!, where) && !hasOutput(operations.get(op!)!, output!))
        problems.push(`${name}:${where}: ${op} has no output "${output}"`);
    }

    const heading = /^#{1,6}\s+(.*?)\s*$/.exec(line);
    if (heading) {
      table = null;
      context = [];
      const op = /`([^`]+)`\s*(?:\(hidden\))?$/.exec(heading[1]!)?.[1];
      if (op && known(op, where)) {
        context = [op];
        documented.sections.add(op);
      }
      return;
    }
    const ops = /^<!--\s*ops:\s*(.*?)\s*-->\s*$/.exec(line);
    if (ops) {
      context = ops[1]!.split(/\s+/).filter((key) => known(key, where));
      return;
    }
    if (!line.startsWith('|')) {
      table = null;
      return;
    }
    const cells = line
      .split(/(?<!\\)\|/)
      .slice(1, -1)
      .map((cell) => cell.trim());
    if (table === null) {
      // A table starts: only Input and Output tables are about keys; the rows of any other are skipped.
      const kind = cells[0];
      table = kind === 'Input' || kind === 'Output' ? kind : 'other';
      if (table !== 'other' && context.length === 0) problems.push(`${name}:${where}: ${table} table outside an operation's section`);
      return;
    }
    if (table === 'other' || /^[-:\s]+$/.test(cells[0] ?? '')) return;
    for (const [, key] of (cells[0] ?? '').matchAll(/`([^`]+)`/g)) {
      for (const op of context) {
        const operation = operations.get(op)!;
        const exists = table === 'Input' ? operation.inputs.includes(key!) : hasOutput(operation, key!);
        if (exists) (table === 'Input' ? documented.inputs : documented.outputs).add(`${op}:${key}`);
        else problems.push(`${name}:${where}: ${op} has no ${table === 'Input' ? 'input' : 'output'} "${key}"`);
      }
    }
  });
  return { problems, documented };
}

/** Operations, inputs and outputs of the app that a document does not cover. Hidden operations are exempt (see below). */
export function undocumented(documented: Documented, operations: Map<string, Operation>): string[] {
  const missing: string[] = [];
  for (const operation of operations.values()) {
    if (operation.hidden) continue;
    if (!documented.sections.has(operation.key)) missing.push(`${operation.key}: no section (a heading ending in \`${operation.key}\`)`);
    for (const input of operation.inputs) {
      if (!documented.inputs.has(`${operation.key}:${input}`))
        missing.push(`${operation.key}: input "${input}" is in no Input table of its section`);
    }
    for (const output of topLevelOutputs(operation)) {
      if (!documented.outputs.has(`${operation.key}:${output}`))
        missing.push(`${operation.key}: output "${output}" is in no Output table of its section`);
    }
  }
  return missing;
}

const ROOT = join(__dirname, '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const operations = appOperations();

describe('README.md', () => {
  const readme = read('README.md');
  const { problems, documented } = readDocs(readme, 'README.md', operations);

  it('names only operations, inputs and outputs the app has', () => {
    expect(problems).toEqual([]);
  });

  it('documents every visible operation with all its inputs and outputs', () => {
    expect(undocumented(documented, operations)).toEqual([]);
  });

  // Hidden operations (order_list, carrier_list) only feed dropdowns and never appear in the Zap editor, so
  // they need no section of their own; the README still names them where it explains the dropdowns.
  it('names every hidden operation', () => {
    const hidden = [...operations.values()].filter((o) => o.hidden).map((o) => o.key);
    expect(hidden.length).toBeGreaterThan(0);
    expect(hidden.filter((key) => !readme.includes(`\`${key}\``))).toEqual([]);
  });

  it('keeps the status table (one row per status) and the reliability figures of the last run', () => {
    const section = readme.split('## Order statuses')[1]!.split('\n## ')[0]!;
    for (const status of [
      'pending',
      'paid',
      'failed',
      'canceled',
      'refunded',
      'partially_refunded',
      'disputed',
      'dispute_won',
      'dispute_lost',
    ]) {
      expect(section).toContain(`\`${status}\``);
    }
    // Every row `npm run reliability` last wrote (reliability/results.json) is in the README's table.
    const reliability = readme.split('## Reliability')[1]!.split('\n## ')[0]!;
    const results = JSON.parse(readFileSync(join(__dirname, '..', 'reliability', 'results.json'), 'utf8')) as {
      rows: Array<{ name: string }>;
    };
    expect(results.rows.length).toBeGreaterThan(0);
    for (const { name } of results.rows) expect(reliability).toContain(`| ${name} |`);
  });
});

describe('README.md Performance', () => {
  it('shows the table of the last `npm run bench` (bench/results.json) as the bench printed it', () => {
    const performance = read('README.md').split('\n## Performance')[1]!.split('\n## ')[0]!;
    const results = JSON.parse(read('bench/results.json')) as BenchResults;
    expect(performance).toContain(renderTable(results));
  });
});

describe('docs/recipes.md', () => {
  it('maps only operations, inputs and outputs the app has', () => {
    const { problems, documented } = readDocs(read('docs/recipes.md'), 'docs/recipes.md', operations);
    expect(problems).toEqual([]);
    // Every recipe that uses the app opens a step section for it.
    expect(documented.sections.size).toBeGreaterThan(0);
  });
});

describe('the drift check itself', () => {
  it('fails on an operation, an input and an output the app does not have', () => {
    const doc = [
      '### Ship It · `ship_order`',
      '',
      '### Add Tracking to Order · `add_tracking`',
      '',
      '| Input | What |',
      '| --- | --- |',
      '| `order` | any ID |',
      '| `tracking_numbr` | typo |',
      '',
      '| Output | What |',
      '| --- | --- |',
      '| `carrier_name` | name |',
      '| `courier_url` | made up |',
      '',
      'Email body: track it at {{add_tracking.tracking_link}}, {{add_tracking.order__customer_email}}, {{ship_order.id}}',
    ].join('\n');
    expect(readDocs(doc, 'fake.md', operations).problems).toEqual([
      'fake.md:1: "ship_order" is not an operation of the app',
      'fake.md:8: add_tracking has no input "tracking_numbr"',
      'fake.md:13: add_tracking has no output "courier_url"',
      'fake.md:15: add_tracking has no output "tracking_link"',
      'fake.md:15: "ship_order" is not an operation of the app',
    ]);
  });

  it('fails on a shared table row that one of its operations lacks, and on a table outside any section', () => {
    const doc = [
      '## Inputs',
      '<!-- ops: add_tracking add_paypal_tracking -->',
      '| Input | What |',
      '| --- | --- |',
      '| `dispute_evidence` | Stripe only |',
      '',
      '## Elsewhere',
      '| Output | What |',
      '| --- | --- |',
    ].join('\n');
    expect(readDocs(doc, 'fake.md', operations).problems).toEqual([
      'fake.md:5: add_paypal_tracking has no input "dispute_evidence"',
      "fake.md:8: Output table outside an operation's section",
    ]);
  });

  it('reports an input, an output and an operation the README leaves out', () => {
    const readme = read('README.md')
      .replace(/^\| `carrier_overrides` .*\n/m, '')
      .replace(/^\| `dispute_evidence` \| `none`.*\n/m, '')
      .replace(/^### Cancel Tracking · `cancel_tracking`$/m, '### Cancel Tracking');
    const { documented } = readDocs(readme, 'README.md', operations);
    const missing = undocumented(documented, operations);
    expect(missing).toEqual(
      expect.arrayContaining([
        'add_tracking: input "carrier_overrides" is in no Input table of its section',
        'update_tracking: input "carrier_overrides" is in no Input table of its section',
        'add_tracking: output "dispute_evidence" is in no Output table of its section',
        'cancel_tracking: no section (a heading ending in `cancel_tracking`)',
      ]),
    );
    // Removing the heading does not lose cancel_tracking's inputs: its table names its operation itself.
    expect(missing).not.toContain('cancel_tracking: input "order" is in no Input table of its section');
  });

  it('accepts fenced code (JSON samples, diagrams) without reading keys from it', () => {
    const doc = ['```json', '| Input |', '{{nothing.here}}', '```'].join('\n');
    expect(readDocs(doc, 'fake.md', operations).problems).toEqual([]);
  });
});
