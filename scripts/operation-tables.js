#!/usr/bin/env node
/**
 * Prints, for every trigger, action and search of the built app (dist/index.js), its label, description,
 * Input table, Output keys and sample as Markdown, in the notation docs/fields.md uses (backticked keys in the
 * first column of `Input` / `Output` tables). Use it to bring docs/fields.md back in step after an operation
 * changes; test/docs.test.ts fails until the docs match the app.
 *
 *   npm run build && node scripts/operation-tables.js [operation_key ...]
 */
'use strict';
const path = require('node:path');

const app = require(path.resolve(__dirname, '..', 'dist', 'index.js'));
const only = new Set(process.argv.slice(2));

const cell = (text) =>
  String(text ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n/g, ' ');

function inputRow(field) {
  const type = field.children
    ? `line items (${field.children.map((c) => `\`${c.key}\``).join(', ')})`
    : field.dict
      ? 'key → value pairs'
      : `${field.type ?? 'string'}${field.list ? ' (list)' : ''}`;
  const choices = field.choices ? ` Choices: ${field.choices.map((c) => `\`${c.value}\``).join(', ')}.` : '';
  const dynamic = field.dynamic ? ` Dropdown: \`${field.dynamic.split('.')[0]}\`.` : '';
  const fallback = field.default !== undefined ? `\`${field.default}\`` : '';
  return `| \`${field.key}\` | ${cell(field.label)} | ${field.required ? 'yes' : 'no'} | ${fallback} | ${type}.${choices}${dynamic} ${cell(field.helpText)} |`;
}

for (const kind of ['triggers', 'creates', 'searches']) {
  for (const [key, op] of Object.entries(app[kind])) {
    if (only.size && !only.has(key)) continue;
    const { inputFields = [], outputFields = [], sample } = op.operation;
    console.log(`### ${op.display.label} · \`${key}\`${op.display.hidden ? ' (hidden)' : ''}\n`);
    console.log(`${op.display.description}\n`);
    const inputs = inputFields.filter((f) => typeof f === 'object' && f.type !== 'copy');
    if (inputs.length) {
      console.log('| Input | Label | Required | Default | What to enter |\n| --- | --- | --- | --- | --- |');
      for (const field of inputs) console.log(inputRow(field));
      console.log('');
    }
    for (const note of inputFields.filter((f) => typeof f === 'object' && f.type === 'copy')) console.log(`> ${note.helpText}\n`);
    const topLevel = [...new Set(outputFields.map((f) => f.key.split(/\[\]|__/)[0]))];
    console.log(`Output keys: ${topLevel.map((k) => `\`${k}\``).join(', ')}\n`);
    console.log('```json\n' + JSON.stringify(sample, null, 2) + '\n```\n');
  }
}
