/**
 * Which PayPal object another one belongs to, from what the object itself says. Pure.
 *
 * A capture names its order in `supplementary_data.related_ids.order_id`, else in its `rel: up` link;
 * a refund names its capture in its `up` link.
 */
import type { PayPalCaptureInput, PayPalLink, PayPalRefundInput } from '../gateways/paypal-types';
import { firstText } from './values';

/** The id after `pathPart` in the object's `up` link, e.g. `/v2/checkout/orders/` → the order ID. */
function upLinkId(links: PayPalLink[] | undefined, pathPart: string): string | null {
  const href = links?.find((l) => l.rel === 'up' && l.href?.includes(pathPart))?.href;
  const id = href?.split(pathPart)[1]?.split(/[/?#]/)[0];
  return id ? decodeURIComponent(id) : null;
}

/** The order a capture belongs to, when the capture says (Orders v2 captures do). */
export function orderIdOfCapture(capture: PayPalCaptureInput | null | undefined): string | null {
  return firstText(capture?.supplementary_data?.related_ids?.order_id, upLinkId(capture?.links, '/v2/checkout/orders/'));
}

/** The capture a refund (or reversal) gives money back from. */
export function captureIdOfRefund(refund: PayPalRefundInput | null | undefined): string | null {
  return upLinkId(refund?.links, '/v2/payments/captures/');
}
