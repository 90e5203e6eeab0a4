/**
 * The PayPal endpoints the app calls, one `PayPalApi` method each, typed with PayPal's JSON
 * (gateways/paypal-types.ts; the `@paypal/paypal-server-sdk` models are camelCase and never loaded at
 * run time). Paths, query strings, page numbers and Transaction Search's 31-day window live here; the
 * client (transport, token) is gateways/paypal-client.ts.
 */
import pLimit from 'p-limit';
import type { PayPalEnvironment } from './config';
import type { PayPalClient } from './paypal-client';
import { trackerEndpoint, trackerIdForm, trackerV1Body, type PayPalTrackerRef } from './paypal-trackers';
import type {
  PayPalCaptureInput,
  PayPalEventInput,
  PayPalOrderInput,
  PayPalTrackRequest,
  PayPalTransactionDetailInput,
  PayPalTransactionSearchResult,
  PayPalV1Tracker,
  PayPalWebhook,
} from './paypal-types';

export { PayPalClient } from './paypal-client';
export { forgetTokensInProcess, PAYPAL_SCOPES } from './paypal-token';
export type { PayPalTrackRequest, PayPalTransactionSearchResult, PayPalV1Tracker, PayPalWebhook } from './paypal-types';

/** Transaction Search: the widest window one query takes, and the most rows one page holds. */
export const TRANSACTION_SEARCH_MAX_DAYS = 31;
const TRANSACTION_SEARCH_PAGE_SIZE = 500;
const DAY_MS = 24 * 60 * 60 * 1000;

/** RFC 3339 with seconds and no fraction, as Transaction Search wants. */
const rfc3339 = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The widest window ending at `now`: 31 days less a minute, so clock skew never takes it over the limit. */
export function widestTransactionWindow(now: Date): { start: Date; end: Date } {
  return { start: new Date(now.getTime() - TRANSACTION_SEARCH_MAX_DAYS * DAY_MS + 60_000), end: now };
}

/** One paged Transaction Search: the window, a filter, and which pages to read. */
export interface TransactionSearch {
  start: Date;
  end: Date;
  /** `transaction_status`: S success, P pending, D denied, V reversed. */
  status?: 'S' | 'P' | 'D' | 'V';
  /** Rows per page; PayPal's most (500) by default. */
  pageSize?: number;
  /** Pages read at most, page 1 included. */
  maxPages: number;
  /**
   * `oldest`: pages 1, 2, 3… `newest`: page 1 (it says how many there are), then the last pages
   * backwards — PayPal pages oldest first, so those hold the newest rows.
   */
  pages: 'oldest' | 'newest';
  /** Stop once the pages after the first gave this many rows. */
  enoughRows?: number;
}

/** The query of one window's search; a window over 31 days is a bug of the caller. */
function searchParams(search: Pick<TransactionSearch, 'start' | 'end' | 'status' | 'pageSize'>) {
  if (search.end.getTime() - search.start.getTime() > TRANSACTION_SEARCH_MAX_DAYS * DAY_MS) {
    throw new RangeError(`PayPal Transaction Search covers at most ${TRANSACTION_SEARCH_MAX_DAYS} days per query`);
  }
  return {
    start_date: rfc3339(search.start),
    end_date: rfc3339(search.end),
    fields: 'all',
    page_size: search.pageSize ?? TRANSACTION_SEARCH_PAGE_SIZE,
    transaction_status: search.status,
  };
}

/** The pages read after page 1, in reading order, within the page cap. */
function laterPages(totalPages: number, search: Pick<TransactionSearch, 'maxPages' | 'pages'>): number[] {
  const count = Math.max(0, Math.min(totalPages, search.maxPages) - 1);
  return Array.from({ length: count }, (_, i) => (search.pages === 'oldest' ? 2 + i : totalPages - i));
}

/** The PayPal calls the app makes, one method per endpoint. */
export class PayPalApi {
  constructor(readonly client: PayPalClient) {}

  get environment(): PayPalEnvironment {
    return this.client.environment;
  }

