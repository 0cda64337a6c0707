import {afterEach} from '@jest/globals'

// oclif's Command#catch sets process.exitCode; a test that expects a failure must not fail the run.
afterEach(() => {
  process.exitCode = undefined
})
