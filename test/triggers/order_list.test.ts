import { paypalApi, paypalToken, stripeApi } from '../support/gateway-nock';
import { BOTH_AUTH, STRIPE_AUTH } from '../support/fixtures';
import { App, failureOf, runApp } from '../support/tester';
import { callLines, gatewayCalls } from '../creates/helpers';
import { PI_ID, PP_CAPTURE_ID, paymentIntent, transactionSearch } from '../creates/fixtures';
import { PAYMENT_INTENT } from '../orders/fixtures/stripe';
import { orderChoiceName } from '../../triggers/order_list';
import { SAMPLE_ORDER } from '../../orders/order';

describe('order_list', () => {
  it('names an order readably', () => {
    expect(orderChoiceName(SAMPLE_ORDER)).toBe('#6735 · 19.99 USD · ann@example.com · 2026-11-02');
  });

  it('lists paid orders of both gateways newest first, id = the order ID (PayPal: its capture), unpaid ones left out', async () => {
    const unpaid = { ...PAYMENT_INTENT, id: 'pi_3MtwBwLkdIwHu7ix0000UNPD' }; // requires_payment_method
    stripeApi()
      .get('/v1/payment_intents')
      .query(true)
      .reply(200, {
        object: 'list',
        url: '/v1/payment_intents',
        has_more: false,
        data: [paymentIntent({ metadata: { order_id: '6735' } }), unpaid],
      });
    paypalToken();
    paypalApi()
      .get('/v1/reporting/transactions')
      .query(true)
      .reply(200, transactionSearch([{ id: PP_CAPTURE_ID, invoice: 'Invoice-005' }]));
    const choices = await runApp((App as any).triggers.order_list.operation.perform, { authData: BOTH_AUTH });
    expect(choices).toEqual([
      { id: PI_ID, name: '#6735 · 20.00 USD · 2023-04-06' },
      { id: PP_CAPTURE_ID, name: '#Invoice-005 · 465.00 USD · consumer@example.com · 2014-07-11' },
    ]);
  });

  it('an answer it cannot read leaves as one Zapier error (never a bare TypeError, which core would send with the bundle)', async () => {
    stripeApi().get('/v1/payment_intents').query(true).reply(200, { object: 'list', url: '/v1/payment_intents', has_more: false });
    const error = await failureOf(runApp((App as any).triggers.order_list.operation.perform, { authData: STRIPE_AUTH }));
    expect(error).toMatchObject({ name: 'AppError', code: 'Unexpected', status: 500 });
    expect(error.message).toMatch(/^Unexpected problem while listing recent orders: /);
    expect(callLines(gatewayCalls())).toEqual(['GET /v1/payment_intents']);
  });
});
