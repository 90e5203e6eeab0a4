import {
  certificateCacheKey,
  isAllowedCertUrl,
  PAYPAL_MAX_AGE_SECONDS,
  verifyPayPalDelivery,
  type PayPalDelivery,
} from '../../webhooks/paypal';
import {
  PAYPAL_CERT_URL,
  RAW_BODY_WITH_DECIMAL_ONE,
  sameCrc32,
  SAMPLE_EVENT,
  SAMPLE_RAW_BODY,
  SAMPLE_WEBHOOK_ID,
  signedZapierHeaders,
  TEST_CERT_PEM,
  TEST_KEY_PEM,
} from './paypal-fixtures';

// Fixed clock inside the test certificate's validity (2026-11-26 .. 2126-11-02).
const NOW = new Date('2026-12-01T12:00:00Z');
const SANDBOX_ORIGIN = 'http://127.0.0.1:4010';

/** Serves the test certificate at any URL and records what was asked for. */
function certificateServer(pem = TEST_CERT_PEM) {
  const requested: string[] = [];
  const fetchCertificate = async (url: string) => {
    requested.push(url);
    return pem;
  };
  return { requested, fetchCertificate };
}

function delivery(overrides: Partial<PayPalDelivery> = {}): PayPalDelivery {
  return {
    rawBody: SAMPLE_RAW_BODY,
    headers: signedZapierHeaders({ transmissionTime: NOW }),
    webhookId: SAMPLE_WEBHOOK_ID,
    fetchCertificate: certificateServer().fetchCertificate,
    now: NOW,
    ...overrides,
  };
}

async function codeOf(input: PayPalDelivery): Promise<string> {
  const result = await verifyPayPalDelivery(input);
  return result.ok ? 'ok' : result.reason.code;
}

