/**
 * What Zapier hands a REST hook's `perform` for one delivery to its hook URL (docs/gateways.md#rest-hooks):
 *   bundle.rawRequest     {method, querystring: 'a=b', headers, content: '<raw body>'}; every header but
 *                         Content-Type and Content-Length is renamed `Http-` + Camel-Case
 *                         (`Stripe-Signature` → `Http-Stripe-Signature`, `PAYPAL-TRANSMISSION-SIG` → `Http-Paypal-Transmission-Sig`)
 *   bundle.cleanedRequest the parsed body (what Zapier's example apps read fields from)
 *   plus the Zap's authData, inputData, subscribeData (what performSubscribe returned) and targetUrl.
 *
 *   zapierHeaderName(name): string
 *   zapierRawRequest(delivery): ZapierRawRequest
 *   hookBundle(delivery, zap): the bundle for the hook's perform
 */
import type { CaughtDelivery } from './catcher';

export interface ZapierRawRequest {
  method: string;
  querystring: string;
  headers: Record<string, string>;
  content: string;
}

const UNPREFIXED = new Set(['content-type', 'content-length']);

const camelCase = (name: string): string =>
  name
    .split('-')
    .map((part) => (part ? part[0]!.toUpperCase() + part.slice(1).toLowerCase() : part))
    .join('-');

/** `X-Time-GMT` → `Http-X-Time-Gmt`; `content-type` → `Content-Type`. */
export function zapierHeaderName(name: string): string {
  return UNPREFIXED.has(name.toLowerCase()) ? camelCase(name) : `Http-${camelCase(name)}`;
}

export function zapierRawRequest(delivery: CaughtDelivery): ZapierRawRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of delivery.rawHeaders) {
    const key = zapierHeaderName(name);
    headers[key] = key in headers ? `${headers[key]}, ${value}` : value;
  }
  return { method: delivery.method, querystring: delivery.querystring, headers, content: delivery.body };
}

function cleaned(delivery: CaughtDelivery): unknown {
  try {
    return JSON.parse(delivery.body);
  } catch {
    return Object.fromEntries(new URLSearchParams(delivery.body));
  }
}

export interface ZapContext {
  authData: Record<string, unknown>;
  inputData: Record<string, unknown>;
  subscribeData: unknown;
  targetUrl: string;
}

export function hookBundle(delivery: CaughtDelivery, zap: ZapContext) {
  return {
    authData: zap.authData,
    inputData: zap.inputData,
    subscribeData: zap.subscribeData,
    targetUrl: zap.targetUrl,
    rawRequest: zapierRawRequest(delivery),
    cleanedRequest: cleaned(delivery),
  };
}
