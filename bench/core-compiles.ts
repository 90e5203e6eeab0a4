/**
 * Core's compile step for an app definition (`prepareApp`: a deep copy, a rebuilt copy and a deep freeze),
 * which Zapier's Lambda handler runs twice per invocation (create-app.js, then create-lambda-handler.js).
 * Not part of core's public API, hence the deep path; for the bench's child processes only.
 *
 *   prepareApp(definition)             one compile, as core runs it
 *   watchCoreCompiles(onCompile)       from now on, every compile core makes reports its milliseconds
 */
interface SchemaTools {
  prepareApp(definition: unknown): unknown;
}

let schema: SchemaTools | undefined;
let original: SchemaTools['prepareApp'] | undefined;

/** Core's module object, required on first use (the child has loaded core by then; its timeline stays as it was). */
function schemaTools(): { schema: SchemaTools; original: SchemaTools['prepareApp'] } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- core's module object, so that a wrapper put on it is what core calls
  schema ??= require('zapier-platform-core/src/tools/schema') as SchemaTools;
  original ??= schema.prepareApp.bind(schema);
  return { schema, original };
}

export function prepareApp(definition: unknown): unknown {
  return schemaTools().original(definition);
}

/** Core calls prepareApp through its module object, so wrapping it in place sees every call (microseconds each). */
export function watchCoreCompiles(onCompile: (ms: number) => void): void {
  const { schema, original } = schemaTools();
  schema.prepareApp = (definition) => {
    const started = performance.now();
    try {
      return original(definition);
    } finally {
      onCompile(performance.now() - started);
    }
  };
}
