/**
 * Suite-wide secret scan: everything the app throws, returns or logs during the tests is recorded
 * here, and `assertNoSecretsRecorded` (run after every test file) fails if a test secret appears.
 */
import { TEST_SECRETS } from './fixtures';

const recorded: string[] = [];

export function recordForSecretScan(text: string): void {
  recorded.push(text);
}

export function recordedTexts(): readonly string[] {
  return recorded;
}

export function leakedSecrets(): string[] {
  const leaks: string[] = [];
  for (const text of recorded) {
    for (const secret of TEST_SECRETS) {
      if (text.includes(secret)) leaks.push(`${secret.slice(0, 8)}… in: ${text.slice(0, 200)}`);
    }
  }
  return leaks;
}
