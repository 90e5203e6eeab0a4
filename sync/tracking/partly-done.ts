/**
 * A write failed after another write of the same step succeeded (PayPal update = cancel + add,
 * several numbers, Stripe tracking + dispute evidence). Each write is planned from the order as read,
 * so running the step again does only what is missing.
 */

/**
 * `done` says what the gateway already holds and that running the step again completes it; `failure`
 * is the gateway's error (a z.errors.* error the operation re-labels, keeping its class, so a
 * temporary failure stays retryable).
 */
export class PartlyDoneError extends Error {
  constructor(
    readonly done: string,
    readonly failure: unknown,
  ) {
    super(`${done} ${(failure as Error)?.message ?? String(failure)}`);
    this.name = 'PartlyDoneError';
  }
}
