/**
 * PayPal objects and events → Order (docs/architecture.md#the-order). Pure; JSON shapes as the REST API sends them.
 *
 *   orderFromPayPalOrder(order, {environment?, event?, capture?, trackingNumbers?}): Order
 *   orderFromPayPalEvent(event, {order?, capture?, environment?, trackingNumbers?}?): Order | null
 *       CHECKOUT.ORDER.*, PAYMENT.CAPTURE.*, CUSTOMER.DISPUTE.*; null for other event types.
 *   orderFromTransaction(transaction_detail, {environment?, trackingNumbers?}?): Order
 *       one Transaction Search row (transaction_info / payer_info / shipping_info).
 *
 * - order_id = order ID; payment_id = capture ID (what tracking attaches to). An event seen without
 *   its order gives order_id from the capture's `supplementary_data.related_ids.order_id` or its `up`
 *   link, else null (Transaction Search rows never say it): the caller resolves capture → order.
 * - environment: given (`sandbox` is taken as `test`), else from the `api.sandbox`/`api-m.sandbox`
 *   hosts in the object's links, else live. dashboard_url needs a capture ID (null without one).
 * - merchant_reference = invoice_id, else custom_id.
 * - Trackers (`purchase_units[].shipping.trackers[]`) carry id/status/items but no number. Numbers
 *   come from the caller (`trackingNumbers`, e.g. read from Tracking v1
 *   `GET /v1/shipping/trackers?transaction_id=`), matched to a tracker by `tracker_id`, or by the
 *   tracker id being capture ID + number (the shape PayPal's docs show; used only to match, never
 *   to build an id). Numbers that match no tracker are listed after the trackers.
 *   has_tracking = some tracker or number that is not CANCELLED.
 * - Refund events: which capture was refunded comes from the refund's `up` link; whether the refund
 *   is full or partial needs that capture's amount or status (pass the order or the capture).
 */
import { paypalValueToDecimal, sumDecimals } from './money';
import {
  completeOrder,
  firstText,
  isoDate,
  shippingFields,
  summariseTrackings,
  type Environment,
  type Order,
  type TrackingEntry,
} from './order';
import type {
  PayPalMoney,
  PayPalLink,
  PayPalName,
  PayPalPhone,
  PayPalAddressPortable,
  PayPalTrackerInput,
  PayPalCaptureInput,
  PayPalRefundInput,
  PayPalPurchaseUnitInput,
  PayPalOrderInput,
  PayPalDisputeInput,
  PayPalEventInput,
  PayPalTransactionDetailInput,
} from '../gateways/paypal-types';
import { statusFromPayPalEvent, statusFromPayPalOrder, type OrderStatus } from './status';

/** A tracking number known from elsewhere (Tracking v1, the app's own write). */
export interface PayPalTrackingNumber {
  tracking_number: string;
  carrier?: string | null;
  carrier_name?: string | null;
  tracking_url?: string | null;
  status?: string | null;
  tracker_id?: string | null;
}

export type PayPalEnvironment = Environment | 'sandbox';

export interface PayPalOrderContext {
  environment?: PayPalEnvironment;
  event?: PayPalEventInput | null;
  /** The capture this Order is about (its id is enough when the order holds it). */
  capture?: PayPalCaptureInput | null;
  trackingNumbers?: readonly PayPalTrackingNumber[];
}

// ---------------------------------------------------------------- small readers

function money(m: PayPalMoney | undefined): string | null {
  return m?.value !== undefined && m.currency_code ? paypalValueToDecimal(m.value, m.currency_code) : null;
}

function personName(name: PayPalName | undefined): string | null {
  return firstText(name?.full_name, [name?.given_name, name?.surname].filter(Boolean).join(' '), name?.alternate_full_name);
}

