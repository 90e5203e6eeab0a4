/** The pure pieces of the audit report: CSV cells and UTC periods at their edges. */
import { auditCsv, csvCell } from '../../../sync/audit/csv';
import { periodOf } from '../../../sync/audit/period';

describe('audit CSV cells', () => {
  it.each([
    ['plain@example.com', 'plain@example.com'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\r\nlines', '"two\r\nlines"'],
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+1 555', "'+1 555"],
    ['-5', "'-5"],
    ['@cmd', "'@cmd"],
    ['\tTAB', "'\tTAB"],
    ['=1,"2"', `"'=1,""2"""`],
    ['', ''],
  ])('%j → %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes null as an empty cell and ends every line with CRLF, the header included', () => {
    expect(auditCsv([])).toBe('gateway,order_id,payment_id,created_at,amount,currency,customer_email,problem,dashboard_url\r\n');
    const row = {
      gateway: 'paypal' as const,
      order_id: 'O1',
      payment_id: null,
      created_at: null,
      amount: '1.00',
      currency: 'EUR',
      customer_email: null,
      problem: 'x',
      dashboard_url: null,
    };
    expect(auditCsv([row]).split('\r\n')[1]).toBe('paypal,O1,,,1.00,EUR,,x,');
  });
});

describe('audit periods (UTC)', () => {
  it('starts a week on Monday across a year boundary, and a day at midnight UTC whatever the local zone', () => {
    expect(periodOf('weekly', new Date('2027-01-01T10:00:00Z'))).toEqual({
      kind: 'weekly',
      id: '2026-12-28',
      start: '2026-12-28T00:00:00Z',
      end: '2027-01-04T00:00:00Z',
    });
    expect(periodOf('daily', new Date('2026-11-02T23:30:00-05:00')).id).toBe('2026-11-03');
  });
});
