/**
 * The sandbox's Stripe payments as a shop's checkout makes them — the app never creates one; `npm run try` and
 * the official `stripe` client do (docs/sandbox.md): create, confirm and cancel a PaymentIntent, with Stripe's
 * test payment methods: `pm_card_chargeDeclined` is declined, any other `pm_card_…` (`pm_card_visa`) succeeds.
 * Capture is automatic; a success or a decline changes the payment and delivers its events like the admin API.
 *
 *   createPaymentIntent(host, params, now)        POST /v1/payment_intents (`confirm=true` confirms it too)
 *   confirmPaymentIntent(host, id, params)        POST /v1/payment_intents/{intent}/confirm
 *   cancelPaymentIntent(host, id, params, now)    POST /v1/payment_intents/{intent}/cancel
 */
import { randomId, type GatewayResponse } from './http';
import { formText, invalid, noSuch, shippingOf, stripeError, type PaymentIntent } from './stripe-wire';

/** The decoded form of a request (the spec check has validated it: `amount` and `currency` are there). */
type Params = Record<string, unknown>;

/** What these need of the sandbox's Stripe (stripe.ts): its payments, and the state changes its admin API makes. */
interface PaymentsHost {
  readonly paymentIntents: { get(id: string): PaymentIntent | undefined; set(id: string, intent: PaymentIntent): unknown };
  adminEvent(id: string, input: { type: string }): Promise<unknown>;
}

/** Stripe cancels a payment only in these states (a captured one is refunded instead). */
const CANCELABLE = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'];
const CONFIRMABLE = ['requires_payment_method', 'requires_confirmation'];
const DECLINED_CARD = 'pm_card_chargeDeclined';
/** A decoded form value as text (a bracketed key decodes to an object). */
/** `metadata[key]=value` pairs as Stripe stores them: every value text. */
const metadataOf = (value: unknown): Record<string, string> =>
  value !== null && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([key, v]) => [key, formText(v) ?? ''])) : {};
const isTestCard = (method: unknown): method is string => typeof method === 'string' && method.startsWith('pm_card_');

const unexpectedState = (action: 'cancel' | 'confirm', intent: PaymentIntent, allowed: string[]) =>
  invalid(
    `You cannot ${action} this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be ${action === 'cancel' ? 'canceled' : 'confirmed'}: ${allowed.join(', ')}.`,
    { code: 'payment_intent_unexpected_state' },
  );

export async function createPaymentIntent(host: PaymentsHost, params: Params, now: number): Promise<GatewayResponse> {
  if (params.capture_method === 'manual')
    return invalid('The sandbox does not emulate capture_method=manual: its payments are captured automatically.', {
      param: 'capture_method',
    });
  if (params.payment_method !== undefined && !isTestCard(params.payment_method))
    return noSuch('PaymentMethod', formText(params.payment_method) ?? '', 'payment_method');
  // Without payment_method_types, Stripe offers the Dashboard's methods, some of which redirect the buyer.
  const allowRedirects = (params.automatic_payment_methods as { allow_redirects?: string } | undefined)?.allow_redirects;
  if (params.confirm === 'true' && !params.payment_method_types && allowRedirects !== 'never' && !params.return_url)
    return invalid(
      'This PaymentIntent accepts payment methods that may redirect the buyer, so confirming it needs a `return_url`; or pass `payment_method_types` (e.g. card), or `automatic_payment_methods[allow_redirects]=never`.',
      { param: 'return_url' },
    );
  const id = `pi_${randomId(24)}`;
  const intent: PaymentIntent = {
    id,
    object: 'payment_intent',
    amount: Number(params.amount),
    amount_capturable: 0,
    amount_received: 0,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: params.capture_method ?? 'automatic_async',
    client_secret: `${id}_secret_${randomId(25)}`,
    confirmation_method: params.confirmation_method ?? 'automatic',
    created: now,
    currency: (formText(params.currency) ?? '').toLowerCase(),
    customer: formText(params.customer) ?? null,
    description: formText(params.description) ?? null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    metadata: metadataOf(params.metadata),
    next_action: null,
    payment_method: formText(params.payment_method) ?? null,
    payment_method_types: params.payment_method_types ?? ['card'],
    receipt_email: formText(params.receipt_email) ?? null,
    shipping: params.shipping ? shippingOf(params.shipping as Parameters<typeof shippingOf>[0]) : null,
    status: params.payment_method ? 'requires_confirmation' : 'requires_payment_method',
  };
  host.paymentIntents.set(id, intent);
  if (params.confirm === 'true') return confirmPaymentIntent(host, id, {});
  return { status: 200, body: structuredClone(intent) };
}

export async function confirmPaymentIntent(host: PaymentsHost, id: string, params: Params): Promise<GatewayResponse> {
  const intent = host.paymentIntents.get(id);
  if (!intent) return noSuch('payment_intent', id, 'intent');
  if (!CONFIRMABLE.includes(intent.status)) return unexpectedState('confirm', intent, CONFIRMABLE);
  const method = formText(params.payment_method) ?? intent.payment_method;
  if (!method)
    return invalid("You cannot confirm this PaymentIntent because it's missing a payment method: pass `payment_method`.", {
      code: 'payment_intent_unexpected_state',
      param: 'payment_method',
    });
  if (!isTestCard(method) && method !== intent.payment_method) return noSuch('PaymentMethod', method, 'payment_method');
  // A test card (`pm_card_visa`) becomes a PaymentMethod of its own, as in Stripe's test mode.
  if (isTestCard(method)) intent.payment_method = `pm_${randomId(24)}`;
  if (method !== DECLINED_CARD) {
    await host.adminEvent(id, { type: 'pay' });
    return { status: 200, body: structuredClone(intent) };
  }
  await host.adminEvent(id, { type: 'payment_intent.payment_failed' });
  const declined = stripeError(402, 'card_error', 'Your card was declined.', { code: 'card_declined', param: 'payment_method' });
  Object.assign((declined.body as { error: object }).error, { decline_code: 'generic_decline', payment_intent: structuredClone(intent) });
  return declined;
}

export async function cancelPaymentIntent(host: PaymentsHost, id: string, params: Params, now: number): Promise<GatewayResponse> {
  const intent = host.paymentIntents.get(id);
  if (!intent) return noSuch('payment_intent', id, 'intent');
  if (!CANCELABLE.includes(intent.status)) return unexpectedState('cancel', intent, CANCELABLE);
  Object.assign(intent, { canceled_at: now, cancellation_reason: params.cancellation_reason ?? null });
  await host.adminEvent(id, { type: 'payment_intent.canceled' });
  return { status: 200, body: structuredClone(intent) };
}
