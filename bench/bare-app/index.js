/**
 * The baseline for the cold-start and end-to-end ratios: a minimal zapier-platform-core app whose one create
 * does the least an add_tracking can do, as plainly as a hand-written Zapier app would — 1 read + 1 write on
 * the order's gateway, and for PayPal the token from z.cache (minted and stored only when the cache has none):
 *   Stripe  GET the PaymentIntent, POST it with the number (in metadata: the least a valid write needs)
 *   PayPal  z.cache get of the token, GET the order, POST /track for its capture
 * Plain JavaScript so nothing but core and this file loads; pointed at the sandbox by STRIPE_API_BASE and
 * PAYPAL_API_BASE.
 */
'use strict';
const zapier = require('zapier-platform-core');

async function paypalToken(z, authData) {
  const cached = await z.cache.get('bare-paypal-token', ['auth']);
  if (cached) return cached;
  const basic = Buffer.from(`${authData.paypal_client_id}:${authData.paypal_client_secret}`).toString('base64');
  const response = await z.request({
    method: 'POST',
    url: `${process.env.PAYPAL_API_BASE}/v1/oauth2/token`,
    headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: { grant_type: 'client_credentials' },
  });
  await z.cache.set('bare-paypal-token', response.data.access_token, response.data.expires_in - 300, ['auth']);
  return response.data.access_token;
}

const addTracking = {
  key: 'add_tracking',
  noun: 'Tracking',
  display: { label: 'Add Tracking', description: 'Creates a tracking entry.' },
  operation: {
    inputFields: [
      { key: 'order', required: true },
      { key: 'tracking_number', required: true },
    ],
    perform: async (z, bundle) => {
      const { order, tracking_number: number } = bundle.inputData;
      if (order.startsWith('pi_')) {
        const url = `${process.env.STRIPE_API_BASE}/v1/payment_intents/${encodeURIComponent(order)}`;
        const headers = { Authorization: `Bearer ${bundle.authData.stripe_secret_key}` };
        await z.request({ url, headers });
        const response = await z.request({
          method: 'POST',
          url,
          headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: { 'metadata[tracking_number]': number },
        });
        return { id: response.data.id, tracking_number: number };
      }
      const headers = { Authorization: `Bearer ${await paypalToken(z, bundle.authData)}` };
      const url = `${process.env.PAYPAL_API_BASE}/v2/checkout/orders/${encodeURIComponent(order)}`;
      const read = await z.request({ url, headers });
      const capture = read.data.purchase_units[0].payments.captures[0].id;
      const response = await z.request({
        method: 'POST',
        url: `${url}/track`,
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: { capture_id: capture, tracking_number: number, carrier: 'UPS' },
      });
      return { id: response.data.id, tracking_number: number };
    },
    sample: { id: 'pi_1', tracking_number: '1Z999AA10123456784' },
  },
};

module.exports = {
  version: '1.0.0',
  platformVersion: zapier.version,
  authentication: {
    type: 'custom',
    fields: [
      { key: 'stripe_secret_key', type: 'password' },
      { key: 'paypal_client_id' },
      { key: 'paypal_client_secret', type: 'password' },
    ],
    test: { url: 'https://example.com' },
  },
  triggers: {},
  searches: {},
  creates: { [addTracking.key]: addTracking },
};
