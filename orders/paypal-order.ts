/**
 * A PayPal order (Orders v2 JSON, with the capture it is about) → Order, and the readers the other
 * PayPal mappers share. Pure. The rules are listed in orders/paypal.ts.
 */
import type {
  PayPalCaptureInput,
  PayPalEventInput,
  PayPalLink,
  PayPalMoney,
  PayPalName,
  PayPalOrderInput,
  PayPalPurchaseUnitInput,
  PayPalTrackerInput,
} from '../gateways/paypal-types';
import { paypalValueToDecimal, sumDecimals } from './money';
import { completeOrder, type Environment, type Order, type TrackingEntry } from './order';
import { orderIdOfCapture } from './paypal-links';
import type { OrderStatus } from './status';
import { statusFromPayPalEvent, statusFromPayPalOrder } from './status-paypal';
import { summariseTrackings } from './trackings';
import { firstText, isoDate, shippingFields } from './values';

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

// ---------------------------------------------------------------- readers shared by the PayPal mappers

/** A PayPal amount as a decimal string with the currency's decimals. */
export function money(m: PayPalMoney | undefined): string | null {
  return m?.value !== undefined && m.currency_code ? paypalValueToDecimal(m.value, m.currency_code) : null;
}

export function personName(name: PayPalName | undefined): string | null {
  return firstText(name?.full_name, [name?.given_name, name?.surname].filter(Boolean).join(' '), name?.alternate_full_name);
}

/** `live` / `test`: as given, else from sandbox hosts in the objects' links, else live. */
export function environmentOf(given: PayPalEnvironment | undefined, ...linkLists: Array<PayPalLink[] | undefined>): Environment {
  if (given) return given === 'live' ? 'live' : 'test';
  const sandbox = linkLists.some((links) => links?.some((l) => /\/\/api(-m)?\.sandbox\.paypal\.com\//.test(l.href ?? '')));
  return sandbox ? 'test' : 'live';
}

export function dashboardUrl(captureId: string | null, environment: Environment): string | null {
  if (!captureId) return null;
  const host = environment === 'live' ? 'https://www.paypal.com' : 'https://www.sandbox.paypal.com';
  return `${host}/activity/payment/${encodeURIComponent(captureId)}`;
}

/** Orders v2 trackers joined with the numbers the caller knows; orders/paypal.ts states the matching rule. */
export function trackingsFromPayPal(
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

/** The unit and capture an Order is about: those of `wanted` when the order holds it, else the first. */
function unitAndCapture(order: PayPalOrderInput, wanted: PayPalCaptureInput | null | undefined) {
  const units = order.purchase_units ?? [];
  const unit = units.find((u) => u.payments?.captures?.some((c) => c.id === wanted?.id)) ?? units[0];
  const captures = unit?.payments?.captures ?? [];
  const capture = captures.find((c) => c.id === wanted?.id) ?? wanted ?? captures[0] ?? null;
  return { unit, capture };
}

/** Amount and currency of the unit (else the capture), and the sum of the unit's completed refunds. */
function amountsOf(unit: PayPalPurchaseUnitInput | undefined, capture: PayPalCaptureInput | null) {
  const amount = unit?.amount ?? capture?.amount;
  const currency = amount?.currency_code ?? null;
  const refunds = (unit?.payments?.refunds ?? []).filter((r) => r.status === 'COMPLETED' && r.amount?.value !== undefined);
  return {
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
  };
}

/** The buyer (payer, else the PayPal payment source) and the unit's shipping name and address. */
function buyerAndShipping(order: PayPalOrderInput, unit: PayPalPurchaseUnitInput | undefined) {
  const buyer = order.payer ?? order.payment_source?.paypal;
  const phone = order.payer?.phone?.phone_number ?? order.payment_source?.paypal?.phone_number;
  const address = unit?.shipping?.address;
  return {
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
  };
}

/** One PayPal order (Orders v2 JSON) → Order, about `context.capture` or its first capture. */
export function orderFromPayPalOrder(order: PayPalOrderInput, context: PayPalOrderContext = {}): Order {
  const { unit, capture } = unitAndCapture(order, context.capture);
  const captureId = capture?.id ?? null;
  const event = context.event ?? null;
  const resourceLinks = (event?.resource as { links?: PayPalLink[] } | undefined)?.links;
  const environment = environmentOf(context.environment, order.links, capture?.links, resourceLinks, event?.links);
  const status: OrderStatus = (event && statusFromPayPalEvent(event, capture ?? undefined)) ?? statusFromPayPalOrder(order, captureId);

  return completeOrder({
    gateway: 'paypal',
    environment,
    order_id: firstText(order.id, orderIdOfCapture(capture)),
    payment_id: captureId,
    merchant_reference: firstText(unit?.invoice_id, capture?.invoice_id, unit?.custom_id, capture?.custom_id),
    status,
    gateway_status: firstText(capture?.status, order.status),
    status_changed_at: isoDate(event?.create_time ?? capture?.update_time ?? order.update_time ?? order.create_time),
    event_id: event?.id ?? null,
    event_type: event?.event_type ?? null,
    ...amountsOf(unit, capture),
    ...buyerAndShipping(order, unit),
    ...summariseTrackings(trackingsFromPayPal(unit?.shipping?.trackers ?? [], context.trackingNumbers ?? [], captureId)),
    created_at: isoDate(order.create_time ?? capture?.create_time),
    dashboard_url: dashboardUrl(captureId, environment),
    description: firstText(unit?.description),
  });
}

/** A capture seen without its order, as the order fields it carries. */
export function orderFromCaptureOnly(capture: PayPalCaptureInput): PayPalOrderInput {
  return {
    id: orderIdOfCapture(capture) ?? undefined,
    create_time: capture.create_time,
    update_time: capture.update_time,
    links: capture.links,
    purchase_units: [
      { amount: capture.amount, invoice_id: capture.invoice_id, custom_id: capture.custom_id, payments: { captures: [capture] } },
    ],
  };
}
