/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // CLI tests spawn the built bin, several times in one test; a busy 2-core CI machine is slow.
  testTimeout: 60000,
};
