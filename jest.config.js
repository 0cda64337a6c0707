import {availableParallelism} from 'node:os'

/**
 * Three projects: `unit` (tests beside the code, no build needed), `parity` (random inputs through
 * azx and through the Python libraries az is built on, compared; see test/parity/README.md) and
 * `e2e` (the built CLI run as a child process against the emulator). `npm test` runs them all;
 * `npm run test:unit` only the first.
 */
const transform = {
  '^.+\\.ts$': ['@swc/jest', {jsc: {parser: {syntax: 'typescript'}, target: 'es2022'}, module: {type: 'es6'}}],
}
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  // NodeNext-style ".js" specifiers point at the .ts sources; @azx/* resolve to sources, not dist.
  moduleNameMapper: {
    '^@azx/core$': '<rootDir>/packages/core/src/index.ts',
    '^@azx/core/auth$': '<rootDir>/packages/core/src/auth.ts',
    '^@azx/core/account-token$': '<rootDir>/packages/core/src/credential/account-token.ts',
    '^@azx/core/(clouds|errors|output|paths|registry|testing)$': '<rootDir>/packages/core/src/$1/index.ts',
    '^@azx/emulator$': '<rootDir>/test/emulator/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform,
  setupFiles: ['<rootDir>/test/setup/console.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/setup/exit-code.ts'],
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
}

export default {
  // At least two workers: jest's default (one fewer than the cores) is one on a 2-core machine, where
  // a lone worker leaves a core idle while an end-to-end test waits on its child processes.
  maxWorkers: Math.max(2, availableParallelism() - 1),
  // The end-to-end files first when jest has no timings of its own (a fresh CI machine).
  testSequencer: '<rootDir>/test/setup/sequencer.mjs',
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/src/**/*.test.ts',
        '<rootDir>/packages/*/src/**/*.test.ts',
        '<rootDir>/plugins/*/src/**/*.test.ts',
        '<rootDir>/test/emulator/src/**/*.test.ts',
      ],
    },
    {...common, displayName: 'parity', testMatch: ['<rootDir>/test/parity/**/*.test.ts']},
    {
      ...common,
      displayName: 'e2e',
      setupFilesAfterEnv: [...common.setupFilesAfterEnv, '<rootDir>/test/setup/e2e-timeout.ts'],
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
    },
  ],
}
