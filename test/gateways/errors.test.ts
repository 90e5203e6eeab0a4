/**
 * The one error boundary (gateways/errors.ts): whatever an operation or a gateway call throws leaves as a
 * `z.errors.*` error, scrubbed of the connection's secrets. The domain's refusals are built from their own
 * modules here, so a renamed class or field is caught (the boundary recognises them by shape, not import).
 */
import zapier from 'zapier-platform-core';
import { TrackingInputError } from '../../carriers/numbers';
import { toZapierError, withErrorBoundary } from '../../gateways/error-boundary';
import { gatewayError, isOutcomeUnknown } from '../../gateways/errors';
import { ReferenceInputError } from '../../orders/reference';
import { OrderLookupError, type OrderLookupProblem } from '../../sync/orders/resolve';
import { NotTrackableError } from '../../sync/tracking/plan';
import { PartlyDoneError } from '../../sync/tracking/partly-done';
import { PAYPAL_CLIENT_SECRET, STRIPE_AUTH, STRIPE_TEST_KEY } from '../support/fixtures';
import { errorDetails, failureOf, runApp } from '../support/tester';

const z = { errors: zapier.errors };
const secrets = [STRIPE_TEST_KEY, PAYPAL_CLIENT_SECRET];
const LABELS: Record<string, string> = { order: 'Order', tracking_number: 'Tracking Number' };
const context = { secrets, action: 'writing the tracking', fieldLabel: (field: string) => LABELS[field] ?? field };
const mapped = (error: unknown, extra: Partial<typeof context> & { gateway?: 'stripe' | 'paypal'; action?: string } = {}) => {
  const result = toZapierError(z, error, { ...context, ...extra });
  return { error: result, ...errorDetails(result) };
};

describe('the domain refusals', () => {
  it('an input refusal is one InvalidInput 400 led by the field label, never labelled twice', () => {
    expect(mapped(new TrackingInputError('tracking_number', 'enter one tracking number to cancel.'))).toMatchObject({
      name: 'AppError',
      message: 'Tracking Number: enter one tracking number to cancel.',
      code: 'InvalidInput',
      status: 400,
    });
    expect(mapped(new TrackingInputError('tracking_number', 'Tracking Number: is required.')).message).toBe(
      'Tracking Number: is required.',
    );
  });

  it('a malformed order reference is an input error on the Order field', () => {
    expect(mapped(new ReferenceInputError('The order reference contains spaces.'))).toMatchObject({
      message: 'Order: The order reference contains spaces.',
      code: 'InvalidInput',
      status: 400,
    });
  });

  it.each<[OrderLookupProblem, string, number]>([
    ['not_found', 'NotFound', 404],
    ['ambiguous', 'AmbiguousOrder', 409],
    ['wrong_gateway', 'InvalidInput', 400],
    ['not_trackable', 'NotTrackable', 422],
  ])('an order lookup that found %s is %s %d', (problem, code, status) => {
    expect(mapped(new OrderLookupError(problem, 'No order 1001 in Stripe.'))).toMatchObject({
      name: 'AppError',
      message: 'No order 1001 in Stripe.',
      code,
      status,
    });
  });

  it('an order that cannot take tracking is NotTrackable 422', () => {
    expect(mapped(new NotTrackableError('The payment is not captured yet.'))).toMatchObject({ code: 'NotTrackable', status: 422 });
  });
});

describe('a write that failed after others succeeded', () => {
  const done = 'Tracking 1Z999 is on the order; run the step again for the rest.';

  it('keeps a temporary failure retryable, with its delay, led by what is done', () => {
    const failure = new zapier.errors.ThrottledError('Stripe is rate-limiting requests (HTTP 429).', 30);
    expect(mapped(new PartlyDoneError(done, failure))).toMatchObject({
      name: 'ThrottledError',
      message: `${done} Stripe is rate-limiting requests (HTTP 429).`,
      delay: 30,
    });
  });

  it("keeps the gateway's code and status, and an expired connection stays one", () => {
    const refused = gatewayError(zapier.errors, { gateway: 'paypal', status: 422, body: { name: 'UNPROCESSABLE_ENTITY' } });
    expect(mapped(new PartlyDoneError(done, refused))).toMatchObject({ name: 'AppError', code: 'UNPROCESSABLE_ENTITY', status: 422 });
    const expired = mapped(new PartlyDoneError(done, new zapier.errors.ExpiredAuthError('Stripe rejected the key.')));
    expect(expired).toMatchObject({ name: 'ExpiredAuthError', message: `${done} Stripe rejected the key.` });
    expect(expired.error).toHaveProperty('doNotContextify', true);
  });
});

describe('everything else', () => {
  it('a Zapier error passes as it is, never carrying the bundle', () => {
    const halted = new zapier.errors.HaltedError('Not one of the chosen statuses.');
    expect(toZapierError(z, halted, context)).toBe(halted);
    expect(halted).toHaveProperty('doNotContextify', true);
  });

  it('a dropped connection during a gateway call is retryable, its outcome unknown', () => {
    const dropped = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const result = mapped(dropped, { gateway: 'stripe', action: 'reading /v1/payment_intents' });
    expect(result.name).toBe('ThrottledError');
    expect(result.message).toMatch(/^Stripe could not be reached .* while reading \/v1\/payment_intents \(socket hang up\)/);
    expect(isOutcomeUnknown(result.error)).toBe(true);
  });

  it('any other failure of a gateway call names the gateway; elsewhere it is Unexpected 500; secrets are scrubbed', () => {
    const leaky = new Error(`invalid header value Bearer ${STRIPE_TEST_KEY}`);
    expect(mapped(leaky, { gateway: 'stripe', action: 'reading /v1/account' })).toMatchObject({
      name: 'AppError',
      message: 'Stripe request failed while reading /v1/account: invalid header value Bearer [redacted]',
      code: 'RequestFailed',
      status: 500,
    });
    expect(mapped(new TypeError(`x of ${PAYPAL_CLIENT_SECRET}`))).toMatchObject({
      message: 'Unexpected problem while writing the tracking: x of [redacted]',
      code: 'Unexpected',
      status: 500,
    });
  });

  it("around an operation: what it throws leaves as a Zapier error without the bundle's secrets", async () => {
    const perform = withErrorBoundary(
      () => {
        throw new Error(`cannot read ${STRIPE_TEST_KEY}`);
      },
      { action: 'listing orders' },
    );
    const details = await failureOf(runApp(perform, { authData: STRIPE_AUTH }));
    expect(details).toEqual({
      name: 'AppError',
      message: 'Unexpected problem while listing orders: cannot read [redacted]',
      code: 'Unexpected',
      status: 500,
    });
  });
});
