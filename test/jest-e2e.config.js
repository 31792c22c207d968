const unit = require('../jest.config.js');

// E2E: boots the router (Nest on Fastify) against real PostgreSQL + Redis and drives it with the
// official twilio client. Run with --runInBand: files share one database and one queue prefix.
/** @type {import('jest').Config} */
module.exports = {
  rootDir: '..',
  // Node's environment, but an unhandled rejection the official SDK leaves when a Client disconnects
  // does not fail whichever test runs then (test/support/sdk-environment.js).
  testEnvironment: '<rootDir>/test/support/sdk-environment.js',
  roots: ['<rootDir>/test'],
  testRegex: '\\.e2e-spec\\.ts$',
  moduleFileExtensions: unit.moduleFileExtensions,
  transform: {
    ...unit.transform,
    // ES modules that Node 20 requires natively but Jest does not (content-disposition, under the
    // queue dashboard's @fastify/static): compiled to CommonJS like the sources.
    '^.+/node_modules/content-disposition/.+\\.js$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2023' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  moduleNameMapper: unit.moduleNameMapper,
  setupFiles: ['<rootDir>/test/env.js'],
  globalSetup: '<rootDir>/test/global-setup.js',
  testTimeout: 30000,
};
