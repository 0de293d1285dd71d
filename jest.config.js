// `npm test`: every test in the repository, one Jest run, one PostgreSQL.
module.exports = {
  ...require('./jest.preset.js'),
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tests', '<rootDir>/tools'],
  testMatch: ['**/*.spec.ts', '**/*.int.ts', '**/*.e2e.ts'],
};
