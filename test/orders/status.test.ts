import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ORDER_STATUSES, STATUS_TABLE, paypalEventsFor, refundStatusByAmount, stripeEventsFor } from '../../orders/status';

const STATUS_KEYS = ORDER_STATUSES.map((s) => s.key);

describe('the status table', () => {
  it('covers every status exactly once and names only existing statuses', () => {
    const inTable = STATUS_TABLE.flatMap((row) => row.statuses);
    expect([...inTable].sort()).toEqual([...STATUS_KEYS].sort());
  });

  it('names only Stripe events that exist (stripe@23.1.0 EnabledEvent list)', () => {
    const known = new Set(
      readFileSync(join(__dirname, '../../specs/stripe-webhook-enabled-events.txt'), 'utf8')
        .split('\n')
        .map((l) => l.trim()),
    );
    for (const event of STATUS_TABLE.flatMap((row) => row.stripe)) expect(known).toContain(event);
  });

  it('gives every status a label', () => {
    for (const s of ORDER_STATUSES) expect(s.label).toMatch(/^[A-Z]/);
  });
});

describe('events to subscribe', () => {
  it('paid → exactly the success events', () => {
    expect(stripeEventsFor(['paid'])).toEqual(['payment_intent.succeeded']);
    expect(paypalEventsFor(['paid'])).toEqual(['PAYMENT.CAPTURE.COMPLETED']);
  });

  it('a status that shares a row subscribes the row once', () => {
    expect(stripeEventsFor(['refunded', 'partially_refunded'])).toEqual(['charge.refunded']);
    expect(paypalEventsFor(['partially_refunded'])).toEqual(['PAYMENT.CAPTURE.REFUNDED', 'PAYMENT.CAPTURE.REVERSED']);
    expect(paypalEventsFor(['dispute_lost'])).toEqual(['CUSTOMER.DISPUTE.RESOLVED']);
  });

  it('every status → the union of its rows, in table order', () => {
    expect(stripeEventsFor(STATUS_KEYS)).toEqual([
      'payment_intent.processing',
      'payment_intent.succeeded',
      'payment_intent.payment_failed',
      'payment_intent.canceled',
      'charge.refunded',
      'charge.dispute.created',
      'charge.dispute.closed',
    ]);
    expect(paypalEventsFor(STATUS_KEYS)).toHaveLength(10);
  });

  it('unknown statuses subscribe nothing', () => {
    expect(stripeEventsFor(['shipped'])).toEqual([]);
    expect(paypalEventsFor([])).toEqual([]);
  });
});

describe('the refund rule', () => {
  it('is full once the refunds reach the amount paid, partial below it (minor units and decimal strings alike)', () => {
    expect(refundStatusByAmount(1099, 1099)).toBe('refunded');
    expect(refundStatusByAmount(1200, 1099)).toBe('refunded');
    expect(refundStatusByAmount(198, 1099)).toBe('partially_refunded');
    expect(refundStatusByAmount('10.99', '10.99')).toBe('refunded');
    expect(refundStatusByAmount('10.990', '10.99')).toBe('refunded');
    expect(refundStatusByAmount('1.98', '10.99')).toBe('partially_refunded');
  });
});
