/**
 * Fakes only the date (`Date`, `Date.now`): timers, ticks and I/O run for real, so nock, the sandbox and
 * core's HTTP client behave as in any other test while the code under test reads a chosen "now".
 */
export function fakeDateOnly(now?: Date): void {
  jest.useFakeTimers({
    ...(now ? { now } : {}),
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
}
