describe('webhooks/index', () => {
  it('loads without the stripe SDK, which only a Stripe verification pulls in', () => {
    jest.isolateModules(() => {
      const stripeFactory = jest.fn(() => {
        throw new Error('stripe was loaded');
      });
      jest.doMock('stripe', stripeFactory);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const webhooks = require('../../webhooks') as typeof import('../../webhooks');
      expect(typeof webhooks.verifyPayPalDelivery).toBe('function');
      expect(webhooks.detectGateway({ 'Http-Paypal-Transmission-Id': 'x' })).toBe('paypal');
      expect(stripeFactory).not.toHaveBeenCalled();
      // A refusal that needs no signature check does not load it either.
      expect(webhooks.verifyStripeDelivery({ rawBody: '{}', headers: {}, secret: 'whsec_x' }).ok).toBe(false);
      expect(stripeFactory).not.toHaveBeenCalled();
      expect(() =>
        webhooks.verifyStripeDelivery({ rawBody: '{}', headers: { 'Stripe-Signature': 't=1,v1=0' }, secret: 'whsec_x' }),
      ).toThrow('stripe was loaded');
    });
  });
});