describe('verifyPayPalDelivery', () => {
  it("accepts the spec's sample event signed for this webhook, with the certificate from a paypal.com URL", async () => {
    const server = certificateServer();
    const result = await verifyPayPalDelivery(delivery({ fetchCertificate: server.fetchCertificate }));
    expect(result).toEqual({ ok: true, event: SAMPLE_EVENT });
    expect(server.requested).toEqual([PAYPAL_CERT_URL]);
  });

  it('accepts the raw upper-case header names as PayPal sends them', async () => {
    const zapier = signedZapierHeaders({ transmissionTime: NOW });
    const raw = Object.fromEntries(Object.entries(zapier).map(([name, value]) => [name.replace(/^Http-/, '').toUpperCase(), value]));
    expect(Object.keys(raw)).toContain('PAYPAL-TRANSMISSION-SIG');
    expect(await codeOf(delivery({ headers: raw }))).toBe('ok');
  });

  it('accepts the local sandbox certificate origin only when the caller trusts it', async () => {
    const certUrl = `${SANDBOX_ORIGIN}/v1/notifications/certs/CERT-sandbox`;
    const headers = signedZapierHeaders({ transmissionTime: NOW, certUrl });
    const server = certificateServer();
    expect(await codeOf(delivery({ headers, fetchCertificate: server.fetchCertificate, trustedCertOrigin: SANDBOX_ORIGIN }))).toBe('ok');
    expect(server.requested).toEqual([certUrl]);
    expect(await codeOf(delivery({ headers, fetchCertificate: server.fetchCertificate }))).toBe('untrusted_cert_url');
    expect(await codeOf(delivery({ headers, trustedCertOrigin: 'http://127.0.0.1:4011' }))).toBe('untrusted_cert_url');
  });

  it('verifies the raw bytes: a body with 1.0 verifies as sent, not once re-serialised', async () => {
    const headers = signedZapierHeaders({ transmissionTime: NOW, rawBody: RAW_BODY_WITH_DECIMAL_ONE });
    const reserialised = JSON.stringify(JSON.parse(RAW_BODY_WITH_DECIMAL_ONE));
    expect(reserialised).not.toBe(RAW_BODY_WITH_DECIMAL_ONE);
    expect(await codeOf(delivery({ headers, rawBody: RAW_BODY_WITH_DECIMAL_ONE }))).toBe('ok');
    expect(await codeOf(delivery({ headers, rawBody: reserialised }))).toBe('bad_signature');
  });

  it('accepts another body with the same CRC32 under a genuine signature: PayPal signs only the checksum', async () => {
    // A limit of PayPal's scheme, not of this check: why the hook trigger also remembers transmission ids.
    const forged = sameCrc32(JSON.stringify({ ...SAMPLE_EVENT, id: 'WH-FORGED', pad: '' }), SAMPLE_RAW_BODY, '"pad":"');
    expect(forged).not.toBe(SAMPLE_RAW_BODY);
    const result = await verifyPayPalDelivery(delivery({ rawBody: forged }));
    expect(result.ok && result.event.id).toBe('WH-FORGED');
  });

  it('refuses a delivery signed for another webhook id (an unknown webhook)', async () => {
    const headers = signedZapierHeaders({ transmissionTime: NOW, webhookId: '8PT597110X687430L' });
    expect(await codeOf(delivery({ headers }))).toBe('bad_signature');
    expect(await codeOf(delivery({ headers, webhookId: '8PT597110X687430L' }))).toBe('ok');
  });

  it('refuses a tampered body', async () => {
    const tampered = SAMPLE_RAW_BODY.replace('"total":"7.47"', '"total":"0.01"');
    expect(tampered).not.toBe(SAMPLE_RAW_BODY);
    expect(await codeOf(delivery({ rawBody: tampered }))).toBe('bad_signature');
  });

  it('refuses tampered transmission headers', async () => {
    const headers = { ...signedZapierHeaders({ transmissionTime: NOW }), 'Http-Paypal-Transmission-Id': 'another-id' };
    expect(await codeOf(delivery({ headers }))).toBe('bad_signature');
  });

  it('refuses a signature from a key other than the certificate’s', async () => {
    const { generateKeyPairSync, createSign } = await import('node:crypto');
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const headers = signedZapierHeaders({ transmissionTime: NOW });
    const [id, time] = [headers['Http-Paypal-Transmission-Id'], headers['Http-Paypal-Transmission-Time']];
    const { crc32 } = await import('../../webhooks/crc32');
    headers['Http-Paypal-Transmission-Sig'] = createSign('SHA256')
      .update(`${id}|${time}|${SAMPLE_WEBHOOK_ID}|${crc32(SAMPLE_RAW_BODY)}`)
      .sign(other, 'base64');
    expect(await codeOf(delivery({ headers }))).toBe('bad_signature');
    expect(TEST_KEY_PEM).toContain('PRIVATE KEY'); // the valid cases above did use the test key
  });

  it(`accepts a transmission up to ${PAYPAL_MAX_AGE_SECONDS} s old (PayPal retries for 3 days) and refuses older ones`, async () => {
    const sentAgo = (seconds: number) => new Date(NOW.getTime() - seconds * 1000);
    const at = (seconds: number) => codeOf(delivery({ headers: signedZapierHeaders({ transmissionTime: sentAgo(seconds) }) }));
    expect(await at(3 * 24 * 3600)).toBe('ok');
    expect(await at(PAYPAL_MAX_AGE_SECONDS + 1)).toBe('stale_timestamp');
    expect(await at(-60)).toBe('ok'); // a minute of clock skew
    expect(await at(-3600)).toBe('stale_timestamp');
  });

  it('refuses a transmission time that is not a date', async () => {
    const headers = { ...signedZapierHeaders({ transmissionTime: NOW }), 'Http-Paypal-Transmission-Time': 'yesterday' };
    expect(await codeOf(delivery({ headers }))).toBe('malformed_header');
  });

  it.each([
    'Http-Paypal-Transmission-Id',
    'Http-Paypal-Transmission-Time',
    'Http-Paypal-Transmission-Sig',
    'Http-Paypal-Cert-Url',
    'Http-Paypal-Auth-Algo',
  ])('refuses a delivery without %s and names the header', async (name) => {
    const headers = signedZapierHeaders({ transmissionTime: NOW });
    delete headers[name];
    const result = await verifyPayPalDelivery(delivery({ headers }));
    expect(result).toEqual({ ok: false, reason: { code: 'missing_header', message: expect.stringContaining(name.replace(/^Http-/, '')) } });
  });

  it.each(['SHA1withRSA', 'SHA256withECDSA', 'HS256', 'none'])('refuses auth algorithm %s', async (authAlgo) => {
    expect(await codeOf(delivery({ headers: signedZapierHeaders({ transmissionTime: NOW, authAlgo }) }))).toBe('unsupported_algorithm');
  });

  it.each([
    'https://evil.example/cert.pem',
    'https://paypal.com.evil.io/x',
    'https://evilpaypal.com/x',
    'http://api.paypal.com/x',
    'https://api.paypal.com@evil.example/x',
    'https://user:pw@api.paypal.com/x',
    'https://api.paypal.com:8443/x',
    'https://api.paypal.com./x',
    'file:///etc/ssl/cert.pem',
    'not a url',
  ])('refuses a certificate from %s without fetching it', async (certUrl) => {
    const server = certificateServer();
    const headers = signedZapierHeaders({ transmissionTime: NOW, certUrl });
    expect(await codeOf(delivery({ headers, fetchCertificate: server.fetchCertificate }))).toBe('untrusted_cert_url');
    expect(server.requested).toEqual([]);
  });

  it('refuses when the certificate cannot be fetched, or is no certificate', async () => {
    const failing = async () => {
      throw new Error('ECONNRESET');
    };
    expect(await codeOf(delivery({ fetchCertificate: failing }))).toBe('certificate_unavailable');
    expect(await codeOf(delivery({ fetchCertificate: certificateServer('<html>nope</html>').fetchCertificate }))).toBe('bad_certificate');
    expect(await codeOf(delivery({ fetchCertificate: certificateServer(TEST_KEY_PEM).fetchCertificate }))).toBe('bad_certificate');
  });

  it('refuses a certificate outside its validity period', async () => {
    const after = new Date('2127-01-01T00:00:00Z'); // certificate ends 2126-11-02
    const before = new Date('2026-01-01T00:00:00Z'); // certificate starts 2026-11-26
    for (const now of [after, before]) {
      expect(await codeOf(delivery({ now, headers: signedZapierHeaders({ transmissionTime: now }) }))).toBe('expired_certificate');
    }
  });

  it('refuses a correctly signed body that is not a PayPal event', async () => {
    const rawBody = '{"hello":"world"}';
    expect(await codeOf(delivery({ rawBody, headers: signedZapierHeaders({ transmissionTime: NOW, rawBody }) }))).toBe('malformed_body');
  });

  it('refuses when no webhook id is stored', async () => {
    expect(await codeOf(delivery({ webhookId: '' }))).toBe('missing_webhook_id');
  });

  it('never puts the signature or the webhook id in a reason', async () => {
    const headers = signedZapierHeaders({ transmissionTime: NOW });
    const signature = headers['Http-Paypal-Transmission-Sig']!;
    const refusals = [
      delivery({ rawBody: SAMPLE_RAW_BODY + ' ' }),
      delivery({ headers: { ...headers, 'Http-Paypal-Cert-Url': 'https://evil.example/cert.pem' } }),
      delivery({ headers, now: new Date(NOW.getTime() + 10 * 24 * 3600 * 1000) }),
      delivery({ headers: { ...headers, 'Http-Paypal-Auth-Algo': 'SHA1withRSA' } }),
    ];
    for (const input of refusals) {
      const result = await verifyPayPalDelivery(input);
      expect(result.ok).toBe(false);
      const text = JSON.stringify(result);
      expect(text).not.toContain(signature);
      expect(text).not.toContain(SAMPLE_WEBHOOK_ID);
    }
  });
});

