// Shared Jest settings: every project's jest.config.js spreads this.
const path = require('node:path');
const { availableParallelism } = require('node:os');
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
  // Real PostgreSQL (DATABASE_URL, else one embedded server per worker); each suite gets its own database.
  globalSetup: path.join(__dirname, 'libs/testing/src/jest/global-setup.ts'),
  globalTeardown: path.join(__dirname, 'libs/testing/src/jest/global-teardown.ts'),
  setupFiles: ['reflect-metadata', path.join(__dirname, 'libs/testing/src/jest/worker-postgres.ts')],
  // Suites spend much of their time waiting on PostgreSQL, child processes and timers: one worker
  // more than there are cores keeps the cores busy.
  maxWorkers: availableParallelism() + 1,
  testSequencer: path.join(__dirname, 'libs/testing/src/jest/heavy-first-sequencer.js'),
  testTimeout: 30_000,
  // A worker that ran many suites holds a large heap, and Node frees it as the process ends: after
  // the worker's last handle is gone, it took 0.7–1.1 s more for the unit tests' workers here (a
  // child holding 10 million small objects, 440 ms). Jest's default wait of 500 ms then killed
  // workers that were already ending, and said they leaked.
  workerGracefulExitTimeout: 5_000,
};
