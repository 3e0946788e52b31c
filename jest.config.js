/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // CLI tests spawn the built bin, several times in one test; a busy 2-core CI machine is slow.
  testTimeout: 60000,
  // Two suites at a time: most of a CLI test is waiting on the process it spawned, so on two
  // cores the suite takes about 3.5 minutes instead of about 5. Time budgets in the tests
  // leave room for a machine that busy.
  maxWorkers: 2,
};
