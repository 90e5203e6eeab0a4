/**
 * PayPal objects and events → Order (docs/architecture.md#the-order). Pure; JSON shapes as the REST API sends them.
 *
 *   orderFromPayPalOrder(order, {environment?, event?, capture?, trackingNumbers?}): Order
 *   orderFromPayPalEvent(event, {order?, capture?, environment?, trackingNumbers?}?): Order | null
 *       CHECKOUT.ORDER.*, PAYMENT.CAPTURE.*, CUSTOMER.DISPUTE.*; null for other event types.
 *   orderFromTransaction(transaction_detail, {environment?, trackingNumbers?}?): Order
 *       one Transaction Search row (transaction_info / payer_info / shipping_info).
 *   orderIdOfCapture(capture), captureIdOfRefund(refund): which object another belongs to
 *
 * Each lives in its own module (orders/paypal-order.ts, paypal-event.ts, paypal-transaction.ts,
 * paypal-links.ts); this one is their common entry.
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
export { orderIdOfCapture } from './paypal-links';
export { orderFromPayPalEvent } from './paypal-event';
export { orderFromPayPalOrder, type PayPalEnvironment, type PayPalTrackingNumber } from './paypal-order';
export { orderFromTransaction } from './paypal-transaction';