describe('isAllowedCertUrl', () => {
  it('allows https on paypal.com and its subdomains only', () => {
    expect(isAllowedCertUrl(PAYPAL_CERT_URL)).toBe(true);
    expect(isAllowedCertUrl('https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77')).toBe(true);
    expect(isAllowedCertUrl('https://PayPal.com/cert')).toBe(true);
    expect(isAllowedCertUrl('https://api.paypal.com:443/cert')).toBe(true);
    expect(isAllowedCertUrl('https://paypal.com.evil.io/x')).toBe(false);
    expect(isAllowedCertUrl('https://evilpaypal.com/x')).toBe(false);
  });

  it('allows the trusted origin exactly, never a look-alike', () => {
    expect(isAllowedCertUrl(`${SANDBOX_ORIGIN}/cert.pem`, SANDBOX_ORIGIN)).toBe(true);
    expect(isAllowedCertUrl('http://127.0.0.1:4010@evil.example/cert.pem', SANDBOX_ORIGIN)).toBe(false);
    expect(isAllowedCertUrl('https://127.0.0.1:4010/cert.pem', SANDBOX_ORIGIN)).toBe(false);
  });
});

describe('certificateCacheKey', () => {
  it('is short, stable and distinct per URL', () => {
    const key = certificateCacheKey(PAYPAL_CERT_URL);
    expect(key).toMatch(/^paypal-cert:[0-9a-f]{16}$/);
    expect(certificateCacheKey(PAYPAL_CERT_URL)).toBe(key);
    expect(certificateCacheKey(`${PAYPAL_CERT_URL}x`)).not.toBe(key);
  });
});
