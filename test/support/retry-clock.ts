/**
 * A virtual clock for the webhook read retries (sync/events/retry.ts): `sleep` returns at once and moves
 * the clock on by the time asked, so tests see the whole schedule without waiting it out.
 *
 *   const clock = useVirtualRetryClock();   in a describe (or at file level)
 *   clock.waits                              the waits asked for, in ms, since the test began
 *   clock.elapsedMs()                        virtual time spent waiting
 */
import { retryClock } from '../../sync/events/retry';

export function useVirtualRetryClock(): { waits: number[]; elapsedMs: () => number } {
  const state = { waits: [] as number[], elapsedMs: () => state.waits.reduce((sum, ms) => sum + ms, 0) };
  const spies: jest.SpyInstance[] = [];
  beforeEach(() => {
    state.waits.length = 0;
    const start = Date.now();
    spies.push(
      jest.spyOn(retryClock, 'now').mockImplementation(() => start + state.elapsedMs()),
      jest.spyOn(retryClock, 'sleep').mockImplementation(async (ms: number) => {
        state.waits.push(ms);
      }),
    );
  });
  afterEach(() => spies.splice(0).forEach((spy) => spy.mockRestore()));
  return state;
}
