/**
 * Suite-wide secret scan: everything the app throws, returns or logs during the tests is recorded
 * here, and the setup file (after every test file) fails if a secret appears in any of it.
 * The secrets are the suite's own (fixtures.ts) and the local sandbox's credentials (integration tests).
 * `recordScanFigure()` reports the file's count to `npm run reliability` ('No secret leaves').
 */
import { SANDBOX_CREDENTIALS } from '../../sandbox/seed';
import { recordFigure } from '../reliability/figures';
import { TEST_SECRETS } from './fixtures';

const SCANNED_SECRETS = [...TEST_SECRETS, SANDBOX_CREDENTIALS.stripeSecretKey, SANDBOX_CREDENTIALS.paypalClientSecret];

const recorded: string[] = [];

export function recordForSecretScan(text: string): void {
  recorded.push(text);
}

export function leakedSecrets(): string[] {
  const leaks: string[] = [];
  for (const text of recorded) {
    for (const secret of SCANNED_SECRETS) {
      if (text.includes(secret)) leaks.push(`${secret.slice(0, 8)}… in: ${text.slice(0, 200)}`);
    }
  }
  return leaks;
}

/** This file's texts scanned and secrets found, as one record of the 'No secret leaves' figure. */
export function recordScanFigure(): void {
  const leaking = recorded.filter((text) => SCANNED_SECRETS.some((secret) => text.includes(secret))).length;
  recordFigure({
    name: 'No secret leaves',
    tried: recorded.length,
    processed: recorded.length - leaking,
    produced: leakedSecrets().length,
    detail:
      'texts: every thrown message, result and log line (z.console, core’s HTTP log) of the suite, every operation’s sample and definition, the connection labels; secrets found = produced',
  });
}
