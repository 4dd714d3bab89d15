// Three jest projects: `unit` (no infrastructure, beside the code), `integration` (real
// MariaDB and Redis) and `e2e`
// (drives a real fleet on real Kafka, MariaDB and Redis, started by its global setup).
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.base.json');

const moduleNameMapper = pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' });
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] };

module.exports = {
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: [
        '<rootDir>/apps/**/*.spec.ts',
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/tools/**/*.spec.ts',
        '<rootDir>/test/infra/**/*.spec.ts',
        '<rootDir>/test/architecture/**/*.spec.ts',
      ],
      transform,
      moduleNameMapper,
    },
    {
      // Real MariaDB and Redis on 127.0.0.1, no Kafka and no fleet.
      displayName: 'integration',
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: [
        '<rootDir>/apps/**/*.int-spec.ts',
        '<rootDir>/libs/**/*.int-spec.ts',
        '<rootDir>/test/integration/**/*.int-spec.ts',
      ],
      transform,
      moduleNameMapper,
    },
    {
      displayName: 'e2e',
      rootDir: __dirname,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      transform,
      moduleNameMapper,
      setupFilesAfterEnv: ['<rootDir>/test/e2e/support/per-test-setup.ts'],
      globalSetup: '<rootDir>/test/e2e/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/e2e/support/global-teardown.ts',
    },
  ],
};
