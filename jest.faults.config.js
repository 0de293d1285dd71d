// `npm run test:faults`: the long fault runs (kill -9 under load, broker cut, PostgreSQL stopped),
// kept out of `npm test` for time; tests/faults/*.fault.ts. Their short variants are *.e2e.ts in `npm test`.
module.exports = {
  ...require('./jest.preset.js'),
  roots: ['<rootDir>/tests/faults'],
  testMatch: ['**/*.fault.ts'],
  testTimeout: 30 * 60_000,
  maxWorkers: 1, // each run loads the machine on purpose: one at a time
};
