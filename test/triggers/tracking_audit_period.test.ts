/**
 * The report's period and window at exact moments: the clock (Date only) is set per test, so ids, the
 * window sent to the gateways and the minimum-age edge are checked to the second.
 */
import { stripeApi } from '../support/gateway-nock';
import { STRIPE_AUTH } from '../support/fixtures';
import { runApp } from '../support/tester';
import { auditPerform, auditCalls, paidIntent, piList, queryOf } from './audit-fixtures';
import { fakeDateOnly } from '../support/fake-date';

function setClock(iso: string): number {
  fakeDateOnly(new Date(iso));
  return Date.now();
}

afterEach(() => jest.useRealTimers());

async function reportAt(iso: string, inputData: Record<string, unknown>, intents: unknown[] = []) {
  setClock(iso);
  stripeApi().get('/v1/payment_intents').query(true).reply(200, piList(intents));
  const [report] = await runApp(auditPerform, { authData: STRIPE_AUTH, inputData });
  return report;
}

describe('tracking_audit: periods (UTC)', () => {
  it.each([
    ['daily', '2026-11-08T23:59:59Z', '2026-11-08', '2026-11-08T00:00:00Z', '2026-11-09T00:00:00Z'],
    ['daily', '2026-11-09T00:00:00Z', '2026-11-09', '2026-11-09T00:00:00Z', '2026-11-10T00:00:00Z'],
    ['weekly', '2026-11-08T23:59:59Z', '2026-11-02', '2026-11-02T00:00:00Z', '2026-11-09T00:00:00Z'],
    ['weekly', '2026-11-09T00:00:00Z', '2026-11-09', '2026-11-09T00:00:00Z', '2026-11-16T00:00:00Z'],
    ['weekly', '2026-11-04T12:30:00Z', '2026-11-02', '2026-11-02T00:00:00Z', '2026-11-09T00:00:00Z'],
  ])('%s at %s: id %s, from %s to %s', async (period, at, id, start, end) => {
    const report = await reportAt(at, { period });
    expect(report).toMatchObject({ id, period_start: start, period_end: end });
    expect(report.summary_text).toContain(`Tracking audit ${id} (${period})`);
  });

  it('fires a new item when the period turns, reading the gateways again', async () => {
    const first = await reportAt('2026-11-08T23:58:00Z', {});
    auditCalls();
    const second = await reportAt('2026-11-09T00:03:00Z', {});
    expect([first.id, second.id]).toEqual(['2026-11-08', '2026-11-09']);
    expect(auditCalls()).toHaveLength(1);
  });
});

describe('tracking_audit: window edges', () => {
  it('asks Stripe for exactly the last lookback_days, to the second', async () => {
    const now = setClock('2026-11-09T08:00:00Z') / 1000;
    await reportAt('2026-11-09T08:00:00Z', { lookback_days: '30' });
    const query = queryOf(auditCalls()[0]!);
    expect(Number(query['created[gte]'])).toBe(now - 30 * 86400);
    expect(Number(query['created[lte]'])).toBe(now);
  });

  it('counts an order as untracked from exactly min_age_hours after payment, not a second before', async () => {
    const now = setClock('2026-11-09T08:00:00Z');
    const intents = [
      paidIntent('pi_exactly', { hoursAgo: 6, now }),
      { ...paidIntent('pi_almost', { hoursAgo: 6, now }), created: (now - 6 * 3600_000) / 1000 + 1 },
    ];
    const report = await reportAt('2026-11-09T08:00:00Z', { min_age_hours: '6', lookback_days: '1' }, intents);
    expect(report.stripe).toMatchObject({ paid: 2, tracked: 0, untracked: 1, tracked_percent: 0 });
    expect(report.exceptions.map((e: { order_id: string }) => e.order_id)).toEqual(['pi_exactly']);
  });

  it('counts every young order once min_age_hours is 0, and says n/a when nothing is due', async () => {
    const now = setClock('2026-11-09T08:00:00Z');
    const young = [paidIntent('pi_now', { hoursAgo: 0.01, now })];
    expect((await reportAt('2026-11-09T08:00:00Z', { min_age_hours: '0' }, young)).stripe.untracked).toBe(1);
    const none = await reportAt('2026-11-10T08:00:00Z', {}, []);
    expect(none.total.tracked_percent).toBeNull();
    expect(none.summary_text).toMatch(/n\/a tracked/);
  });
});
