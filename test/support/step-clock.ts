/**
 * A step's clock for the time-budget tests. gateways/http.ts gives all gateway requests of one step one budget and
 * reads the time from `Date`; here `Date` is fake and stands still (fake-date.ts), so however slow or loaded the
 * machine, the budget sees only the time the test says each request took. Requests are counted as the app sends
 * them (node's `http.client.request.start`), not as a server receives them: an attempt cut off by its timeout
 * before it reached the sandbox is still an attempt. Timers, sockets and the sandbox run for real.
 *
 *   const clock = useStepClock(() => sandbox.stripeBase);   in a describe: Date fake from before each test to after it
 *   clock.onSend((line, nth) => ms)   each request, as it leaves, moves the clock on by ms (0: none)
 *   clock.sent                        ['GET /v1/account', …]: the requests sent to that origin, query left out
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { fakeDateOnly } from './fake-date';

const CHANNEL = 'http.client.request.start';

export interface StepClock {
  readonly sent: string[];
  onSend(takes: (line: string, nth: number) => number): void;
}

export function useStepClock(origin: () => string): StepClock {
  const sent: string[] = [];
  let takes: (line: string, nth: number) => number = () => 0;
  const listener = (message: unknown) => {
    const request = (message as { request: ClientRequest }).request;
    if (String(request.getHeader('host')) !== new URL(origin()).host) return;
    const line = `${request.method} ${request.path.split('?')[0]}`;
    sent.push(line);
    const ms = takes(line, sent.length);
    if (ms > 0) jest.setSystemTime(Date.now() + ms);
  };
  beforeEach(() => {
    sent.length = 0;
    takes = () => 0;
    fakeDateOnly();
    subscribe(CHANNEL, listener);
  });
  afterEach(() => {
    unsubscribe(CHANNEL, listener);
    jest.useRealTimers();
  });
  return {
    sent,
    onSend(fn) {
      takes = fn;
    },
  };
}
