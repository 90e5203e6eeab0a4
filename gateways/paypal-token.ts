/**
 * PayPal's client-credentials token, minted once per connection and token lifetime and kept in
 * `z.cache` scoped to the connection (TTL = `expires_in` minus a margin), with an in-process copy for
 * warm runs. The client (gateways/paypal-client.ts) forgets it when an API call answers 401.
 */
import { createHash } from 'node:crypto';
import type { ZObject } from 'zapier-platform-core';
import { connectionCache } from './cache';
import type { PayPalEnvironment } from './config';
import { expiredAuthError } from './errors';
import { sendGatewayRequest } from './http';

export interface PayPalCredentials {
  clientId: string;
  clientSecret: string;
  environment: PayPalEnvironment;
}

/** `POST /v1/oauth2/token` answer. */
export interface PayPalToken {
  scope: string;
  access_token: string;
  token_type: string;
  app_id?: string;
  expires_in: number;
  nonce?: string;
}

/** Scopes as PayPal grants them (space-separated in the token's `scope`). */
export const PAYPAL_SCOPES = {
  tracking: 'https://uri.paypal.com/services/shipping/trackers/readwrite',
  webhooks: 'https://uri.paypal.com/services/applications/webhooks',
  transactionSearch: 'https://uri.paypal.com/services/reporting/search/read',
} as const;

/** Seconds taken off `expires_in` so a token is never used in its last minutes. */
const TOKEN_EXPIRY_MARGIN_SECONDS = 300;

interface CachedToken {
  access_token: string;
  scope: string;
  expires_at: number;
}

/** Warm Lambda runs reuse the process: keep the token in memory as well as in z.cache. */
const tokensInProcess = new Map<string, CachedToken>();

/** Test hook: forget tokens held in this process (the z.cache copy is the test's own). */
export function forgetTokensInProcess(): void {
  tokensInProcess.clear();
}

function describeOAuthError(body: unknown): string {
  const error = body as { error?: string; error_description?: string } | null;
  if (!error?.error) return 'no token in the answer';
  return [error.error, error.error_description].filter(Boolean).join(': ');
}

/** One connection's token: minted, cached, forgotten. */
export class PayPalTokens {
  private readonly cacheKey: string;

  constructor(
    private readonly z: ZObject,
    private readonly credentials: PayPalCredentials,
    private readonly base: string,
    /** "PayPal sandbox": how messages name the connection's PayPal. */
    private readonly label: string,
  ) {
    // The key names the connection without holding a secret: a hash of base, client ID and secret.
    const fingerprint = createHash('sha256')
      .update(`${base}|${credentials.clientId}|${credentials.clientSecret}`)
      .digest('hex')
      .slice(0, 32);
    this.cacheKey = `paypal-token:${fingerprint}`;
  }

  /** What error messages must never show: the client secret and the token in use. */
  get secrets(): string[] {
    const token = tokensInProcess.get(this.cacheKey)?.access_token;
    return [this.credentials.clientSecret, ...(token ? [token] : [])];
  }

  /** Mints a token (always a request): the connection test uses it to read the granted scopes. */
  async mint(): Promise<PayPalToken> {
    const basic = Buffer.from(`${this.credentials.clientId}:${this.credentials.clientSecret}`).toString('base64');
    const response = await sendGatewayRequest<PayPalToken>(
      this.z,
      { gateway: 'paypal', secrets: [this.credentials.clientSecret] },
      {
        method: 'POST',
        url: `${this.base}/v1/oauth2/token`,
        headers: { Authorization: `Basic ${basic}` },
        form: { grant_type: 'client_credentials' },
        accept: [400, 401],
        action: `getting an access token from ${this.label}`,
      },
    );
    if (response.status === 400 || response.status === 401 || !response.data?.access_token) {
      throw expiredAuthError(
        this.z.errors,
        `${this.label} rejected the client ID and secret (${describeOAuthError(response.data)}). ` +
          `Check that they belong to a ${this.credentials.environment} REST app: live and sandbox apps have different credentials.`,
      );
    }
    const token = response.data;
    const ttl = Math.max(60, Math.floor(token.expires_in) - TOKEN_EXPIRY_MARGIN_SECONDS);
    const cached: CachedToken = { access_token: token.access_token, scope: token.scope, expires_at: Date.now() + ttl * 1000 };
    tokensInProcess.set(this.cacheKey, cached);
    await connectionCache(this.z).set(this.cacheKey, cached, ttl);
    return token;
  }

  /** The live token: this process's copy, else z.cache's, else a new one. */
  async current(): Promise<string> {
    const inProcess = tokensInProcess.get(this.cacheKey);
    if (inProcess && inProcess.expires_at > Date.now()) return inProcess.access_token;
    const cached = await connectionCache(this.z).get<CachedToken>(this.cacheKey);
    if (cached && cached.expires_at > Date.now()) {
      tokensInProcess.set(this.cacheKey, cached);
      return cached.access_token;
    }
    return (await this.mint()).access_token;
  }

  /** Drops the token everywhere (PayPal said 401: it died before its time). */
  async forget(): Promise<void> {
    tokensInProcess.delete(this.cacheKey);
    await connectionCache(this.z).delete(this.cacheKey);
  }
}
