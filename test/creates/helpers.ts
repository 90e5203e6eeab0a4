import type { AuthData } from '../../gateways/config';
import { nonConformingRequests, takeCapturedRequests, type CapturedRequest } from '../support/gateway-nock';
import { PAYPAL_AUTH } from '../support/fixtures';
import { App, runApp } from '../support/tester';

export type ActionKey = 'add_tracking' | 'add_paypal_tracking' | 'add_stripe_tracking' | 'update_tracking' | 'cancel_tracking';

export function runAction(key: ActionKey, inputData: Record<string, unknown>, authData: AuthData = PAYPAL_AUTH): Promise<any> {
  return runApp((App as any).creates[key].operation.perform, { authData, inputData });
}

/**
 * The gateway calls made so far (PayPal token mints left out: they are per connection, not per
 * action), after checking every one against the official specs (taking them clears the list the
 * after-each check would see).
 */
export function gatewayCalls(): CapturedRequest[] {
  expect(nonConformingRequests()).toEqual([]);
  return takeCapturedRequests().filter((r) => !r.url.endsWith('/v1/oauth2/token'));
}

/** "GET /v2/checkout/orders/5O19…" per call, query left out. */
export const callLines = (calls: CapturedRequest[]) => calls.map((c) => `${c.method} ${new URL(c.url).pathname}`);

export const jsonOf = (request: CapturedRequest | undefined) => JSON.parse(request?.body ?? 'null');
