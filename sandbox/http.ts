/**
 * What the sandbox's gateway modules share: the parsed request they receive, the response they return, the
 * context (state, clock, webhook delivery) and small helpers. No HTTP server code here (that is server.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Delivery, SignedEvent } from './webhooks';

export interface GatewayRequest {
  method: string;
  /** Path below the gateway prefix, e.g. `/v1/payment_intents/pi_1`. */
  path: string;
  query: URLSearchParams;
  /** Lower-case names. */
  headers: Record<string, string>;
  rawBody: string;
  operationId: string;
  template: string;
  pathParams: Record<string, string>;
}

export interface GatewayResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Clock {
  /** Milliseconds, like Date.now(), shifted by the admin clock. */
  now(): number;
}

export interface SandboxContext {
  clock: Clock;
  /** Base URL of this gateway as the app sees it, e.g. `http://127.0.0.1:4010/paypal`. */
  base: string;
  /** POSTs each signed event to its subscriber and records the outcome. */
  deliver(events: SignedEvent[]): Promise<Delivery[]>;
}

export const unixSeconds = (clock: Clock): number => Math.floor(clock.now() / 1000);
export const isoTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const MIXED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomId(length: number, alphabet: 'upper' | 'mixed' = 'mixed'): string {
  const chars = alphabet === 'upper' ? UPPER : MIXED;
  return [...randomBytes(length)].map((b) => chars[b % chars.length]).join('');
}

/** Parses a JSON request body; undefined when empty. Throws SyntaxError when malformed. */
export const parseJson = (raw: string): unknown => (raw.trim() === '' ? undefined : JSON.parse(raw));
