/**
 * nock gateways that keep state, for tests where the order of reads and writes depends on timing (concurrent
 * steps, with and without Zapier's lock): every read answers the order as the writes so far left it, in the
 * gateways' real JSON shapes (test/creates/fixtures.ts). Requests are recorded as gateway-nock.ts does.
 *
 *   statefulPayPalOrder({ numbers?, writeDelayMs? })   GET the order, POST /track, PATCH a tracker
 *   statefulStripePayment({ numbers?, writeDelayMs? })  GET the PaymentIntent or its Charge, POST the PaymentIntent
 */
import { paypalApi, stripeApi } from '../support/gateway-nock';
import { CHARGE_ID, CHARGE_WITH_PI, PI_ID, PP_ORDER_ID, paymentIntent, paypalOrder, tracker, updatedPaymentIntent } from './fixtures';

const ORDER_PATH = `/v2/checkout/orders/${PP_ORDER_ID}`;

export interface GatewayState {
  /** Active numbers, in the order written. */
  numbers(): string[];
  /** Writes that reached the gateway. */
  writes(): number;
}

export function statefulPayPalOrder(options: { numbers?: string[]; writeDelayMs?: number } = {}): GatewayState {
  const trackers = new Map<string, string>((options.numbers ?? []).map((n) => [n, 'SHIPPED']));
  let writes = 0;
  const order = () => paypalOrder([...trackers].map(([number, status]) => tracker(number, status)));
  paypalApi()
    .persist()
    .get(ORDER_PATH)
    .reply(() => [200, order()]);
  paypalApi()
    .persist()
    .post(`${ORDER_PATH}/track`)
    .delay(options.writeDelayMs ?? 0)
    .reply((_uri, body) => {
      writes += 1;
      const number = (body as { tracking_number: string }).tracking_number;
      // PayPal answers a number the order already has with 200 and adds no second tracker.
      const known = trackers.get(number) === 'SHIPPED';
      trackers.set(number, 'SHIPPED');
      return [known ? 200 : 201, order()];
    });
  paypalApi()
    .persist()
    .patch(new RegExp(`^${ORDER_PATH}/trackers/`))
    .delay(options.writeDelayMs ?? 0)
    .reply((uri) => {
      writes += 1;
      const id = decodeURIComponent(uri.split('/trackers/')[1] ?? '');
      for (const number of trackers.keys()) if (tracker(number).id === id) trackers.set(number, 'CANCELLED');
      return [204, ''];
    });
  return {
    numbers: () => [...trackers].filter(([, status]) => status === 'SHIPPED').map(([number]) => number),
    writes: () => writes,
  };
}

export function statefulStripePayment(options: { numbers?: string[]; writeDelayMs?: number } = {}): GatewayState {
  let numbers = [...(options.numbers ?? [])];
  let writes = 0;
  const current = () => paymentIntent({ tracking: numbers.join(',') || null, carrier: numbers.length ? 'UPS' : null });
  stripeApi()
    .persist()
    .get(`/v1/payment_intents/${PI_ID}`)
    .query(true)
    .reply(() => [200, current()]);
  stripeApi()
    .persist()
    .get(`/v1/charges/${CHARGE_ID}`)
    .query(true)
    .reply(() => {
      const pi = current();
      return [200, { ...CHARGE_WITH_PI, shipping: pi.shipping, payment_intent: { ...pi, latest_charge: CHARGE_ID } }];
    });
  stripeApi()
    .persist()
    .post(`/v1/payment_intents/${PI_ID}`)
    .delay(options.writeDelayMs ?? 0)
    .reply((_uri, body) => {
      writes += 1;
      // The shipping hash is replaced whole: what the step sent is all the payment keeps.
      const sent = new URLSearchParams(String(body)).get('shipping[tracking_number]') ?? '';
      numbers = sent.split(',').filter(Boolean);
      return [200, updatedPaymentIntent(sent)];
    });
  return { numbers: () => [...numbers], writes: () => writes };
}
