/**
 * PayPal's REST JSON as the app reads it (snake_case, as the API sends it; the SDK's models are
 * camelCase): orders, captures, refunds, disputes, webhook events and Transaction Search rows. Only
 * the fields the app reads; every field optional, since PayPal omits what does not apply. At the end,
 * the bodies the app sends and the list answers only gateways/paypal.ts reads.
 */
export interface PayPalMoney {
  currency_code?: string;
  value?: string;
}
export interface PayPalLink {
  href?: string;
  rel?: string;
  method?: string;
}
export interface PayPalName {
  given_name?: string;
  surname?: string;
  full_name?: string;
  alternate_full_name?: string;
}
interface PayPalPhone {
  country_code?: string;
  national_number?: string;
}
interface PayPalAddressPortable {
  address_line_1?: string;
  address_line_2?: string;
  admin_area_2?: string;
  admin_area_1?: string;
  postal_code?: string;
  country_code?: string;
}
export interface PayPalTrackerInput {
  id?: string;
  status?: string;
}
export interface PayPalCaptureInput {
  id?: string;
  status?: string;
  amount?: PayPalMoney;
  invoice_id?: string;
  custom_id?: string;
  create_time?: string;
  update_time?: string;
  supplementary_data?: { related_ids?: { order_id?: string } };
  links?: PayPalLink[];
}
export interface PayPalRefundInput {
  id?: string;
  status?: string;
  amount?: PayPalMoney;
  seller_payable_breakdown?: { total_refunded_amount?: PayPalMoney };
  invoice_id?: string;
  custom_id?: string;
  create_time?: string;
  update_time?: string;
  links?: PayPalLink[];
}
export interface PayPalPurchaseUnitInput {
  reference_id?: string;
  amount?: PayPalMoney;
  invoice_id?: string;
  custom_id?: string;
  description?: string;
  shipping?: { name?: PayPalName; address?: PayPalAddressPortable; trackers?: PayPalTrackerInput[] };
  payments?: { captures?: PayPalCaptureInput[]; refunds?: PayPalRefundInput[] };
}
interface PayPalBuyer {
  name?: PayPalName;
  email_address?: string;
}
export interface PayPalOrderInput {
  id?: string;
  status?: string;
  create_time?: string;
  update_time?: string;
  payer?: PayPalBuyer & { phone?: { phone_number?: PayPalPhone } };
  payment_source?: { paypal?: PayPalBuyer & { phone_number?: PayPalPhone } };
  purchase_units?: PayPalPurchaseUnitInput[];
  links?: PayPalLink[];
}
export interface PayPalDisputeInput {
  dispute_id?: string;
  status?: string;
  create_time?: string;
  update_time?: string;
  dispute_amount?: PayPalMoney;
  dispute_outcome?: { outcome_code?: string; amount_refunded?: PayPalMoney };
  disputed_transactions?: Array<{
    seller_transaction_id?: string;
    buyer?: { email?: string; name?: string };
    gross_amount?: PayPalMoney;
    invoice_number?: string;
    custom?: string;
  }>;
  links?: PayPalLink[];
}
export interface PayPalEventInput {
  id?: string;
  event_type: string;
  create_time?: string;
  resource_type?: string;
  resource?: unknown;
  links?: PayPalLink[];
}

export interface PayPalTransactionDetailInput {
  transaction_info?: {
    transaction_id?: string;
    paypal_reference_id?: string;
    /** What `paypal_reference_id` names: `ODR` an order, `TXN` a transaction. */
    paypal_reference_id_type?: string;
    transaction_event_code?: string;
    transaction_initiation_date?: string;
    transaction_updated_date?: string;
    transaction_amount?: PayPalMoney;
    transaction_status?: string;
    transaction_subject?: string;
    transaction_note?: string;
    invoice_id?: string;
    custom_field?: string;
  };
  payer_info?: { email_address?: string; payer_name?: PayPalName; phone_number?: PayPalPhone };
  shipping_info?: {
    name?: string;
    address?: { line1?: string; line2?: string; city?: string; state?: string; country_code?: string; postal_code?: string };
  };
}

/** `POST /v2/checkout/orders/{id}/track` body, as PayPal's docs and SDK define it (not the 2024 spec's allOf). */
export interface PayPalTrackRequest {
  capture_id: string;
  tracking_number?: string;
  carrier?: string;
  carrier_name_other?: string;
  notify_payer?: boolean;
  items?: Array<{ name?: string; sku?: string; quantity?: string }>;
}

/** A Tracking v1 tracker (`GET /v1/shipping/trackers?transaction_id=`): the one read that lists numbers. */
export interface PayPalV1Tracker {
  transaction_id: string;
  tracking_number?: string;
  status?: string;
  carrier?: string;
  carrier_name_other?: string;
}

export interface PayPalWebhook {
  id: string;
  url: string;
  event_types: Array<{ name: string }>;
}

export interface PayPalTransactionSearchResult {
  transaction_details?: PayPalTransactionDetailInput[];
  page?: number;
  total_items?: number;
  total_pages?: number;
  last_refreshed_datetime?: string;
}
