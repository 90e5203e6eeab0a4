/**
 * Bounded retries of the reads a webhook delivery needs, inside one hook `perform` (docs/architecture.md#webhook-delivery).
 *
 * Zapier has already answered the gateway 200 when `perform` runs, so the gateway never sends the event
 * again, and Zapier retries a `perform` only once, and only after a ThrottledError: a read that fails here
 * is retried here. All retries of one delivery share one budget of READ_RETRY_BUDGET_MS from the start of
 * `perform` (well inside Zapier's 30 s; gateways/http.ts bounds each request on top of it).
 *
 *   startRetryBudget(): RetryBudget               the budget of one delivery, from now
 *   readWithRetries(read, budget, options?)       → {ok, value} or {ok: false, error, attempts, seconds}
 *   retryClock                                    now/sleep, replaced by tests so that none waits
 *
 * Schedule: at most MAX_READ_ATTEMPTS attempts; before each retry the gateway's delay (its Retry-After,
 * carried by the ThrottledError) is honoured up to a cap of a fifth of the budget (4 s), and never less
 * than a backoff of 0.5 s, 1 s, 2 s, …; no retry starts when its wait would end past the budget.
 */
import { zapierErrorDetails } from '../../gateways/errors';
import { shortenedByEnvironment } from '../../gateways/http';

/** Time as the retries see it. Tests replace `sleep` (and `now`) so that no test waits. */
export const retryClock = {
  now: (): number => Date.now(),
  sleep: (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms)),
};

const READ_RETRY_BUDGET_MS = 20_000;
const MAX_READ_ATTEMPTS = 5;

/**
 * `HOOK_READ_RETRY_BUDGET_MS` shortens the budget for the sandbox load run only (an environment variable,
 * like GATEWAY_STEP_BUDGET_MS; it can only shorten). The whole schedule scales with it.
 */
const readRetryBudgetMs = (): number => shortenedByEnvironment('HOOK_READ_RETRY_BUDGET_MS', READ_RETRY_BUDGET_MS);

export interface RetryBudget {
  readonly startedAt: number;
  readonly deadline: number;
  readonly budgetMs: number;
}

export function startRetryBudget(): RetryBudget {
  const budgetMs = readRetryBudgetMs();
  const startedAt = retryClock.now();
  return { startedAt, deadline: startedAt + budgetMs, budgetMs };
}

export type ReadOutcome<T> = { ok: true; value: T } | { ok: false; error: unknown; attempts: number; seconds: number };

/** Temporary failures (429, 5xx, no or unreadable answer) are ThrottledErrors (gateways/errors.ts). */
const isTemporary = (error: unknown): boolean => (error as Error | null)?.name === 'ThrottledError';

/** The gateway's delay in ms when the error carries one (core's ThrottledError: `delay`, in seconds, in its JSON message). */
function delayMs(error: unknown): number {
  const delay = zapierErrorDetails(error).delay;
  return typeof delay === 'number' && delay > 0 ? delay * 1000 : 0;
}

function waitBefore(retry: number, error: unknown, budget: RetryBudget): number {
  const backoff = (budget.budgetMs / 40) * 2 ** (retry - 1);
  return Math.min(budget.budgetMs / 5, Math.max(backoff, delayMs(error)));
}

export async function readWithRetries<T>(
  read: () => Promise<T>,
  budget: RetryBudget,
  options: { maxAttempts?: number; retryable?: (error: unknown) => boolean } = {},
): Promise<ReadOutcome<T>> {
  const maxAttempts = options.maxAttempts ?? MAX_READ_ATTEMPTS;
  const retryable = options.retryable ?? isTemporary;
  for (let attempt = 1; ; attempt++) {
    try {
      return { ok: true, value: await read() };
    } catch (error) {
      const wait = waitBefore(attempt, error, budget);
      if (!retryable(error) || attempt >= maxAttempts || retryClock.now() + wait >= budget.deadline) {
        return { ok: false, error, attempts: attempt, seconds: Math.round((retryClock.now() - budget.startedAt) / 100) / 10 };
      }
      await retryClock.sleep(wait);
    }
  }
}
