/**
 * Docs drift: the docs say what the app does, and only that.
 *
 * - docs/fields.md documents every operation and every visible input and output of it (the Order's keys in
 *   docs/architecture.md); README.md, docs/fields.md, docs/architecture.md and docs/recipes.md name only
 *   operations, inputs and outputs the app has; README.md's operations table lists every operation.
 * - The Order and status tables of docs/architecture.md are orders/order.ts's ORDER_KEYS and
 *   orders/status.ts's STATUS_TABLE; README.md's demo steps are sandbox/demo.ts's; docs/performance.md and
 *   docs/reliability.md hold every line rendered from the last bench/results.json and reliability/results.json,
 *   and README.md's Reliability section the short form of the latter.
 * - Every Markdown link to a file of the repository, and every `docs/<page>.md#section` a comment cites,
 *   resolves; nothing cites a document outside the repository.
 *
 * The notation the operation docs use, and this test reads (outside fenced code blocks):
 * - a heading ending in a backticked key opens an operation's section: `### Find Order · `find_order``;
 * - `<!-- ops: key1 key2 -->` sets the operations for the tables after it (up to the next heading), for
 *   tables shared by several operations; every row must then hold for every one of them;
 * - a table whose first header cell is `Input` or `Output` lists, in backticks in its first column, input
 *   keys or output keys of those operations (an output key `order` stands for Zapier's flattened
 *   `order__…` keys, `trackings` for `trackings[]…`);
 * - `{{operation_key.output_key}}` anywhere maps an output of one of the app's steps (recipes).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { renderTable as renderBenchTable } from '../bench/table';
import { ORDER_KEYS } from '../orders/order';
import { STATUS_TABLE } from '../orders/status';
import { renderSummary as renderReliabilitySummary, renderTable as renderReliabilityTable } from '../reliability/table';
import { App } from './support/tester';

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

/** The text of a `## heading` section, up to the next `## `. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`no section "${heading}"`);
  const rest = markdown.slice(start + heading.length + 2);
  const end = rest.indexOf('\n## ');
  return end < 0 ? rest : rest.slice(0, end);
}

/** The cells of a section's table rows (header and separator left out). */
function tableRows(text: string): string[][] {
  const rows = text
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
  return rows.filter((cells, i) => i > 0 && !/^[-:\s]+$/.test(cells[0] ?? ''));
}

const ticks = (cell: string | undefined): string[] => [...(cell ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!);

/** Markdown outside fenced code blocks. */
const prose = (markdown: string): string => markdown.replace(/^\s*```[\s\S]*?^\s*```/gm, '');

/** GitHub's anchor for a heading: lower case, punctuation dropped, each space a hyphen. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[^\p{L}\p{N}\p{M}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every anchor a Markdown document has (GitHub numbers repeated headings -1, -2, …). */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const [, text] of prose(markdown).matchAll(/^#{1,6}\s+(.*?)\s*#*\s*$/gm)) {
    const base = slug(text!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'build', '.build', 'coverage']);

/** The repository's own .ts, .js and .md files, relative to its root (upstream files copied verbatim, `*.upstream.md`, left out). */
function sourceFiles(dir = ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : sourceFiles(path);
    return /\.(ts|js|md)$/.test(entry.name) && !entry.name.endsWith('.upstream.md') ? [relative(ROOT, path)] : [];
  });
}

/** Links in a Markdown file (outside code) to files of the repository that do not exist, or to sections they lack. */
export function brokenLinks(
  file: string,
  markdown: string,
  exists = (path: string) => existsSync(path),
  readTarget = (path: string) => readFileSync(path, 'utf8'),
): string[] {
  const broken: string[] = [];
  for (const [, target] of prose(markdown).matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/i.test(target!)) continue;
    const [path, anchor] = target!.split('#');
    const resolved = path ? resolve(dirname(join(ROOT, file)), path) : join(ROOT, file);
    if (!exists(resolved)) broken.push(`${file}: ${target} (no such file)`);
    else if (anchor && resolved.endsWith('.md') && !anchors(readTarget(resolved)).has(anchor))
      broken.push(`${file}: ${target} (no such section)`);
  }
  return broken;
}

