/**
 * What the merchant should do about a gateway's error code, as data: gateways/errors.ts adds the
 * matching line to the message of a failed call.
 */

/** The `tracker_id` of Orders v2 `PATCH /v2/checkout/orders/{id}/trackers/{tracker_id}` (specs/paypal/checkout_orders_v2.json). */
const TRACKER_ID_ADVICE =
  "PayPal's Orders v2 tracker ID is at most 36 characters of A–Z and 0–9 (capture ID + tracking number), so a tracker with a longer ID " +
  "cannot be changed through Orders v2; this app changes such trackers through Tracking v1. If you see this, contact the integration's support.";

/** What the merchant should do about a PayPal `details[].issue` (Orders v2 track/patch, webhooks, search). */
export const PAYPAL_ISSUE_ADVICE: Record<string, string> = {
  CAPTURE_STATUS_NOT_VALID:
    'PayPal takes tracking only for a captured payment (capture COMPLETED, PARTIALLY_REFUNDED or PENDING). Capture the payment first, or use the order of a captured payment.',
  CAPTURE_ID_NOT_FOUND:
    'The capture does not belong to this order. Use the order ID or the capture (transaction) ID of the payment, not an authorization ID.',
  ITEM_SKU_MISMATCH:
    'Every item SKU must be one that was sent when the order was created. Check the items, or leave them out to track the whole order.',
  MSP_NOT_SUPPORTED: 'PayPal does not support tracking on orders with several purchase units.',
  INVALID_STRING_LENGTH:
    'A value is empty or too long: a tracking number is 1 to 64 characters; an Orders v2 tracker ID (capture ID + tracking number) 1 to 36 characters of A–Z and 0–9.',
  // Keyed `issue:field` (field without its leading `/`): wins over the bare issue, as for Stripe below.
  'INVALID_STRING_LENGTH:tracker_id': TRACKER_ID_ADVICE,
  'INVALID_PARAMETER_SYNTAX:tracker_id': TRACKER_ID_ADVICE,
  PERMISSION_DENIED:
    'Your PayPal REST app lacks a permission. In the PayPal developer dashboard, open the app and enable the needed feature (e.g. Shipment tracking), then reconnect.',
  NOT_AUTHORIZED:
    'Your PayPal REST app lacks a permission. In the PayPal developer dashboard, open the app and enable the needed feature, then reconnect.',
  INVALID_RESOURCE_ID: 'PayPal has no record with that ID in this environment.',
  RESOURCE_NOT_FOUND: 'PayPal has no record with that ID in this environment.',
  INVALID_TRACKER_ID: 'That tracker does not exist on this order.',
  NOT_PATCHABLE: 'That tracker can no longer be changed.',
  WEBHOOK_NUMBER_LIMIT_EXCEEDED:
    'Your PayPal REST app already has the maximum of 10 webhooks. Delete an unused one in the PayPal developer dashboard, or use the "Order Status Changed (Scheduled)" trigger (order_status_changed_polling), which needs none.',
  WEBHOOK_URL_ALREADY_EXISTS: 'A PayPal webhook with this URL already exists for your REST app.',
  RATE_LIMIT_REACHED: 'PayPal is limiting requests for now.',
  // Orders v2 track / trackers patch (checkout_orders_v2.json, developer.paypal.com/api/orders/v2/orders-track-create).
  MISSING_REQUIRED_PARAMETER: 'PayPal needs a value that was not sent: check the tracking number, the carrier and the items.',
  INVALID_PARAMETER_VALUE:
    "PayPal did not accept a value: check that the carrier is one of PayPal's carriers (or leave Carrier empty to detect it, or type the carrier's name), and that item quantities are whole numbers.",
  INVALID_PARAMETER_SYNTAX:
    'A value has characters PayPal does not accept: tracking numbers are letters and digits, item quantities whole numbers.',
  MALFORMED_REQUEST_JSON: 'PayPal could not read the request. Check the items (SKU, name and quantity).',
  TRACKER_ID_NOT_FOUND: 'That tracker does not exist on this order: check the tracking number (Old Tracking Number for updates).',
  FIELD_NOT_PATCHABLE:
    'PayPal does not allow changing that part of a tracker; to change the number or the carrier, update the tracking (the old tracker is cancelled and a new one added).',
  INVALID_PATCH_OPERATION: 'PayPal does not allow that change to a tracker; a tracker can only be cancelled or have its items replaced.',
  INVALID_JSON_POINTER_FORMAT: 'PayPal did not accept the change to the tracker.',
  PATCH_VALUE_REQUIRED: 'PayPal did not accept the change to the tracker (a value was missing).',
  PATCH_PATH_REQUIRED: 'PayPal did not accept the change to the tracker (a path was missing).',
  UPDATE_LIMIT_EXCEEDED: 'PayPal refuses further changes to this tracker for now; wait before changing it again.',
};

/**
 * What the merchant should do about a Stripe `error.code`. A key `code:param` (param up to its first
 * `[`, e.g. `parameter_missing:shipping`) is more specific and wins over the bare code.
 */
export const STRIPE_CODE_ADVICE: Record<string, string> = {
  'parameter_missing:shipping':
    'Stripe needs the shipping name and address to store tracking, and this payment has none: fill in Shipping Name, Shipping Address Line 1, City, Postal Code and Country on this step.',
  'resource_missing:payment_intent':
    'Stripe has no such payment for this key. Check the ID, and that the key is for the right mode (live or test).',
  resource_missing: 'Stripe has no object with that ID for this key. Check the ID, and that the key is for the right mode (live or test).',
  parameter_missing: 'Stripe needs a value that was not sent.',
  rate_limit: 'Stripe is limiting requests for now.',
  lock_timeout: 'Another request was changing the same payment at the same moment.',
  idempotency_key_in_use: 'Another identical request is still being processed.',
  secret_key_required: 'This call needs a secret key (sk_…) or a restricted key (rk_…), not a publishable key.',
  // Writing shipping/tracking to a PaymentIntent and dispute evidence (docs.stripe.com/error-codes).
  parameter_invalid_empty:
    'Stripe needs the shipping name and address to store tracking: fill in Shipping Name and Shipping Address Line 1 (and city, postal code, country) on this step, or add a shipping address to the payment.',
  parameter_invalid_string_empty:
    'Stripe needs the shipping name and address to store tracking: fill in Shipping Name and Shipping Address Line 1 (and city, postal code, country) on this step, or add a shipping address to the payment.',
  parameter_unknown: "Stripe did not recognise a parameter; the key may be for an older API version. Contact the integration's support.",
  payment_intent_unexpected_state: 'The payment is in a state where Stripe does not allow changes; check it in the Stripe Dashboard.',
  resource_already_exists: 'Stripe already has that object.',
  charge_already_refunded: 'The payment was refunded in full; Stripe no longer takes changes to it.',
  charge_disputed: 'The payment is disputed: respond to the dispute in the Stripe Dashboard.',
  invalid_request_error: 'Stripe refused the request as sent.',
  api_key_expired: 'The Stripe key has expired: create a new key and reconnect.',
  testmode_charges_only: 'This Stripe account can only make test-mode requests: use a test key (sk_test_…) or activate the account.',
  livemode_mismatch: 'The ID is from the other Stripe mode than the key (live vs test): use a key of the same mode as the payment.',
};
