/**
 * Gateway answers for the Tracking Audit Report's tests, built from the documented examples
 * (test/orders/fixtures): Stripe PaymentIntents with their Charge expanded as the list returns them, PayPal
 * orders and Transaction Search rows. Changed fields are marked `// state:`.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import type { AuditReport } from '../../triggers/shared/audit-output';
import { trackingAudit } from '../../triggers/tracking_audit';
import { ORDER_COMPLETED, ORDER_WITH_TRACKER, TRACKED_CAPTURE_ID } from '../orders/fixtures/paypal';
import { CHARGE_OF_PI, PI_SUCCEEDED, SHIPPING } from '../orders/fixtures/stripe';
import { nonConformingRequests, takeCapturedRequests, type CapturedRequest } from '../support/gateway-nock';
import { transactionRow } from './fixtures';

const HOUR_MS = 3600_000;

/** The trigger's perform, typed with what it returns (the app's own function, as App.triggers holds it). */
export const auditPerform = (trackingAudit.operation as { perform: unknown }).perform as (
  z: ZObject,
  bundle: Bundle,
) => Promise<AuditReport[]>;

interface IntentOptions {
  hoursAgo: number;
  tracked?: boolean;
  shipping?: boolean;
  refunded?: boolean;
  disputed?: boolean;
  email?: string;
  now?: number;
}

/** A succeeded PaymentIntent paid `hoursAgo`, its Charge expanded (GET /v1/payment_intents with expand[]=data.latest_charge). */
export function paidIntent(id: string, options: IntentOptions) {
  const created = Math.floor(((options.now ?? Date.now()) - options.hoursAgo * HOUR_MS) / 1000);
  const shipping = options.shipping === false ? null : options.tracked ? SHIPPING : { ...SHIPPING, carrier: null, tracking_number: null };
  return {
    ...PI_SUCCEEDED,
    id, // state:
    created, // state:
    shipping, // state:
    receipt_email: options.email ?? `${id}@example.com`, // state:
    latest_charge: {
      ...CHARGE_OF_PI,
      id: `ch_${id.slice(3)}`, // state:
      created, // state:
      payment_intent: id, // state:
      ...(options.refunded ? { amount_refunded: 2000, refunded: true } : {}), // state:
      ...(options.disputed ? { disputed: true } : {}), // state:
    },
  };
}

export const piList = (data: unknown[], hasMore = false) => ({ object: 'list', url: '/v1/payment_intents', has_more: hasMore, data });

/** A completed PayPal order paid `hoursAgo` (its capture's create_time), with or without a tracker. */
export function paidPayPalOrder(id: string, options: { hoursAgo: number; tracked?: boolean; captureId?: string; now?: number }) {
  const base = options.tracked ? ORDER_WITH_TRACKER : ORDER_COMPLETED;
  const unit = base.purchase_units[0]!;
  const captureId = options.tracked ? TRACKED_CAPTURE_ID : (options.captureId ?? `CAP${id}`.slice(0, 17));
  const at = new Date((options.now ?? Date.now()) - options.hoursAgo * HOUR_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    ...base,
    id, // state:
    create_time: at, // state:
    purchase_units: [
      { ...unit, payments: { captures: [{ ...unit.payments.captures[0]!, id: captureId, create_time: at, update_time: at }] } },
    ], // state:
  };
}

/** The Transaction Search row of an order's capture, naming the order (ODR), as the search returns it. */
export function rowOf(order: ReturnType<typeof paidPayPalOrder>, now = Date.now()) {
  const capture = order.purchase_units[0]!.payments.captures[0]!;
  return transactionRow({ id: capture.id, at: new Date(Date.parse(capture.create_time) || now), orderId: order.id });
}

/** The gateway calls made so far (token mints left out), each checked against the official specs first. */
export function auditCalls(): CapturedRequest[] {
  expect(nonConformingRequests()).toEqual([]);
  return takeCapturedRequests().filter((r) => !r.url.endsWith('/v1/oauth2/token'));
}

export const queryOf = (request: CapturedRequest) => Object.fromEntries(new URL(request.url).searchParams);
