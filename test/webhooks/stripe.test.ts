import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Stripe from 'stripe';
import { verifyStripeDelivery } from '../../webhooks/stripe';

// Stripe's documented Event example, byte for byte as Stripe lays it out (fixtures/README.md).
const RAW_BODY = readFileSync(join(__dirname, 'fixtures/stripe-event.json'), 'utf8');
const SECRET = 'whsec_test_5f1c2b9e8d7a6b5c4d3e2f1a0b9c8d7e';
const NOW = new Date('2026-12-01T12:00:00Z');
const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);

function signedHeader(options: { payload?: string; secret?: string; timestamp?: number } = {}): string {
  return Stripe.webhooks.generateTestHeaderString({
    payload: options.payload ?? RAW_BODY,
    secret: options.secret ?? SECRET,
    timestamp: options.timestamp ?? NOW_SECONDS,
  });
}

describe('verifyStripeDelivery', () => {
  it('accepts a delivery signed with the endpoint secret and returns the event', () => {
    const result = verifyStripeDelivery({ rawBody: RAW_BODY, headers: { 'Stripe-Signature': signedHeader() }, secret: SECRET, now: NOW });
    expect(result).toEqual({ ok: true, event: JSON.parse(RAW_BODY) });
    if (result.ok) expect(result.event.type).toBe('setup_intent.created');
  });

  it("accepts the header in Zapier's Http-Stripe-Signature spelling", () => {
    const result = verifyStripeDelivery({
      rawBody: RAW_BODY,
      headers: { 'Http-Stripe-Signature': signedHeader(), 'Content-Type': 'application/json' },
      secret: SECRET,
      now: NOW,
    });
    expect(result.ok).toBe(true);
  });

  it('accepts a signature 300 s old and refuses one 301 s old', () => {
    const at = (age: number) =>
      verifyStripeDelivery({
        rawBody: RAW_BODY,
        headers: { 'Stripe-Signature': signedHeader({ timestamp: NOW_SECONDS - age }) },
        secret: SECRET,
        now: NOW,
      });
    expect(at(300).ok).toBe(true);
    const stale = at(301);
    expect(stale).toEqual({ ok: false, reason: { code: 'stale_timestamp', message: expect.stringContaining('301 s old') } });
  });

  it('honours a custom tolerance', () => {
    const header = signedHeader({ timestamp: NOW_SECONDS - 60 });
    const result = verifyStripeDelivery({
      rawBody: RAW_BODY,
      headers: { 'Stripe-Signature': header },
      secret: SECRET,
      toleranceSeconds: 30,
      now: NOW,
    });
    expect(result.ok || result.reason.code).toBe('stale_timestamp');
  });

  it('refuses a signature made with another secret', () => {
    const header = signedHeader({ secret: 'whsec_someone_else' });
    const result = verifyStripeDelivery({ rawBody: RAW_BODY, headers: { 'Stripe-Signature': header }, secret: SECRET, now: NOW });
    expect(result.ok || result.reason.code).toBe('bad_signature');
  });

  it('refuses a tampered body', () => {
    const tampered = RAW_BODY.replace('"livemode": false,\n  "pending', '"livemode": true,\n  "pending');
    expect(tampered).not.toBe(RAW_BODY);
    const result = verifyStripeDelivery({ rawBody: tampered, headers: { 'Stripe-Signature': signedHeader() }, secret: SECRET, now: NOW });
    expect(result.ok || result.reason.code).toBe('bad_signature');
  });

  it('verifies the raw bytes, not re-serialised JSON', () => {
    const reserialised = JSON.stringify(JSON.parse(RAW_BODY));
    const result = verifyStripeDelivery({
      rawBody: reserialised,
      headers: { 'Stripe-Signature': signedHeader() },
      secret: SECRET,
      now: NOW,
    });
    expect(result.ok || result.reason.code).toBe('bad_signature');
  });

  it('refuses a delivery without the signature header', () => {
    const result = verifyStripeDelivery({ rawBody: RAW_BODY, headers: { 'Content-Type': 'application/json' }, secret: SECRET, now: NOW });
    expect(result.ok || result.reason.code).toBe('missing_header');
  });

  it('refuses a header that carries no v1 signature', () => {
    const result = verifyStripeDelivery({
      rawBody: RAW_BODY,
      headers: { 'Stripe-Signature': `t=${NOW_SECONDS}` },
      secret: SECRET,
      now: NOW,
    });
    expect(result.ok || result.reason.code).toBe('bad_signature');
  });

  it('refuses when no secret is stored', () => {
    const result = verifyStripeDelivery({ rawBody: RAW_BODY, headers: { 'Stripe-Signature': signedHeader() }, secret: '', now: NOW });
    expect(result.ok || result.reason.code).toBe('missing_secret');
  });

  it('refuses a correctly signed body that is not a Stripe event', () => {
    for (const body of ['not json', '{"object":"charge","id":"ch_1"}']) {
      const header = signedHeader({ payload: body });
      const result = verifyStripeDelivery({ rawBody: body, headers: { 'Stripe-Signature': header }, secret: SECRET, now: NOW });
      expect(result.ok || result.reason.code).toBe('malformed_body');
    }
    const empty = verifyStripeDelivery({ rawBody: '', headers: { 'Stripe-Signature': signedHeader() }, secret: SECRET, now: NOW });
    expect(empty.ok || empty.reason.code).toBe('malformed_body');
  });

  it('never puts the secret or the signature in a reason', () => {
    const header = signedHeader();
    const signature = /v1=([0-9a-f]+)/.exec(header)![1]!;
    const cases = [
      { rawBody: RAW_BODY, headers: { 'Stripe-Signature': header }, secret: 'whsec_other_secret_value' },
      { rawBody: RAW_BODY + ' ', headers: { 'Stripe-Signature': header }, secret: SECRET },
      { rawBody: RAW_BODY, headers: { 'Stripe-Signature': signedHeader({ timestamp: NOW_SECONDS - 999 }) }, secret: SECRET },
      { rawBody: RAW_BODY, headers: {}, secret: SECRET },
    ];
    for (const delivery of cases) {
      const result = verifyStripeDelivery({ ...delivery, now: NOW });
      expect(result.ok).toBe(false);
      const text = JSON.stringify(result);
      expect(text).not.toContain(delivery.secret);
      expect(text).not.toContain(signature);
      expect(text).not.toContain('whsec_');
    }
  });

  it('rejects a non-positive tolerance, which Stripe would read as "never stale"', () => {
    expect(() =>
      verifyStripeDelivery({ rawBody: RAW_BODY, headers: { 'Stripe-Signature': signedHeader() }, secret: SECRET, toleranceSeconds: 0 }),
    ).toThrow(RangeError);
  });
});