function linkedId(links: PayPalLink[] | undefined, pathPart: string): string | null {
  const href = links?.find((l) => l.rel === 'up' && l.href?.includes(pathPart))?.href;
  const id = href?.split(pathPart)[1]?.split(/[/?#]/)[0];
  return id ? decodeURIComponent(id) : null;
}

function environmentOf(given: PayPalEnvironment | undefined, ...linkLists: Array<PayPalLink[] | undefined>): Environment {
  if (given) return given === 'live' ? 'live' : 'test';
  const sandbox = linkLists.some((links) => links?.some((l) => /\/\/api(-m)?\.sandbox\.paypal\.com\//.test(l.href ?? '')));
  return sandbox ? 'test' : 'live';
}

function dashboardUrl(captureId: string | null, environment: Environment): string | null {
  if (!captureId) return null;
  const host = environment === 'live' ? 'https://www.paypal.com' : 'https://www.sandbox.paypal.com';
  return `${host}/activity/payment/${encodeURIComponent(captureId)}`;
}

/** Orders v2 trackers joined with the numbers the caller knows; see the header for the matching rule. */
function trackingsFromPayPal(
  trackers: readonly PayPalTrackerInput[],
  numbers: readonly PayPalTrackingNumber[],
  captureId: string | null,
): TrackingEntry[] {
  const used = new Set<PayPalTrackingNumber>();
  const entries: TrackingEntry[] = trackers.map((tracker) => {
    const known =
      numbers.find((n) => n.tracker_id && n.tracker_id === tracker.id) ??
      numbers.find((n) => captureId !== null && tracker.id === captureId + n.tracking_number);
    if (known) used.add(known);
    return {
      tracking_number: known?.tracking_number ?? null,
      carrier: known?.carrier ?? null,
      carrier_name: known?.carrier_name ?? null,
      tracking_url: known?.tracking_url ?? null,
      status: tracker.status ?? known?.status ?? null,
      tracker_id: tracker.id ?? null,
    };
  });
  for (const n of numbers) {
    if (!used.has(n)) {
      entries.push({
        tracking_number: n.tracking_number,
        carrier: n.carrier ?? null,
        carrier_name: n.carrier_name ?? null,
        tracking_url: n.tracking_url ?? null,
        status: n.status ?? null,
        tracker_id: n.tracker_id ?? null,
      });
    }
  }
  return entries;
}

// ---------------------------------------------------------------- orders

/** One PayPal order (Orders v2 JSON) → Order, about `context.capture` or its first capture. */
export function orderFromPayPalOrder(order: PayPalOrderInput, context: PayPalOrderContext = {}): Order {
  const units = order.purchase_units ?? [];
  const wantedCaptureId = context.capture?.id;
  const unit = units.find((u) => u.payments?.captures?.some((c) => c.id === wantedCaptureId)) ?? units[0];
  const captures = unit?.payments?.captures ?? [];
  const capture = captures.find((c) => c.id === wantedCaptureId) ?? context.capture ?? captures[0] ?? null;
  const captureId = capture?.id ?? null;
  const event = context.event ?? null;
  const resourceLinks = (event?.resource as { links?: PayPalLink[] } | undefined)?.links;
  const environment = environmentOf(context.environment, order.links, capture?.links, resourceLinks, event?.links);

  const status: OrderStatus = (event && statusFromPayPalEvent(event, capture ?? undefined)) ?? statusFromPayPalOrder(order, captureId);
  const amount = unit?.amount ?? capture?.amount;
  const currency = amount?.currency_code ?? null;
  const refunds = (unit?.payments?.refunds ?? []).filter((r) => r.status === 'COMPLETED' && r.amount?.value !== undefined);
  const buyer = order.payer ?? order.payment_source?.paypal;
  const phone = order.payer?.phone?.phone_number ?? order.payment_source?.paypal?.phone_number;
  const address = unit?.shipping?.address;

  return completeOrder({
    gateway: 'paypal',
    environment,
    order_id: firstText(order.id, capture?.supplementary_data?.related_ids?.order_id, linkedId(capture?.links, '/v2/checkout/orders/')),
    payment_id: captureId,
    merchant_reference: firstText(unit?.invoice_id, capture?.invoice_id, unit?.custom_id, capture?.custom_id),
    status,
    gateway_status: firstText(capture?.status, order.status),
    status_changed_at: isoDate(event?.create_time ?? capture?.update_time ?? order.update_time ?? order.create_time),
    event_id: event?.id ?? null,
    event_type: event?.event_type ?? null,
    amount: money(amount),
    currency: currency ? currency.toUpperCase() : null,
    amount_refunded:
      unit?.payments && currency
        ? sumDecimals(
            refunds.map((r) => r.amount?.value ?? '0'),
            currency,
            'paypal',
          )
        : null,
    customer_email: firstText(buyer?.email_address),
    customer_name: personName(buyer?.name),
    customer_phone: firstText(phone?.national_number),
    ...shippingFields(
      personName(unit?.shipping?.name),
      address && {
        line1: address.address_line_1,
        line2: address.address_line_2,
        city: address.admin_area_2,
        state: address.admin_area_1,
        postal_code: address.postal_code,
        country: address.country_code,
      },
    ),
    ...summariseTrackings(trackingsFromPayPal(unit?.shipping?.trackers ?? [], context.trackingNumbers ?? [], captureId)),
    created_at: isoDate(order.create_time ?? capture?.create_time),
    dashboard_url: dashboardUrl(captureId, environment),
    description: firstText(unit?.description),
  });
}

/** A capture seen without its order, as the order fields it carries. */
function orderFromCaptureOnly(capture: PayPalCaptureInput): PayPalOrderInput {
  return {
    id: firstText(capture.supplementary_data?.related_ids?.order_id, linkedId(capture.links, '/v2/checkout/orders/')) ?? undefined,
    create_time: capture.create_time,
    update_time: capture.update_time,
    links: capture.links,
    purchase_units: [
      { amount: capture.amount, invoice_id: capture.invoice_id, custom_id: capture.custom_id, payments: { captures: [capture] } },
    ],
  };
}

/** Recomputes `id` after event-specific fields replaced computed ones. */
function withPatch(order: Order, patch: Partial<Order>): Order {
  return completeOrder({ ...order, ...patch, id: undefined });
}

export interface PayPalEventRelated {
  /** The order (GET /v2/checkout/orders/{id}): buyer, shipping and trackers the event lacks. */
  order?: PayPalOrderInput | null;
  /** The capture (GET /v2/payments/captures/{id}): tells full from partial refunds without the order. */
  capture?: PayPalCaptureInput | null;
  environment?: PayPalEnvironment;
  trackingNumbers?: readonly PayPalTrackingNumber[];
}

/** A PayPal webhook event → Order, or null when the event type says nothing about an order. */
export function orderFromPayPalEvent(event: PayPalEventInput, related: PayPalEventRelated = {}): Order | null {
  const type = event.event_type;
  const base = { environment: related.environment, event, trackingNumbers: related.trackingNumbers };

  if (type.startsWith('CHECKOUT.ORDER.')) {
    return orderFromPayPalOrder(related.order ?? (event.resource as PayPalOrderInput), { ...base, capture: related.capture });
  }

  if (type === 'PAYMENT.CAPTURE.REFUNDED' || type === 'PAYMENT.CAPTURE.REVERSED') {
    const refund = event.resource as PayPalRefundInput;
    const capturedId = related.capture?.id ?? linkedId(refund.links, '/v2/payments/captures/');
    const capture: PayPalCaptureInput = related.capture ?? {
      id: capturedId ?? undefined,
      invoice_id: refund.invoice_id,
      custom_id: refund.custom_id,
      links: refund.links,
    };
    const order = orderFromPayPalOrder(related.order ?? orderFromCaptureOnly(capture), { ...base, capture });
    const total = refund.seller_payable_breakdown?.total_refunded_amount ?? refund.amount;
    return withPatch(order, {
      amount_refunded: money(total) ?? order.amount_refunded,
      currency: order.currency ?? total?.currency_code?.toUpperCase() ?? null,
      gateway_status: order.gateway_status ?? firstText(refund.status),
    });
  }

  if (type.startsWith('PAYMENT.CAPTURE.')) {
    const capture = { ...(event.resource as PayPalCaptureInput), ...related.capture };
    return orderFromPayPalOrder(related.order ?? orderFromCaptureOnly(capture), { ...base, capture });
  }

  if (type.startsWith('CUSTOMER.DISPUTE.')) {
    const dispute = event.resource as PayPalDisputeInput;
    const transaction = dispute.disputed_transactions?.[0];
    const capture: PayPalCaptureInput = related.capture ?? { id: transaction?.seller_transaction_id };
    const fallbackOrder: PayPalOrderInput = {
      purchase_units: [
        {
          amount: transaction?.gross_amount ?? dispute.dispute_amount,
          invoice_id: transaction?.invoice_number,
          custom_id: transaction?.custom,
        },
      ],
    };
    const order = orderFromPayPalOrder(related.order ?? fallbackOrder, { ...base, capture });
    // UPDATED is not in the status table, and RESOLVED without a known outcome stays `disputed`.
    const status: OrderStatus = statusFromPayPalEvent(event) ?? 'disputed';
    return withPatch(order, {
      status,
      gateway_status: dispute.status ?? null,
      customer_email: order.customer_email ?? firstText(transaction?.buyer?.email),
      customer_name: order.customer_name ?? firstText(transaction?.buyer?.name),
    });
  }
  return null;
}

// ---------------------------------------------------------------- Transaction Search

/**
 * Transaction status codes (reporting spec `transaction_status`): S success, P pending, D denied,
 * V reversed. Event codes T11xx are reversals and refunds (their amount is negative and
 * paypal_reference_id is the original capture). A refund row cannot tell full from partial: `refunded`.
 */
function transactionStatus(eventCode: string, statusCode: string | undefined): OrderStatus {
  if (eventCode.startsWith('T11') || statusCode === 'V') return 'refunded';
  if (statusCode === 'P') return 'pending';
  if (statusCode === 'D') return 'failed';
  return 'paid';
}

function unsigned(value: string | null): string | null {
  return value?.startsWith('-') ? value.slice(1) : value;
}

/** One Transaction Search row → Order (order_id null: the reporting API does not give it). */
export function orderFromTransaction(
  detail: PayPalTransactionDetailInput,
  context: { environment?: PayPalEnvironment; trackingNumbers?: readonly PayPalTrackingNumber[] } = {},
): Order {
  const info = detail.transaction_info ?? {};
  const eventCode = info.transaction_event_code ?? '';
  const isRefund = eventCode.startsWith('T11');
  const paymentId = firstText(isRefund ? info.paypal_reference_id : info.transaction_id, info.transaction_id);
  const environment = environmentOf(context.environment);
  const value = unsigned(money(info.transaction_amount));
  const address = detail.shipping_info?.address;
  const payer = detail.payer_info;

  return completeOrder({
    gateway: 'paypal',
    environment,
    order_id: null,
    payment_id: paymentId,
    merchant_reference: firstText(info.invoice_id, info.custom_field),
    status: transactionStatus(eventCode, info.transaction_status),
    gateway_status: firstText(info.transaction_status),
    status_changed_at: isoDate(info.transaction_updated_date ?? info.transaction_initiation_date),
    amount: isRefund ? null : value,
    currency: info.transaction_amount?.currency_code?.toUpperCase() ?? null,
    amount_refunded: isRefund ? value : null,
    customer_email: firstText(payer?.email_address),
    customer_name: personName(payer?.payer_name),
    customer_phone: firstText(payer?.phone_number?.national_number),
    ...shippingFields(detail.shipping_info?.name, address && { ...address, country: address.country_code }),
    ...summariseTrackings(trackingsFromPayPal([], context.trackingNumbers ?? [], paymentId)),
    created_at: isoDate(info.transaction_initiation_date),
    dashboard_url: dashboardUrl(paymentId, environment),
    description: firstText(info.transaction_subject, info.transaction_note),
  });
}
