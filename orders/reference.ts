/**
 * Order references: which gateway object a merchant's text names, by shape alone (docs/architecture.md#order-references).
 *
 *   classifyReference(text): OrderReference      throws ReferenceInputError for what cannot be valid
 *
 * Kinds: `stripe_payment_intent` (pi_…), `stripe_charge` (ch_… / py_…), `stripe_checkout_session`
 * (cs_test_… / cs_live_…), `paypal_id`, `merchant_reference` (anything else: Stripe metadata.order_id /
 * order_number, PayPal invoice_id / custom_id, searched in every configured gateway).
 *
 * `paypal_id`: PayPal order IDs (e.g. 5O190127TN364715T) and capture/transaction IDs (e.g.
 * 3C679366HH908993F) are both 17 upper-case letters and digits: their shapes are the same, so the
 * resolver tries GET /v2/checkout/orders/{id} first, then GET /v2/payments/captures/{id}. Requiring
 * a letter and a digit keeps a merchant's all-digit order numbers out of this kind.
 *
 * Refused before any request: empty; over 255 characters; control, invisible or broken (lone surrogate)
 * characters; whitespace inside;
 * path or URL characters (`/`, `\`, `..`, `?`, `%`, `#` except one leading `#` as in a shop's
 * order name "#1001"); quotes; a Stripe-looking ID with a malformed body;
 * Stripe IDs of other objects (dispute, refund, customer…); secrets pasted by mistake. Error messages
 * never repeat the text (it could be a secret).
 */
import { hasInvisibleCharacters } from '../carriers/numbers';

type OrderReferenceKind = 'stripe_payment_intent' | 'stripe_charge' | 'stripe_checkout_session' | 'paypal_id' | 'merchant_reference';

export interface OrderReference {
  kind: OrderReferenceKind;
  /** The reference as it will be looked up (surrounding whitespace removed). */
  id: string;
}

/** The order reference cannot be valid; the message says what to enter instead. */
export class ReferenceInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReferenceInputError';
  }
}

export const MAX_REFERENCE_LENGTH = 255;

const WHAT_TO_ENTER =
  'Enter a Stripe payment ID (pi_…, ch_…, py_… or a Checkout Session cs_…), a PayPal order or transaction ID, or your own order number.';

const STRIPE_ID_BODY = /^[A-Za-z0-9]+$/;
const STRIPE_KINDS: ReadonlyArray<readonly [RegExp, OrderReferenceKind]> = [
  [/^pi_/, 'stripe_payment_intent'],
  [/^(ch|py)_/, 'stripe_charge'],
  [/^cs_(test|live)_/, 'stripe_checkout_session'],
];
const PAYPAL_ID = /^(?=[A-Z0-9]*[A-Z])(?=[A-Z0-9]*[0-9])[A-Z0-9]{17}$/;

/** Stripe IDs of objects that are not a payment: the merchant picked the wrong ID. */
const OTHER_STRIPE_OBJECTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^du_/, 'a Stripe dispute ID'],
  [/^(re|pyr)_/, 'a Stripe refund ID'],
  [/^cus_/, 'a Stripe customer ID'],
  [/^in_/, 'a Stripe invoice ID'],
  [/^(pm|src|card)_/, 'a Stripe payment method ID'],
  [/^evt_/, 'a Stripe event ID'],
  [/^txn_/, 'a Stripe balance transaction ID'],
  [/^sub_/, 'a Stripe subscription ID'],
];
const SECRETS = /^(sk|rk)_(live|test)_|^whsec_|^pk_(live|test)_|_secret_/;

function refuse(problem: string): never {
  throw new ReferenceInputError(`${problem} ${WHAT_TO_ENTER}`);
}

export function classifyReference(text: string): OrderReference {
  const id = typeof text === 'string' ? text.trim() : '';
  if (id === '') refuse('The order reference is empty.');
  if (id.length > MAX_REFERENCE_LENGTH) refuse(`The order reference is longer than ${MAX_REFERENCE_LENGTH} characters.`);
  // Lone surrogates among them would make encodeURIComponent throw.
  if (hasInvisibleCharacters(id))
    refuse('The order reference contains control or invisible characters (e.g. a tab, a line break or a zero-width space); type it again.');
  if (/\s/.test(id)) refuse('The order reference contains spaces; enter one reference without spaces.');
  // A single leading '#' is allowed: shop order names look like "#1001" (merchant references only).
  if (/[/\\?#%]/.test(id.replace(/^#(?=[^#])/, '')) || id.includes('..')) {
    refuse('The order reference contains URL or path characters (/ \\ ? # % ..); paste the ID itself, not a link.');
  }
  // Quotes would end the value in a Stripe search query (metadata['order_id']:'…').
  if (/['"`]/.test(id)) refuse('The order reference contains quotes; enter it without quotes.');
  if (SECRETS.test(id)) refuse('That looks like an API key or a client secret, not an order reference; do not paste secrets here.');

  for (const [prefix, kind] of STRIPE_KINDS) {
    const match = prefix.exec(id);
    if (match) {
      if (!STRIPE_ID_BODY.test(id.slice(match[0].length)))
        refuse('The Stripe ID is malformed (only letters and digits follow the prefix).');
      return { kind, id };
    }
  }
  const other = OTHER_STRIPE_OBJECTS.find(([prefix]) => prefix.test(id));
  if (other) refuse(`That is ${other[1]}, not a payment.`);

  if (PAYPAL_ID.test(id)) return { kind: 'paypal_id', id };
  return { kind: 'merchant_reference', id };
}
