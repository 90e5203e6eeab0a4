/**
 * Real signed webhook deliveries from the sandbox, captured as Zapier hands them to a hook's perform.
 *
 *   startCapture(): Promise<Capture>       a local URL that records every POST (headers + raw body)
 *   subscribeHooks(runner, auth, targetUrl, statuses): subscribeData of order_status_changed
 *   sandboxEvent(sandbox, orderId, type)   makes the sandbox change an order and deliver its event
 *   asZapierRawRequest(delivery)           bundle.rawRequest: headers renamed `Http-Camel-Case` as Zapier does
 *   signedCopy(template, gateway, subscribeData, eventId): bundle.rawRequest of a captured delivery as a new
 *                                          event (fresh id), signed again now as the gateway signs it
 *   deliveryBundle(sandbox, runner, auth, orderId): the bundle of order_status_changed's perform for the
 *                                          real delivery of paying `orderId` (subscribed to `paid`)
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Sandbox } from '../sandbox/server';
import { paypalSignatureHeaders, stripeSignatureHeader } from '../sandbox/webhooks';
import type { AppRunner } from './in-process';

export interface CapturedDelivery {
  headers: Record<string, string>;
  body: string;
}

export interface Capture {
  url: string;
  /** The next delivery to arrive (or one that already arrived and was not taken yet). */
  next(timeoutMs?: number): Promise<CapturedDelivery>;
  close(): Promise<void>;
}

export async function startCapture(): Promise<Capture> {
  const arrived: CapturedDelivery[] = [];
  const waiting: Array<(delivery: CapturedDelivery) => void> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
      const delivery = { headers, body: Buffer.concat(chunks).toString('utf8') };
      const waiter = waiting.shift();
      if (waiter) waiter(delivery);
      else arrived.push(delivery);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"success"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/catch`,
    next(timeoutMs = 10_000) {
      const ready = arrived.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no webhook delivery arrived from the sandbox')), timeoutMs);
        waiting.push((delivery) => {
          clearTimeout(timer);
          resolve(delivery);
        });
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface HookSubscription {
  stripe_webhook_id?: string;
  stripe_secret?: string;
  paypal_webhook_id?: string;
}

export function subscribeHooks(
  runner: AppRunner,
  authData: Record<string, string>,
  targetUrl: string,
  statuses: string[],
): Promise<HookSubscription> {
  return runner.run<HookSubscription>('triggers.order_status_changed.operation.performSubscribe', {
    authData,
    targetUrl,
    inputData: { gateways: ['stripe', 'paypal'], statuses },
  });
}

/** Asks the sandbox (admin API) to change an order, e.g. `pay`, which delivers the event to subscribers. */
export async function sandboxEvent(sandbox: Sandbox, orderId: string, type: string): Promise<void> {
  const response = await fetch(`${sandbox.url}/_sandbox/orders/${encodeURIComponent(orderId)}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type }),
  });
  if (!response.ok) throw new Error(`sandbox event ${type} on ${orderId} failed: HTTP ${response.status} ${await response.text()}`);
}

/** Zapier renames every header but Content-Type/Length to `Http-` + Camel-Case (docs/gateways.md#rest-hooks). */
function asZapierRawRequest(delivery: CapturedDelivery): { headers: Record<string, string>; content: string } {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(delivery.headers)) {
    const camel = name
      .split('-')
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
      .join('-');
    headers[name === 'content-type' || name === 'content-length' ? camel : `Http-${camel}`] = value;
  }
  return { headers, content: delivery.body };
}

/** `template` as another event with id `eventId`, signed the way `gateway` signs a delivery now. */
export function signedCopy(
  template: CapturedDelivery,
  gateway: 'stripe' | 'paypal',
  subscribeData: HookSubscription,
  eventId: string,
): { headers: Record<string, string>; content: string } {
  const event = JSON.parse(template.body) as { id: string };
  event.id = eventId;
  const body = JSON.stringify(event);
  const headers = { ...template.headers };
  if (gateway === 'stripe') {
    headers['stripe-signature'] = stripeSignatureHeader(body, subscribeData.stripe_secret ?? '', Math.floor(Date.now() / 1000));
  } else {
    Object.assign(
      headers,
      paypalSignatureHeaders(body, subscribeData.paypal_webhook_id ?? '', headers['paypal-cert-url'] ?? '', Date.now()),
    );
  }
  return asZapierRawRequest({ headers, body });
}

/** Subscribes to `paid` in both gateways, pays `orderId` in the sandbox, returns the perform's bundle for that delivery. */
export async function deliveryBundle(
  sandbox: Sandbox,
  runner: AppRunner,
  authData: Record<string, string>,
  orderId: string,
): Promise<Record<string, unknown>> {
  const capture = await startCapture();
  try {
    const subscribeData = await subscribeHooks(runner, authData, capture.url, ['paid']);
    await sandboxEvent(sandbox, orderId, 'pay');
    const rawRequest = asZapierRawRequest(await capture.next());
    return {
      authData,
      subscribeData,
      rawRequest,
      inputData: { gateways: ['stripe', 'paypal'], statuses: ['paid'] },
      targetUrl: capture.url,
    };
  } finally {
    await capture.close();
  }
}
