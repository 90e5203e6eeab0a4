/**
 * One Transaction Search row (transaction_info / payer_info / shipping_info) → Order. Pure. A row
 * never names its order: order_id is null and the caller resolves capture → order.
 */
import type { PayPalTransactionDetailInput } from '../gateways/paypal-types';
import { completeOrder, type Order } from './order';
import {
  dashboardUrl,
  environmentOf,
  money,
  personName,
  trackingsFromPayPal,
  type PayPalEnvironment,
  type PayPalTrackingNumber,
} from './paypal-order';
import type { OrderStatus } from './status';
import { summariseTrackings } from './trackings';
import { firstText, isoDate, shippingFields } from './values';

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
