// Unit tests: src/**/*.spec.ts, pure logic, no database. test/jest-e2e.config.js reuses transform + mapper.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testRegex: '\\.spec\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true }, // Nest DI needs design:paramtypes
          target: 'es2023',
        },
        module: { type: 'commonjs' }, // also turns the Prisma client's `await import()` into require()
        sourceMaps: 'inline',
      },
    ],
  },
  // The generated Prisma client imports './x.js' siblings that exist only as './x.ts'.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};
