/**
 * No secret leaves (docs/reliability.md), the part no test run produces: what the app definition itself ships —
 * every operation's sample and the rest of its definition (labels, help text, defaults), and the
 * connection fields. Each is added to the suite-wide scan (test/support/secret-scan.ts: the suite's and
 * the sandbox's keys, secrets, tokens, webhook secrets) and checked here for anything that merely looks
 * like a Stripe key or webhook secret. Connection labels are results of the authentication tests, which
 * the scan already holds.
 */
import { operations } from '../support/definition-checks';
import { recordForSecretScan } from '../support/secret-scan';
import { App } from '../support/tester';

/** A Stripe secret or restricted key, or a webhook signing secret: a prefix and a real-looking body. */
const SECRET_LOOKING = /\b(?:sk|rk)_(?:test|live)_[A-Za-z0-9]{8,}|\bwhsec_[A-Za-z0-9_]{8,}/g;

const secretLooking = (text: string): string[] => text.match(SECRET_LOOKING) ?? [];

const app = App as unknown as Record<string, any>;
const shipped = [
  ...operations(app).flatMap((op) => [
    { where: `${op.kind}.${op.key} sample`, text: JSON.stringify(op.definition.operation?.sample ?? null) },
    { where: `${op.kind}.${op.key} definition`, text: JSON.stringify(op.definition) },
  ]),
  { where: 'authentication', text: JSON.stringify(app.authentication) },
];

describe('what the app definition ships holds no secret', () => {
  it('covers every operation', () => {
    expect(operations(app).length).toBeGreaterThan(5);
    expect(shipped.filter((s) => s.where.endsWith(' sample') && s.text === 'null')).toEqual([]);
  });

  it.each(shipped)('$where', ({ text }) => {
    recordForSecretScan(text);
    expect(secretLooking(text)).toEqual([]);
  });

  it('the pattern catches what it is for', () => {
    const fakeKey = ['sk', 'test', '51AbCdEfGhIjKlMn'].join('_');
    const fakeHook = ['whsec', 'AbCdEfGhIjKl'].join('_');
    expect(secretLooking(`key ${fakeKey} and ${fakeHook}`)).toEqual([fakeKey, fakeHook]);
    expect(secretLooking('Your secret key starts with sk_live_… or rk_live_…')).toEqual([]);
  });
});
