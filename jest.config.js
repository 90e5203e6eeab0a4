/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // TypeScript sources first: the root index.js is only the runtime's shim to dist/.
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Type-checking runs once in `npm run typecheck`; ts-jest only transpiles, which keeps the suite fast.
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
  setupFilesAfterEnv: ['<rootDir>/test/support/setup.ts'],
  testTimeout: 30000,
  // z.cache in tests honours ttl, nx and scope like Zapier's (see test/support/zcache.ts).
  moduleNameMapper: { '^\\.\\./\\.\\./tools/create-cache$': '<rootDir>/test/support/zcache.ts' },
};
