/** Adding PayPal trackers: each at most once, several a few at a time. */
import pLimit from 'p-limit';
import { sameNumber } from '../../carriers/numbers';
import { isOutcomeUnknown } from '../../gateways/errors';
import type { PayPalApi } from '../../gateways/paypal';
import type { PayPalOrderInput, PayPalTrackRequest } from '../../gateways/paypal-types';
import { isActive } from '../../orders/trackings';
import { loadPayPalOrder } from '../orders/load';

/** PayPal tracker writes in flight at once: fast enough for 50 numbers, gentle on PayPal's unpublished limits. */
export const PAYPAL_WRITE_CONCURRENCY = 5;

/** Runs writes with bounded concurrency; lets every started write finish, then reports the first failure. */
export async function runLimited<T, R>(items: readonly T[], limit: number, write: (item: T) => Promise<R>): Promise<R[]> {
  const run = pLimit(limit);
  const settled = await Promise.allSettled(items.map((item) => run(() => write(item))));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<R>).value);
}

/**
 * One tracker added, at most once. PayPal declares no PayPal-Request-Id on /track, so when the answer
 * is lost (dropped, timed out, unreadable) the write is not re-sent blindly: the order is read, and the
 * number sent again only when it is not on the order. If that read fails too, the original retryable
 * error stands and Zapier's retry reads the order first.
 */
export async function addTrackerOnce(paypal: PayPalApi, orderId: string, body: PayPalTrackRequest): Promise<PayPalOrderInput> {
  try {
    return await paypal.addTracker(orderId, body, { resend: false });
  } catch (error) {
    if (!isOutcomeUnknown(error)) throw error;
    const loaded = await loadPayPalOrder(paypal, orderId).catch(() => null);
    if (!loaded) throw error;
    const there = loaded.trackingNumbers.some((n) => isActive(n) && sameNumber(n.tracking_number, body.tracking_number ?? ''));
    return there ? loaded.paypalOrder : paypal.addTracker(orderId, body, { resend: false });
  }
}
