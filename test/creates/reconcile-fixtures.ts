/**
 * What the sync_tracking and check_tracking tests share: the runners, and PayPal's Tracking v1 list
 * (`GET /v1/shipping/trackers?transaction_id=`) in its documented shape (tracker_collection of
 * specs/paypal/shipping_shipment_tracking_v1.json; the fields PayPal returns for a tracker added through
 * Orders v2 `/track`).
 */
import type { AuthData } from '../../gateways/config';
import { PAYPAL_AUTH } from '../support/fixtures';
import { App, runApp } from '../support/tester';
import { PP_CAPTURE_ID, PP_ORDER_ID } from './fixtures';

export const runSync = (inputData: Record<string, unknown>, authData: AuthData = PAYPAL_AUTH): Promise<any> =>
  runApp((App as any).creates.sync_tracking.operation.perform, { authData, inputData });

export const runCheck = (inputData: Record<string, unknown>, authData: AuthData = PAYPAL_AUTH): Promise<any[]> =>
  runApp((App as any).searches.check_tracking.operation.perform, { authData, inputData });

export const ORDER_PATH = `/v2/checkout/orders/${PP_ORDER_ID}`;
export const V1_LIST = '/v1/shipping/trackers';
export const v1Path = (number: string) => `/v1/shipping/trackers/${PP_CAPTURE_ID}-${number}`;

export const USPS_22 = '9400111899223456789017';
export const ROYAL_MAIL = 'RR123456785GB';

export interface V1Tracker {
  number: string;
  carrier: string;
  status?: string;
  other?: string;
}

/** GET /v1/shipping/trackers?transaction_id=<capture>: the capture's trackers with number, carrier and status. */
export function v1Trackers(trackers: V1Tracker[]) {
  const base = 'https://api-m.sandbox.paypal.com';
  return {
    trackers: trackers.map((t) => ({
      transaction_id: PP_CAPTURE_ID,
      tracking_number: t.number,
      status: t.status ?? 'SHIPPED',
      carrier: t.carrier,
      ...(t.other ? { carrier_name_other: t.other } : {}),
      notify_buyer: false,
      shipment_date: '2026-11-02',
      last_updated_time: '2026-11-02T14:05:31Z',
      links: [{ href: `${base}/v1/shipping/trackers/${PP_CAPTURE_ID}-${t.number}`, rel: 'self', method: 'GET' }],
    })),
    links: [{ href: `${base}/v1/shipping/trackers?transaction_id=${PP_CAPTURE_ID}`, rel: 'self', method: 'GET' }],
  };
}

/** One line of the shop's set, as Zapier sends a line item. */
export const line = (tracking_number: string, carrier?: string, status?: string) => ({
  tracking_number,
  ...(carrier ? { carrier } : {}),
  ...(status ? { status } : {}),
});
