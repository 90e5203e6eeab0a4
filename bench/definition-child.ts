/**
 * One fresh process (run with lib.ts GC_DEFERRED, so no GC shrinks the heap while it is counted): the app
 * definition's size, and the JS heap one `prepareApp` of it allocates. Zapier's handler compiles the
 * definition twice per invocation (create-lambda-handler.js: createApp, then prepareApp again), each time a
 * deep copy, a rebuilt copy and a deep freeze of the whole object; see definition-copy.ts.
 *
 * Then, for an app with the hidden carrier_list trigger (no request), one invocation through the handler
 * counts the compiles it makes.
 *
 *   node definition-child.js <appPath>  →  one line of DefinitionCopy JSON
 */
import { prepareApp, watchCoreCompiles } from './core-compiles';
import { round } from './lib';

export interface DefinitionCopy {
  /** Objects, arrays and leaf values in the definition, as core's copies walk it (a shared object once per path). */
  values: number;
  /** Of those, the ones in the operations' outputFields (the labels and types the Zap editor shows). */
  output_field_values: number;
  json_bytes: number;
  /** JS heap one prepareApp allocated (MB); null if a GC ran anyway. */
  prepare_app_mb: number | null;
  /** prepareApp calls in one invocation through core's handler (null: the app has no request-free method). */
  compiles_per_invocation: number | null;
}

interface Operation {
  operation?: { outputFields?: unknown };
}

const REQUEST_FREE_METHOD = 'triggers.carrier_list.operation.perform';

function countValues(value: unknown): number {
  if (value === null || typeof value !== 'object') return 1;
  let count = 1;
  for (const child of Object.values(value)) count += countValues(child);
  return count;
}

async function main(): Promise<void> {
  const appPath = process.argv[2] ?? '';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const zapier = require('zapier-platform-core') as {
    createAppHandler(appPath: string): (event: unknown) => Promise<unknown>;
  };
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the build under test is named at run time
  const app = require(appPath) as Record<'triggers' | 'searches' | 'creates', Record<string, Operation> | undefined>;
  const before = process.memoryUsage().heapUsed;
  prepareApp(app);
  const allocated = process.memoryUsage().heapUsed - before;

  let compiles: number | null = null;
  if (app.triggers?.carrier_list) {
    compiles = 0;
    watchCoreCompiles(() => (compiles! += 1));
    await zapier.createAppHandler(appPath)({ command: 'execute', method: REQUEST_FREE_METHOD, bundle: {}, zcacheTestObj: {} });
  }
  const result: DefinitionCopy = {
    values: countValues(app),
    output_field_values: (['triggers', 'searches', 'creates'] as const)
      .flatMap((kind) => Object.values(app[kind] ?? {}))
      .reduce((sum, action) => sum + (action.operation?.outputFields ? countValues(action.operation.outputFields) : 0), 0),
    json_bytes: JSON.stringify(app).length,
    prepare_app_mb: allocated > 0 ? round(allocated / 1024 / 1024, 2) : null,
    compiles_per_invocation: compiles,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.name}: ${error.message}\n`);
  process.exit(1);
});
