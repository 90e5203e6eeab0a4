/**
 * `report_csv` end to end: the trigger's dehydrated file names the hydrator, which core runs as Zapier does
 * when a later step uses the file; it reads the window again and stashes the CSV through Zapier's RPC
 * (`get_presigned_upload_post_data`) and the signed S3 upload, both faked here so the uploaded file is checked.
 * Also: what the HTML summary does with hostile values.
 */
import nock from 'nock';
import { stripeApi } from '../support/gateway-nock';
import { STRIPE_AUTH } from '../support/fixtures';
import { failureOf, runApp } from '../support/tester';
import { trackingAuditCsv } from '../../triggers/tracking_audit';
import { auditPerform, auditCalls, paidIntent, piList, queryOf } from './audit-fixtures';
import { fakeDateOnly } from '../support/fake-date';

const FILES = 'https://zapier-dev-files.s3.amazonaws.com';

const savedDeployKey = process.env.ZAPIER_DEPLOY_KEY;
beforeAll(() => {
  // Outside Zapier, core's RPC client (z.stashFile) needs a deploy key; the RPC host is faked below.
  process.env.ZAPIER_DEPLOY_KEY = 'suite-deploy-key-not-secret';
  fakeDateOnly(new Date('2026-11-09T08:00:00Z'));
});
afterAll(() => {
  jest.useRealTimers();
  if (savedDeployKey === undefined) delete process.env.ZAPIER_DEPLOY_KEY;
  else process.env.ZAPIER_DEPLOY_KEY = savedDeployKey;
});

const SHOP = [
  ['pi_formula', 100, '=1+2@example.com'],
  ['pi_quote', 90, '"ann, smith"@example.com'],
  ['pi_plus', 80, '+1@example.com'],
  ['pi_minus', 70, '-2@example.com'],
  ['pi_at', 60, '@x.example.com'],
  ['pi_html', 50, '<img src=x onerror=alert(1)>@example.com'],
] as const;
/** The shop as the gateway holds it, paid relative to the report's moment (the clock moves on before the hydrator runs). */
const intents = () => SHOP.map(([id, hoursAgo, email]) => paidIntent(id, { hoursAgo, email, now: Date.parse('2026-11-09T08:00:00Z') }));

/** Zapier's file stash: the RPC hands out a signed upload, S3 takes the multipart form; the uploaded file is captured. */
function fakeFileStash(): { upload: { body: string } } {
  const upload = { body: '' };
  const text = (body: nock.Body) => (typeof body === 'string' ? body : JSON.stringify(body));
  nock('https://rpc.zapier.com')
    .post('/cli')
    .reply(200, (_uri, body) => ({
      id: (JSON.parse(text(body)) as { id: string }).id,
      result: { url: `${FILES}/`, fields: { key: 'cli-platform/12345/tracking-audit-2026-11-09.csv', policy: 'eyJ4IjoieSJ9' } },
    }));
  nock(FILES)
    .post('/')
    .reply(204, (_uri, body) => {
      upload.body = text(body);
      return '';
    });
  return { upload };
}

/** The `file` part of a multipart form: its headers and content. */
function filePart(multipart: string): { headers: string; content: string } {
  const part = multipart.split(/\r\n--[^\r\n]+/).find((p) => p.includes('name="file"'))!;
  const [headers, ...content] = part.split('\r\n\r\n');
  return { headers: headers!, content: content.join('\r\n\r\n') };
}

const EXPECTED_CSV = [
  'gateway,order_id,payment_id,created_at,amount,currency,customer_email,problem,dashboard_url',
  `stripe,pi_formula,ch_formula,2026-11-05T04:00:00Z,20.00,USD,'=1+2@example.com,"Paid, still no tracking",https://dashboard.stripe.com/test/payments/pi_formula`,
  'stripe,pi_quote,ch_quote,2026-11-05T14:00:00Z,20.00,USD,"""ann, smith""@example.com","Paid, still no tracking",https://dashboard.stripe.com/test/payments/pi_quote',
  `stripe,pi_plus,ch_plus,2026-11-06T00:00:00Z,20.00,USD,'+1@example.com,"Paid, still no tracking",https://dashboard.stripe.com/test/payments/pi_plus`,
  `stripe,pi_minus,ch_minus,2026-11-06T10:00:00Z,20.00,USD,'-2@example.com,"Paid, still no tracking",https://dashboard.stripe.com/test/payments/pi_minus`,
  `stripe,pi_at,ch_at,2026-11-06T20:00:00Z,20.00,USD,'@x.example.com,"Paid, still no tracking",https://dashboard.stripe.com/test/payments/pi_at`,
  'stripe,pi_html,ch_html,2026-11-07T06:00:00Z,20.00,USD,<img src=x onerror=alert(1)>@example.com,"Paid, still no tracking",https://dashboard.stripe.com/test/payments/pi_html',
  '',
].join('\r\n');

