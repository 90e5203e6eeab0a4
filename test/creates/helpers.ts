import type { AuthData } from '../../gateways/config';
import { runCreate, type CreateKey } from '../support/exactly-once';
import { nonConformingRequests, takeCapturedRequests, type CapturedRequest } from '../support/gateway-nock';

export type ActionKey = Exclude<CreateKey, 'sync_tracking'>;

/** One tracking action's perform through Zapier's app tester (PayPal's connection unless told). */
export const runAction: (key: ActionKey, inputData: Record<string, unknown>, authData?: AuthData) => Promise<any> = runCreate;

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
