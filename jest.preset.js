// Shared Jest settings: every project's jest.config.js spreads this.
const path = require('node:path');
const { compilerOptions } = require('./tsconfig.base.json');
const swc = require('./swc.config.js');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, path.join(__dirname, target)]),
);

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, sourceMaps: 'inline' }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  // One real PostgreSQL for the whole run (DATABASE_URL, else embedded); each suite gets its own database.
  globalSetup: path.join(__dirname, 'libs/testing/src/jest/global-setup.ts'),
  globalTeardown: path.join(__dirname, 'libs/testing/src/jest/global-teardown.ts'),
  setupFiles: ['reflect-metadata'],
  testTimeout: 30_000,
};