  /** "PayPal sandbox" / "PayPal live": how messages name this connection's PayPal. */
  get label(): string {
    return this.client.label;
  }

  getOrder(id: string): Promise<PayPalOrderInput | null> {
    return this.client.find<PayPalOrderInput>(`/v2/checkout/orders/${encodeURIComponent(id)}`, undefined, {
      action: `reading ${this.client.label} order ${id}`,
    });
  }

  getCapture(id: string): Promise<PayPalCaptureInput | null> {
    return this.client.find<PayPalCaptureInput>(`/v2/payments/captures/${encodeURIComponent(id)}`, undefined, {
      action: `reading ${this.client.label} capture ${id}`,
    });
  }

  /** Trackers of one capture with their numbers (Tracking v1; Orders v2 trackers carry none). */
  async listTrackers(captureId: string): Promise<PayPalV1Tracker[]> {
    const result = await this.client.find<{ trackers?: PayPalV1Tracker[] }>(
      '/v1/shipping/trackers',
      { transaction_id: captureId },
      {
        action: `reading the tracking numbers of ${this.client.label} capture ${captureId}`,
      },
    );
    return result?.trackers ?? [];
  }

  /**
   * Adds a tracker; PayPal answers with the whole order, new tracker included. PayPal declares no
   * PayPal-Request-Id on /track, so `{resend: false}` lets the caller check the order instead of
   * re-sending blindly after a lost answer.
   */
  addTracker(orderId: string, body: PayPalTrackRequest, options: { resend?: boolean } = {}): Promise<PayPalOrderInput> {
    return this.client.post<PayPalOrderInput>(`/v2/checkout/orders/${encodeURIComponent(orderId)}/track`, body, {
      action: `adding tracking to ${this.client.label} order ${orderId}`,
      ...options,
    });
  }

  /**
   * Sets a tracker to CANCELLED through the endpoint `trackerEndpoint` picks. Tracking v1 PUT replaces
   * the whole tracker, so the tracker is first read from the Tracking v1 list (one more read, only on
   * that path): its carrier survives and its number is spelled as PayPal holds it, which the v1 id uses.
   */
  async cancelTracker(orderId: string, ref: PayPalTrackerRef): Promise<void> {
    if (trackerEndpoint(ref.trackerId) === 'orders_v2_patch') {
      return this.client.patch(
        `/v2/checkout/orders/${encodeURIComponent(orderId)}/trackers/${encodeURIComponent(ref.trackerId)}`,
        [{ op: 'replace', path: '/status', value: 'CANCELLED' }],
        { action: `cancelling tracker ${ref.trackerId} on ${this.client.label} order ${orderId}` },
      );
    }
    const listed = (await this.listTrackers(ref.captureId)).filter((t) => t.transaction_id === ref.captureId);
    const held =
      listed.find((t) => t.tracking_number === ref.trackingNumber) ??
      listed.find((t) => trackerIdForm(t.tracking_number) === trackerIdForm(ref.trackingNumber));
    const body = trackerV1Body(ref, 'CANCELLED', held);
    await this.putTracker(
      ref.captureId,
      { ...body, tracking_number: body.tracking_number ?? ref.trackingNumber, status: 'CANCELLED' },
      `cancelling tracking number ${body.tracking_number} on ${this.client.label} order ${orderId} (Tracking v1, capture ${ref.captureId})`,
    );
  }

  /**
   * Tracking v1 `PUT /v1/shipping/trackers/{capture_id}-{number}`: the one call that changes a tracker's
   * carrier or status in place, and cancels a tracker whose Orders v2 id is too long for the PATCH. A full
   * replace (idempotent, so the client's re-send after a network failure is safe).
   */
  putTracker(captureId: string, tracker: PayPalV1Tracker & { tracking_number: string; status: string }, action?: string): Promise<void> {
    return this.client.put(
      `/v1/shipping/trackers/${encodeURIComponent(`${captureId}-${tracker.tracking_number}`)}`,
      { ...tracker, transaction_id: captureId },
      {
        action: action ?? `updating tracker ${tracker.tracking_number} on ${this.client.label} capture ${captureId}`,
      },
    );
  }