async function triggerReport() {
  stripeApi().get('/v1/payment_intents').query(true).reply(200, piList(intents()));
  const [report] = await runApp(auditPerform, { authData: STRIPE_AUTH, inputData: { period: 'weekly', min_age_hours: '12' } });
  return report;
}

/** What core would hand the hydrator: the dehydrated pointer's method and bundle (unsigned outside Zapier). */
function pointerOf(dehydrated: string): { method: string; bundle: Record<string, unknown> } {
  return JSON.parse(dehydrated.replace(/^hydrate\|\|\|/, '').replace(/\|\|\|hydrate$/, ''));
}

describe('tracking_audit: report_csv through the hydrator', () => {
  it('rebuilds every exception as RFC 4180 CSV over the same window, formulas neutralised, and stashes it', async () => {
    const report = await triggerReport();
    const triggerWindow = queryOf(auditCalls()[0]!);
    const pointer = pointerOf(report.report_csv);
    expect(pointer.method).toBe('hydrators.trackingAuditCsv');
    expect(pointer.bundle).toEqual({
      period: {
        kind: 'weekly',
        id: '2026-11-09',
        start: '2026-11-09T00:00:00Z',
        end: '2026-11-16T00:00:00Z',
        as_of: '2026-11-09T08:00:00.000Z',
      },
      inputs: { period: 'weekly', lookback_days: 14, min_age_hours: 12, gateways: ['stripe'] },
    });

    jest.setSystemTime(new Date('2026-11-09T09:30:00Z')); // a later step asks for the file
    stripeApi().get('/v1/payment_intents').query(true).reply(200, piList(intents()));
    const { upload } = fakeFileStash();
    const url = await runApp(trackingAuditCsv, { authData: STRIPE_AUTH, inputData: pointer.bundle });

    expect(url).toBe(`${FILES}/cli-platform/12345/tracking-audit-2026-11-09.csv`);
    const file = filePart(upload.body);
    expect(file.headers).toContain('filename="tracking-audit-2026-11-09.csv"');
    expect(file.headers).toContain('Content-Type: text/csv');
    expect(file.content).toBe(EXPECTED_CSV);
    expect(queryOf(auditCalls()[0]!)).toEqual(triggerWindow);
  });

  it('fails with a clear error, stashing nothing, when the gateway fails or the reference is damaged', async () => {
    const report = await triggerReport();
    auditCalls();
    stripeApi()
      .get('/v1/payment_intents')
      .query(true)
      .reply(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided: sk_test_***' } });
    const stash = nock('https://rpc.zapier.com').post('/cli').reply(500);
    const error = await failureOf(runApp(trackingAuditCsv, { authData: STRIPE_AUTH, inputData: pointerOf(report.report_csv).bundle }));
    expect(error.message).toMatch(/Stripe/);
    expect(stash.isDone()).toBe(false);

    const damaged = await failureOf(runApp(trackingAuditCsv, { authData: STRIPE_AUTH, inputData: { period: { id: 'x' } } }));
    expect(damaged).toMatchObject({ name: 'AppError', message: expect.stringMatching(/file reference is damaged/) });
  });
});

describe('tracking_audit: summary_html', () => {
  it('escapes every value, links only to https dashboards, and styles inline only', async () => {
    const { summary_html: html } = await triggerReport();
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;@example.com');
    expect(html).toContain('&quot;ann, smith&quot;@example.com');
    expect(html).not.toMatch(/<img|<script|<style|class=/);
    expect(html).toContain('<a href="https://dashboard.stripe.com/test/payments/pi_formula"');
    expect(html).toMatch(/^<div style="[^"]+">.*<\/div>$/s);
    expect(html).toContain('Oldest 6 of 6 to check');
    expect(html).toMatch(/width:0%/);
  });
});
