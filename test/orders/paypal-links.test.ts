import { captureIdOfRefund, orderIdOfCapture } from '../../orders/paypal-links';

const API = 'https://api.sandbox.paypal.com';

describe('which PayPal object another belongs to', () => {
  it("a capture's order: supplementary_data first, else the `up` link", () => {
    const up = { rel: 'up', method: 'GET', href: `${API}/v2/checkout/orders/5O190127TN364715T` };
    expect(orderIdOfCapture({ supplementary_data: { related_ids: { order_id: '8AA831015G517922L' } }, links: [up] })).toBe(
      '8AA831015G517922L',
    );
    expect(orderIdOfCapture({ links: [{ rel: 'self', href: `${API}/v2/payments/captures/2GG279541U471931P` }, up] })).toBe(
      '5O190127TN364715T',
    );
    expect(orderIdOfCapture({ supplementary_data: { related_ids: { order_id: ' ' } }, links: [] })).toBeNull();
    expect(orderIdOfCapture(null)).toBeNull();
  });

  it("a refund's capture: the `up` link, decoded, without query or fragment", () => {
    const refund = { links: [{ rel: 'up', href: `${API}/v2/payments/captures/2GG279541U471931P?x=1` }] };
    expect(captureIdOfRefund(refund)).toBe('2GG279541U471931P');
    expect(captureIdOfRefund({ links: [{ rel: 'self', href: `${API}/v2/payments/refunds/1JU08902781691411` }] })).toBeNull();
  });
});
