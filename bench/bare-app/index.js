/**
 * The baseline for the cold-start ratio: a minimal zapier-platform-core app whose one create makes one
 * request to the sandbox (a Stripe PaymentIntent read), as plainly as a hand-written Zapier app would.
 * Plain JavaScript so nothing but core and this file loads; pointed at the sandbox by STRIPE_API_BASE.
 */
'use strict';
const zapier = require('zapier-platform-core');

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
      const response = await z.request({
        url: `${process.env.STRIPE_API_BASE}/v1/payment_intents/${encodeURIComponent(bundle.inputData.order)}`,
        headers: { Authorization: `Bearer ${bundle.authData.stripe_secret_key}` },
      });
      return { id: response.data.id, tracking_number: bundle.inputData.tracking_number };
    },
    sample: { id: 'pi_1', tracking_number: '1Z999AA10123456784' },
  },
};

module.exports = {
  version: '1.0.0',
  platformVersion: zapier.version,
  authentication: { type: 'custom', fields: [{ key: 'stripe_secret_key', type: 'password' }], test: { url: 'https://example.com' } },
  triggers: {},
  searches: {},
  creates: { [addTracking.key]: addTracking },
};
