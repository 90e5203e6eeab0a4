/**
 * PayPal client over `z.request`: bearer token, JSON bodies, `PayPal-Request-Id` on writes. A 401 on
 * an API call means the token died early: it is forgotten, minted again, and the call re-sent once.
 * The bearer header is set here, not in middleware, because minting needs `z.request` and `z.cache`,
 * which middleware does not get. The endpoints themselves are `PayPalApi`'s (gateways/paypal.ts).
 */
import type { ZObject } from 'zapier-platform-core';
import { GATEWAY_LABELS, paypalBaseUrl, type PayPalEnvironment } from './config';
import { gatewayError } from './errors';
import { describeCall, sendGatewayRequest, type GatewayRequest, type GatewayResponse, type HttpMethod } from './http';
import { PayPalTokens, type PayPalCredentials, type PayPalToken } from './paypal-token';

type Params = Record<string, string | number | boolean | undefined>;

interface CallOptions {
  action?: string;
  notFound?: string;
  /** Statuses the caller handles itself (e.g. 404). */
  accept?: readonly number[];
  /** False: no re-send after a network failure (see GatewayRequest.resend). */
  resend?: boolean;
}

export class PayPalClient {
  readonly environment: PayPalEnvironment;
  readonly base: string;
  private readonly tokens: PayPalTokens;

  constructor(
    private readonly z: ZObject,
    credentials: PayPalCredentials,
  ) {
    this.environment = credentials.environment;
    this.base = paypalBaseUrl(credentials.environment);
    this.tokens = new PayPalTokens(z, credentials, this.base, this.label);
  }

  /** "PayPal sandbox" / "PayPal live": how messages name this connection's PayPal. */
  get label(): string {
    return `${GATEWAY_LABELS.paypal} ${this.environment}`;
  }

  /** Mints a token (always a request): the connection test uses it to read the granted scopes. */
  mintToken(): Promise<PayPalToken> {
    return this.tokens.mint();
  }

  private async send<T>(request: Omit<GatewayRequest, 'url'> & { path: string }, isRetry = false): Promise<GatewayResponse<T>> {
    const token = await this.tokens.current();
    const { path, ...rest } = request;
    const accept = isRetry ? rest.accept : [...(rest.accept ?? []), 401];
    const response = await sendGatewayRequest<T>(
      this.z,
      { gateway: 'paypal', secrets: this.tokens.secrets },
      {
        ...rest,
        action: rest.action ?? describeCall(rest.method, path),
        url: this.base + path,
        headers: { ...rest.headers, Authorization: `Bearer ${token}` },
        accept,
      },
    );
    if (response.status === 401 && !rest.accept?.includes(401)) {
      if (isRetry) throw gatewayError(this.z.errors, { gateway: 'paypal', status: 401, body: response.data, secrets: this.tokens.secrets });
      await this.tokens.forget();
      return this.send<T>(request, true);
    }
    return response;
  }

  async call<T>(
    method: HttpMethod,
    path: string,
    body: { params?: Params; json?: unknown; requestId?: boolean },
    options: CallOptions = {},
  ): Promise<GatewayResponse<T>> {
    return this.send<T>({
      method,
      path,
      params: body.params,
      json: body.json,
      idempotencyHeader: body.requestId ? 'PayPal-Request-Id' : undefined,
      ...options,
    });
  }

  async get<T>(path: string, params?: Params, options: CallOptions = {}): Promise<T> {
    return (await this.call<T>('GET', path, { params }, options)).data;
  }

  /** A GET whose 404 means "there is none". */
  async find<T>(path: string, params?: Params, options: CallOptions = {}): Promise<T | null> {
    const response = await this.call<T>('GET', path, { params }, { ...options, accept: [404] });
    return response.status === 404 ? null : response.data;
  }

  /** A JSON write with a fresh `PayPal-Request-Id` per attempt. */
  async post<T>(path: string, json: unknown, options: CallOptions = {}): Promise<T> {
    return (await this.call<T>('POST', path, { json, requestId: true }, options)).data;
  }

  /** A full replace (PUT is idempotent, so the re-send after a network failure is safe). */
  async put(path: string, json: unknown, options: CallOptions = {}): Promise<void> {
    await this.call<unknown>('PUT', path, { json }, options);
  }

  async patch(path: string, json: unknown, options: CallOptions = {}): Promise<void> {
    await this.call<unknown>('PATCH', path, { json }, options);
  }

  /** A DELETE where "already gone" (404) counts as done. Returns whether it existed. */
  async deleteIfPresent(path: string, options: CallOptions = {}): Promise<boolean> {
    const response = await this.call<unknown>('DELETE', path, {}, { ...options, accept: [404] });
    return response.status !== 404;
  }
}
