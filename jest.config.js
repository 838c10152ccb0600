export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {'^(\\.{1,2}/.*)\\.js$': '$1'},
  transform: {
    '^.+\\.ts$': ['@swc/jest', {jsc: {parser: {syntax: 'typescript'}, target: 'es2022'}, module: {type: 'es6'}}],
  },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // The CLI end-to-end tests spawn the built binary; DuckDB files live in per-test temp dirs.
  testTimeout: 60000,
  // Most suites wait on CLI subprocesses and DuckDB threads, so two workers help even on two cores.
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/helpers/summary-reporter.cjs'],
}