  createWebhook(url: string, eventTypes: readonly string[]): Promise<PayPalWebhook> {
    return this.client.post<PayPalWebhook>(
      '/v1/notifications/webhooks',
      { url, event_types: eventTypes.map((name) => ({ name })) },
      {
        action: `creating the ${this.client.label} webhook`,
      },
    );
  }

  /** The REST app's webhooks (PayPal allows at most 10; the list is not paged). */
  listWebhooks(): Promise<{ webhooks?: PayPalWebhook[] }> {
    return this.client.get<{ webhooks?: PayPalWebhook[] }>('/v1/notifications/webhooks', undefined, {
      action: `listing the ${this.client.label} webhooks`,
    });
  }

  /** Deletes a webhook; one already gone counts as deleted. */
  deleteWebhook(id: string): Promise<boolean> {
    return this.client.deleteIfPresent(`/v1/notifications/webhooks/${encodeURIComponent(id)}`, {
      action: `deleting the ${this.client.label} webhook`,
    });
  }

  listWebhookEvents(params: {
    page_size?: number;
    start_time?: string;
    end_time?: string;
    event_type?: string;
  }): Promise<{ events?: PayPalEventInput[] }> {
    return this.client.get<{ events?: PayPalEventInput[] }>('/v1/notifications/webhooks-events', params);
  }

  /** One event as PayPal keeps it (null when PayPal has none with this id): what a webhook delivery is checked against. */
  getWebhookEvent(id: string): Promise<PayPalEventInput | null> {
    return this.client.find<PayPalEventInput>(`/v1/notifications/webhooks-events/${encodeURIComponent(id)}`, undefined, {
      action: `reading ${this.client.label} webhook event ${id}`,
    });
  }

  /** Transaction Search over one window (data lags up to 3 h): the rows of the pages `search` asks for, in reading order. */
  async searchTransactionPages(search: TransactionSearch): Promise<PayPalTransactionDetailInput[]> {
    const params = searchParams(search);
    const first = await this.searchTransactions({ ...params, page: 1 });
    const rows = [...(first.transaction_details ?? [])];
    let fromLaterPages = 0;
    for (const page of laterPages(first.total_pages ?? 1, search)) {
      if (search.enoughRows !== undefined && fromLaterPages >= search.enoughRows) break;
      const found = (await this.searchTransactions({ ...params, page })).transaction_details ?? [];
      fromLaterPages += found.length;
      rows.push(...found);
    }
    return rows;
  }

  /**
   * A whole window, newest pages first, at most `maxPages` pages with the later ones `concurrency` at a time:
   * the rows, and whether they are all of the window's. When pages are left, page 1 (the oldest rows) is left
   * out too, so the rows are the newest ones without a gap.
   */
  async searchTransactionWindow(
    search: Omit<TransactionSearch, 'pages' | 'enoughRows'> & { concurrency: number },
  ): Promise<{ rows: PayPalTransactionDetailInput[]; complete: boolean }> {
    const params = searchParams(search);
    const first = await this.searchTransactions({ ...params, page: 1 });
    const totalPages = first.total_pages ?? 1;
    const later = laterPages(totalPages, { maxPages: search.maxPages, pages: 'newest' });
    const limit = pLimit(search.concurrency);
    const pages = await Promise.all(later.map((page) => limit(() => this.searchTransactions({ ...params, page }))));
    const complete = later.length === totalPages - 1;
    return { rows: (complete ? [first, ...pages] : pages).flatMap((result) => result.transaction_details ?? []), complete };
  }

  private searchTransactions(params: Record<string, string | number | undefined>): Promise<PayPalTransactionSearchResult> {
    return this.client.get<PayPalTransactionSearchResult>('/v1/reporting/transactions', params, {
      action: `searching ${this.client.label} transactions`,
    });
  }
}
