import { detectGateway, getHeader } from '../../webhooks/headers';

describe('getHeader', () => {
  it('finds a header in any letter case under its own name', () => {
    expect(getHeader({ 'stripe-signature': 't=1,v1=ab' }, 'Stripe-Signature')).toBe('t=1,v1=ab');
    expect(getHeader({ 'PAYPAL-AUTH-ALGO': 'SHA256withRSA' }, 'Paypal-Auth-Algo')).toBe('SHA256withRSA');
  });

  it("finds Zapier's Http- spelling", () => {
    expect(getHeader({ 'Http-Stripe-Signature': 't=1,v1=ab' }, 'Stripe-Signature')).toBe('t=1,v1=ab');
    expect(getHeader({ 'Http-Paypal-Transmission-Id': 'abc' }, 'PAYPAL-TRANSMISSION-ID')).toBe('abc');
  });

  it('prefers the raw name when both spellings are present', () => {
    expect(getHeader({ 'Http-Stripe-Signature': 'zapier', 'Stripe-Signature': 'raw' }, 'Stripe-Signature')).toBe('raw');
  });

  it('treats missing, empty and unrelated headers as absent', () => {
    expect(getHeader(undefined, 'Stripe-Signature')).toBeUndefined();
    expect(getHeader({ 'Stripe-Signature': '  ' }, 'Stripe-Signature')).toBeUndefined();
    expect(getHeader({ 'X-Stripe-Signature': 'x' }, 'Stripe-Signature')).toBeUndefined();
    expect(getHeader({ 'Http-Http-Stripe-Signature': 'x' }, 'Stripe-Signature')).toBeUndefined();
  });

  it('takes the first value of a repeated header', () => {
    expect(getHeader({ 'Stripe-Signature': ['first', 'second'] }, 'Stripe-Signature')).toBe('first');
  });
});

describe('detectGateway', () => {
  it('tells Stripe by its signature header, raw or Zapier-spelled', () => {
    expect(detectGateway({ 'Stripe-Signature': 't=1,v1=ab' })).toBe('stripe');
    expect(detectGateway({ 'Http-Stripe-Signature': 't=1,v1=ab', 'Content-Type': 'application/json' })).toBe('stripe');
  });

  it('tells PayPal by its transmission headers', () => {
    expect(detectGateway({ 'PAYPAL-TRANSMISSION-ID': 'x', 'PAYPAL-TRANSMISSION-SIG': 'y' })).toBe('paypal');
    expect(detectGateway({ 'Http-Paypal-Transmission-Sig': 'y' })).toBe('paypal');
  });

  it('answers null for neither and for both', () => {
    expect(detectGateway({ 'Content-Type': 'application/json' })).toBeNull();
    expect(detectGateway({})).toBeNull();
    expect(detectGateway({ 'Http-Stripe-Signature': 'a', 'Http-Paypal-Transmission-Id': 'b' })).toBeNull();
  });
});
