// Core and schema modules the definition checks use, which ship without typings.
declare module 'zapier-platform-core/src/tools/schema' {
  export function compileApp(app: unknown): unknown;
  export function validateApp(app: unknown): unknown[];
}
declare module 'zapier-platform-core/src/tools/cleaner' {
  export function recurseCleanFuncs<T>(value: T): T;
}
declare module 'zapier-platform-schema/lib/schemas/*' {
  const schema: { validate(value: unknown): { errors: Array<{ stack: string }> } };
  export default schema;
}
