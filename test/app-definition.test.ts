/**
 * The app is a valid, well-styled Zapier app. These checks run over every operation the app has,
 * so each new trigger, action or search is held to them without new tests.
 */
import {
  authFieldProblems,
  insecureUrlProblems,
  isVisible,
  operationSchemaProblems,
  operations,
  sampleProblems,
  schemaProblems,
  styleProblems,
  titleCaseProblems,
} from './support/definition-checks';
import { App } from './support/tester';

const app = App as unknown as Record<string, any>;
const visible = operations(app).filter(isVisible);

describe('the app definition', () => {
  it('passes zapier-platform-schema as a whole (what `zapier-platform validate` checks)', () => {
    expect(schemaProblems(app)).toEqual([]);
  });

  it('passes each visible operation’s own schema (a missing sample is caught only there)', () => {
    expect(visible.flatMap(operationSchemaProblems)).toEqual([]);
  });

  it('has Title Case labels and descriptions that start as Zapier requires and end with a period', () => {
    expect(operations(app).flatMap(styleProblems)).toEqual([]);
  });

  it('has samples that carry every output field with its type, and ISO-8601 dates with a zone', () => {
    expect(operations(app).flatMap(sampleProblems)).toEqual([]);
  });

  it('uses only HTTPS URLs', () => {
    expect(insecureUrlProblems(app)).toEqual([]);
  });

  it('gives every connection field help text with a link', () => {
    expect(authFieldProblems(app)).toEqual([]);
  });
});

describe('the definition checks themselves', () => {
  const bad = {
    kind: 'triggers' as const,
    key: 'new_thing',
    definition: {
      key: 'new_thing',
      noun: 'Thing',
      display: { label: 'new thing added', description: 'Fires for new things' },
      operation: {
        perform: () => [],
        inputFields: [{ key: 'x', label: 'order id' }],
        outputFields: [
          { key: 'id', type: 'integer' },
          { key: 'when', type: 'datetime' },
        ],
        sample: { id: 'abc', when: '2026-11-02 10:00', extra: 1 },
      },
    },
  };

  it('catch a missing sample in an operation’s own schema', () => {
    const { sample: _sample, ...operation } = bad.definition.operation;
    expect(operationSchemaProblems({ ...bad, definition: { ...bad.definition, operation } }).join('\n')).toMatch(/sample/);
  });

  it('catch bad labels, descriptions, samples, http URLs and auth help without links', () => {
    expect(styleProblems(bad)).toEqual([
      'triggers.new_thing: label "new thing added" is not Title Case (new, thing, added)',
      'triggers.new_thing: description must start "Triggers when "',
      'triggers.new_thing: description must end with a period',
      'triggers.new_thing.inputFields.x: label "order id" is not Title Case (order, id)',
    ]);
    expect(sampleProblems(bad)).toEqual([
      'triggers.new_thing: sample "id" is not a integer ("abc")',
      'triggers.new_thing: sample "when" is not a datetime ("2026-11-02 10:00")',
      'triggers.new_thing: sample key "extra" has no output field (label)',
      'triggers.new_thing: sample $.when is not ISO-8601 with a time zone (2026-11-02 10:00)',
    ]);
    expect(insecureUrlProblems({ a: { helpText: 'see http://example.com' } })).toEqual(['$.a.helpText: see http://example.com']);
    expect(authFieldProblems({ authentication: { fields: [{ key: 'k', helpText: 'no link' }] } })).toEqual([
      'authentication.fields.k: helpText needs a Markdown link',
    ]);
    expect(titleCaseProblems('Add Tracking to PayPal Order', 'x')).toEqual([]);
  });
});
