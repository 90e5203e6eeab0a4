/**
 * What one call through the app ended in, and whether an error is the right one for a gateway fault
 * (docs/architecture.md#errors: 429 → ThrottledError with the gateway's delay; 5xx, dropped connection, unreadable answer →
 * a ThrottledError Zapier retries; each with a message that names the gateway and says it will be retried).
 *
 *   attempt(run): Promise<Outcome>          never throws: a failure becomes { ok: false, … }
 *   isCorrectFaultError(outcome): boolean
 *   tally(values): Record<string, number>   (short notes: error names, results)
 *   faultsSince(before, after): faults the sandbox injected between two stats() readings, by kind
 */
import type { SandboxStats } from '../sandbox/server';

export type Outcome<T = unknown> = { ok: true; value: T } | { ok: false; name: string; message: string; delay?: number };

export async function attempt<T>(run: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    const e = error as Error;
    // Core puts `{message, delay}` (ThrottledError) or `{message, code, status}` (AppError) in the message as JSON.
    try {
      const parsed = JSON.parse(e.message) as { message: string; delay?: number };
      return { ok: false, name: e.name, message: parsed.message, delay: parsed.delay };
    } catch {
      return { ok: false, name: e.name, message: e.message };
    }
  }
}

/** A retryable Zapier error with a delay and a message a merchant can act on. */
export function isCorrectFaultError(outcome: Outcome): boolean {
  if (outcome.ok) return false;
  return (
    outcome.name === 'ThrottledError' &&
    typeof outcome.delay === 'number' &&
    outcome.delay > 0 &&
    /Stripe|PayPal|Another step/.test(outcome.message) &&
    /retry/i.test(outcome.message)
  );
}

export function tally(values: Iterable<string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

export function faultsSince(before: SandboxStats, after: SandboxStats): Record<string, number> {
  const faults: Record<string, number> = {};
  for (const [kind, n] of Object.entries(after.faults))
    faults[kind] = (n ?? 0) - (before.faults[kind as keyof SandboxStats['faults']] ?? 0);
  return faults;
}
