/**
 * Fixtures for the order triggers' tests. Shapes are the gateways' documented examples:
 * Stripe's WebhookEndpoint (https://docs.stripe.com/api/webhook_endpoints/create, example response),
 * PayPal's webhook (https://developer.paypal.com/docs/api/webhooks/v1/#webhooks_post, example response),
 * and the order/event fixtures of test/orders/fixtures (their sources are cited there).
 */
import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { ORDER_COMPLETED, SANDBOX_CAPTURE_COMPLETED, TRANSACTION_DETAIL } from '../orders/fixtures/paypal';
import { STRIPE_WEBHOOK_SECRET } from '../support/fixtures';
import { signedZapierHeaders } from '../webhooks/paypal-fixtures';

export const TARGET_URL = 'https://hooks.zapier.com/hooks/standard/1234567/abcdef0123456789/';

export const STRIPE_ENDPOINT = {
  id: 'we_1Mr5jULkdIwHu7ix1ibLTM0x',
  object: 'webhook_endpoint',
  api_version: '2026-10-28.endive', // state: pinned by the app
  application: null,
  created: 1680122196,
  description: 'Zapier: Order Status Changed', // state:
  enabled_events: ['payment_intent.succeeded'], // state:
  livemode: false,
  metadata: {},
  secret: STRIPE_WEBHOOK_SECRET, // state: the suite's secret, so the secret scan watches it
  status: 'enabled',
  url: TARGET_URL, // state:
};

/** Stripe's list of webhook endpoints (https://docs.stripe.com/api/webhook_endpoints/list); a listed endpoint carries no secret. */
export const stripeEndpointList = (...endpoints: Array<Record<string, unknown>>) => ({
  object: 'list',
  url: '/v1/webhook_endpoints',
  has_more: false,
  data: endpoints.map(({ secret: _secret, ...endpoint }) => endpoint),
});

export const PAYPAL_WEBHOOK = {
  id: '0EH40505U7160970P',
  url: TARGET_URL, // state:
  event_types: [{ name: 'PAYMENT.CAPTURE.COMPLETED', description: 'Payment completed for a capture.' }], // state:
  links: [{ href: 'https://api-m.sandbox.paypal.com/v1/notifications/webhooks/0EH40505U7160970P', rel: 'self', method: 'GET' }],
};

/** The sandbox capture event's order (89T257400V0473133): the Orders v2 example in that order's state. */
export const SANDBOX_CAPTURE_ID = SANDBOX_CAPTURE_COMPLETED.resource.id;
export const SANDBOX_ORDER_ID = SANDBOX_CAPTURE_COMPLETED.resource.supplementary_data.related_ids.order_id;
export const SANDBOX_ORDER = {
  ...ORDER_COMPLETED,
  id: SANDBOX_ORDER_ID, // state:
  purchase_units: [
    {
      ...ORDER_COMPLETED.purchase_units[0]!,
      payments: { captures: [{ ...ORDER_COMPLETED.purchase_units[0]!.payments.captures[0]!, id: SANDBOX_CAPTURE_ID }] }, // state:
    },
  ],
};

/** A Stripe delivery as Zapier hands it to perform, signed with Stripe's own test helper. */
export function stripeDelivery(event: unknown, options: { secret?: string; timestamp?: number; body?: string } = {}) {
  const content = JSON.stringify(event, null, 2);
  const header = Stripe.webhooks.generateTestHeaderString({
    payload: content,
    secret: options.secret ?? STRIPE_WEBHOOK_SECRET,
    timestamp: options.timestamp,
  });
  return {
    method: 'POST',
    querystring: '',
    headers: { 'Content-Type': 'application/json', 'Http-Stripe-Signature': header },
    content: options.body ?? content,
  };
}

/**
 * A PayPal delivery as Zapier hands it to perform, signed with the sandbox test key. Each delivery gets
 * a fresh transmission id, as each of PayPal's transmissions has (docs/gateways.md#paypal-signature-verification).
 */
export function paypalDelivery(
  event: unknown,
  options: { webhookId: string; certUrl?: string; body?: string; transmissionTime?: Date; transmissionId?: string },
) {
  const content = JSON.stringify(event);
  const headers = signedZapierHeaders({
    rawBody: content,
    webhookId: options.webhookId,
    certUrl: options.certUrl,
    transmissionTime: options.transmissionTime ?? new Date(),
    transmissionId: options.transmissionId ?? randomUUID(),
  });
  return { method: 'POST', querystring: '', headers, content: options.body ?? content };
}

/**
 * A Transaction Search row (the reporting API's documented example, test/orders/fixtures) moved into
 * the poll's window and naming its order the way Orders v2 payments do (`paypal_reference_id` of
 * type ODR, as the sandbox emulates).
 */
export function transactionRow(options: { id: string; at: Date; orderId?: string; code?: string; value?: string; captureId?: string }) {
  const at = options.at.toISOString().replace(/\.\d{3}Z$/, '+0000');
  const reference = options.code?.startsWith('T11')
    ? { paypal_reference_id: options.captureId, paypal_reference_id_type: 'TXN' }
    : options.orderId
      ? { paypal_reference_id: options.orderId, paypal_reference_id_type: 'ODR' }
      : {};
  return {
    ...TRANSACTION_DETAIL,
    transaction_info: {
      ...TRANSACTION_DETAIL.transaction_info,
      transaction_id: options.id, // state:
      transaction_event_code: options.code ?? 'T0006', // state:
      transaction_initiation_date: at, // state:
      transaction_updated_date: at, // state:
      transaction_amount: { currency_code: 'USD', value: options.value ?? '100.00' }, // state:
      ...reference, // state:
    },
  };
}

/** A Transaction Search answer page. */
export function searchPage(rows: unknown[], page = 1, totalPages = 1) {
  return { transaction_details: rows, account_number: 'XZXSPECPDZHZU', page, total_items: rows.length, total_pages: totalPages, links: [] };
}