/** `docs/<page>.md#section` citations in a file whose page or section does not exist. */
export function brokenCitations(
  file: string,
  text: string,
  readDoc = (path: string) => (existsSync(join(ROOT, path)) ? read(path) : null),
): string[] {
  const broken: string[] = [];
  for (const [cited, page, anchor] of text.matchAll(/\bdocs\/([\w-]+\.md)(?:#([\w-]+))?/g)) {
    const doc = readDoc(`docs/${page}`);
    if (doc === null) broken.push(`${file}: ${cited} (no such page)`);
    else if (anchor && !anchors(doc).has(anchor)) broken.push(`${file}: ${cited} (no such section)`);
  }
  return broken;
}

// Written in pieces so that this file does not match the patterns it checks for.
const OUTSIDE_CITATIONS = [
  new RegExp(['\\bDES', 'IGN\\b'].join('')),
  new RegExp(['(?<!https?://\\S*)\\brefer', 'ence/'].join('')),
  new RegExp(['\\b[Ii]ss', 'ue[- ]?\\d+'].join('')),
];

/** Lines citing documents outside the repository (the spec, the shared reference notes, work items). */
export function outsideCitations(file: string, text: string): string[] {
  // CHANGELOG.md: released entries are history and stay as written.
  const checked = file === 'CHANGELOG.md' ? text.split(/^## \[\d/m)[0]! : text;
  return checked
    .split('\n')
    .map((line, i) => ({ line, n: i + 1 }))
    .filter(({ line }) => OUTSIDE_CITATIONS.some((pattern) => pattern.test(line)))
    .map(({ line, n }) => `${file}:${n}: ${line.trim()}`);
}

const DOCS = ['README.md', 'docs/fields.md', 'docs/architecture.md', 'docs/recipes.md'];

describe('the operation docs', () => {
  const fields = readDocs(read('docs/fields.md'), 'docs/fields.md', operations);
  const architecture = readDocs(read('docs/architecture.md'), 'docs/architecture.md', operations);

  it.each(DOCS)('%s names only operations, inputs and outputs the app has', (doc) => {
    expect(readDocs(read(doc), doc, operations).problems).toEqual([]);
  });

  it('document every visible operation with all its inputs and outputs (docs/fields.md, the Order in docs/architecture.md)', () => {
    const union = (key: 'sections' | 'inputs' | 'outputs') => new Set([...fields.documented[key], ...architecture.documented[key]]);
    expect(undocumented({ sections: fields.documented.sections, inputs: union('inputs'), outputs: union('outputs') }, operations)).toEqual(
      [],
    );
  });

  // Hidden operations (order_list, carrier_list) only feed dropdowns and never appear in the Zap editor, so
  // they need no section of their own; docs/fields.md still names them where it explains the dropdowns.
  it('name every hidden operation in docs/fields.md', () => {
    const hidden = [...operations.values()].filter((o) => o.hidden).map((o) => o.key);
    expect(hidden.length).toBeGreaterThan(0);
    expect(hidden.filter((key) => !read('docs/fields.md').includes(`\`${key}\``))).toEqual([]);
  });

  it('recipes open a step section for the app', () => {
    expect(readDocs(read('docs/recipes.md'), 'docs/recipes.md', operations).documented.sections.size).toBeGreaterThan(0);
  });
});

describe('README.md', () => {
  const readme = read('README.md');

  it('lists every operation of the app, and only those, in its operations table', () => {
    const listed = tableRows(section(readme, '## Triggers, actions and search')).flatMap((cells) => ticks(cells[1]));
    expect(listed.filter((key) => !operations.has(key))).toEqual([]);
    expect([...operations.keys()].filter((key) => !listed.includes(key))).toEqual([]);
  });

  it("walks through sandbox/demo.ts's steps, in order", () => {
    const source = read('sandbox/demo.ts');
    // Each demo.step title; a template title (one call in a loop) may stand for several steps in a row.
    const patterns = [...source.matchAll(/demo\.step\(\s*(['"`])((?:\\.|(?!\1)[\s\S])*)\1/g)].map(
      ([, , title]) => new RegExp(`^${title!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\$\\\{[^}]*\\\}/g, '.+?')}$`),
    );
    const steps = [...section(readme, '## What the demo shows').matchAll(/^\d+\.\s+\*\*(.+?)\*\*/gm)].map((m) => m[1]!);
    expect(patterns.length).toBeGreaterThan(5);
    let p = 0;
    const unmatched: string[] = [];
    for (const step of steps) {
      if (patterns[p]?.test(step)) continue;
      if (patterns[p + 1]?.test(step)) p += 1;
      else unmatched.push(step);
    }
    expect(unmatched).toEqual([]);
    expect(p).toBe(patterns.length - 1);
    expect(patterns[0]!.test(steps[0]!)).toBe(true);
  });
});

describe('docs/architecture.md', () => {
  const architecture = read('docs/architecture.md');

  it("lists the Order's keys exactly as orders/order.ts has them, in order", () => {
    const keys = tableRows(section(architecture, '## The Order')).flatMap((cells) => ticks(cells[0]));
    expect(keys).toEqual(ORDER_KEYS);
  });

  it('holds the status table of orders/status.ts, row for row', () => {
    const rows = tableRows(section(architecture, '## Order statuses')).map((cells) => ({
      statuses: ticks(cells[0]),
      stripe: ticks(cells[1]),
      paypal: ticks(cells[2]),
    }));
    expect(rows).toEqual(STATUS_TABLE.map((row) => ({ statuses: [...row.statuses], stripe: [...row.stripe], paypal: [...row.paypal] })));
  });
});

describe('the measured figures', () => {
  const missing = (rendered: string, doc: string) =>
    rendered
      .split('\n')
      .filter((line) => line.trim() !== '')
      .filter((line) => !doc.includes(line));

  it('docs/performance.md holds every line of the last bench run (bench/results.json)', () => {
    const results = JSON.parse(read('bench/results.json')) as Parameters<typeof renderBenchTable>[0];
    expect(missing(renderBenchTable(results), read('docs/performance.md'))).toEqual([]);
  });

  it('docs/reliability.md holds every line of the last reliability run (reliability/results.json)', () => {
    const results = JSON.parse(read('reliability/results.json')) as Parameters<typeof renderReliabilityTable>[0];
    expect(results.rows.length).toBeGreaterThan(0);
    expect(missing(renderReliabilityTable(results), read('docs/reliability.md'))).toEqual([]);
  });

  it("README.md's Reliability section holds every line of the same run's summary", () => {
    const results = JSON.parse(read('reliability/results.json')) as Parameters<typeof renderReliabilitySummary>[0];
    expect(missing(renderReliabilitySummary(results), read('README.md'))).toEqual([]);
  });
});

describe('links and citations', () => {
  const files = sourceFiles();

  it('every Markdown link to a file of the repository, and to a section of it, resolves', () => {
    expect(files.filter((f) => f.endsWith('.md')).flatMap((f) => brokenLinks(f, read(f)))).toEqual([]);
  });

  // This file's own examples of broken citations are left out.
  const cited = files.filter((f) => f !== 'test/docs.test.ts');

  it('every docs/ page and section the code and docs cite exists', () => {
    expect(cited.flatMap((f) => brokenCitations(f, read(f)))).toEqual([]);
  });

  it('nothing cites a document outside the repository', () => {
    expect(cited.flatMap((f) => outsideCitations(f, read(f)))).toEqual([]);
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

  it('reports an input, an output and an operation docs/fields.md leaves out', () => {
    const fields = read('docs/fields.md')
      .replace(/^\| `carrier_overrides` .*\n/m, '')
      .replace(/^\| `dispute_evidence` \| `none`.*\n/m, '')
      .replace(/^### Cancel Tracking · `cancel_tracking`$/m, '### Cancel Tracking');
    const { documented } = readDocs(fields, 'docs/fields.md', operations);
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

  it("makes GitHub's anchors from headings", () => {
    expect(slug('Find Order · `find_order`')).toBe('find-order--find_order');
    expect(slug('PayPal-Request-Id')).toBe('paypal-request-id');
    expect(slug('z.cache')).toBe('zcache');
    expect([...anchors('# A\n## Errors\n```\n## Not a heading\n```\n### Errors\n')]).toEqual(['a', 'errors', 'errors-1']);
  });

  it('fails on a link or a citation to a section that does not exist, and on a citation outside the repository', () => {
    const page = '# Page\n## Exactly once\n';
    expect(
      brokenLinks(
        'docs/x.md',
        '[ok](y.md#exactly-once) [gone](y.md#at-most-once) [web](https://example.com/#x)',
        () => true,
        () => page,
      ),
    ).toEqual(['docs/x.md: y.md#at-most-once (no such section)']);
    expect(
      brokenCitations('a.ts', '// docs/y.md#exactly-once, docs/y.md#exactly-twice, docs/z.md', (path) =>
        path === 'docs/y.md' ? page : null,
      ),
    ).toEqual(['a.ts: docs/y.md#exactly-twice (no such section)', 'a.ts: docs/z.md (no such page)']);
    const comment = [
      '// see ',
      'DES',
      'IGN §7 and shared/',
      'refer',
      'ence/paypal.md, is',
      'sue 7; https://developer.paypal.com/',
      'refer',
      'ence/x',
    ].join('');
    const [design, shared, workItem, url] = comment.split(/ and |, |; /);
    expect(outsideCitations('a.ts', [design, shared, workItem, url].join('\n'))).toEqual([
      `a.ts:1: ${design}`,
      `a.ts:2: ${shared}`,
      `a.ts:3: ${workItem}`,
    ]);
  });
});
