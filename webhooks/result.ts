/**
 * The outcome of verifying one webhook delivery: the parsed event, or why it was refused.
 * A refusal carries a short machine code (for branching and tests) and one sentence for the
 * log; neither ever contains a secret, a signature or the body.
 */

export interface Rejection<Code extends string> {
  code: Code;
  message: string;
}

export type Verification<Event, Code extends string> = { ok: true; event: Event } | { ok: false; reason: Rejection<Code> };

export function reject<Code extends string>(code: Code, message: string): { ok: false; reason: Rejection<Code> } {
  return { ok: false, reason: { code, message } };
}
