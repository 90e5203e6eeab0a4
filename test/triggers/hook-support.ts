/**
 * What the tests of order_status_changed share: the operation, the subscriptions a Zap holds, the log lines,
 * the gateways' error answers, and nock scopes for PayPal's certificate and its copies of delivered events.
 */
import nock from 'nock';
import { paypalApi } from '../support/gateway-nock';
import { STRIPE_WEBHOOK_SECRET } from '../support/fixtures';
import { App } from '../support/tester';
import { PAYPAL_CERT_URL, TEST_CERT_PEM } from '../webhooks/paypal-fixtures';
import { PAYPAL_WEBHOOK, STRIPE_ENDPOINT } from './fixtures';

export const trigger = App.triggers.order_status_changed.operation as any;

export const STRIPE_SUBSCRIPTION = { stripe_webhook_id: STRIPE_ENDPOINT.id, stripe_secret: STRIPE_WEBHOOK_SECRET };
export const PAYPAL_SUBSCRIPTION = { paypal_webhook_id: PAYPAL_WEBHOOK.id };
export const NOW_SECONDS = () => Math.floor(Date.now() / 1000);

export const STRIPE_503 = { error: { type: 'api_error', message: 'Service unavailable' } };
const PAYPAL_500 = { name: 'INTERNAL_SERVER_ERROR', message: 'An internal server error has occurred.', debug_id: '90957fca61718' };

/** Every line the app logged since the last `(console.log as jest.Mock).mockClear()`. */
export const logLines = () => (console.log as unknown as jest.Mock).mock.calls.map((args) => args.map(String).join(' ')).join('\n');

/** PayPal's own copy of a delivered event (GET /v1/notifications/webhooks-events/{id}), read back for every delivery. */
export const eventRead = (event: { id: string }, times = 1) =>
  paypalApi().get(`/v1/notifications/webhooks-events/${event.id}`).times(times).reply(200, event);
export const eventReadsFail = (times: number) =>
  paypalApi()
    .get(/^\/v1\/notifications\/webhooks-events\//)
    .times(times)
    .reply(500, PAYPAL_500);

export const certServer = (times = 1) =>
  nock('https://api.paypal.com').get(new URL(PAYPAL_CERT_URL).pathname).times(times).reply(200, TEST_CERT_PEM);
