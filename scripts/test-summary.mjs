#!/usr/bin/env node
// The last line of `npm test`: how many tests passed, failed and were skipped, from jest's --json
// results. Skipped is what jest did not run (it.skip, a platform condition, it.todo), never counted as passed.
import {readFileSync} from 'node:fs'

const results = JSON.parse(readFileSync(process.argv[2], 'utf8'))
console.log(`${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests + results.numTodoTests} skipped`)
