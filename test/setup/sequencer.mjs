/**
 * The order jest starts the test files in. Where jest has timings from an earlier run (its cache)
 * its own order stands: failed files first, then the longest. Without them, as on a fresh CI
 * machine, jest orders by file size alone, which here says little: a short end-to-end file can run
 * 32 processes at once for half a minute, a long unit test file takes a second. There the
 * end-to-end files start first (largest first), then the rest by size, so that the many short unit
 * and parity files fill the end of the run instead of a long file that keeps one worker busy alone.
 */
import Sequencer from '@jest/test-sequencer'

const END_TO_END = /[/\\]test[/\\]e2e[/\\]/

export default class EndToEndFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests)
    if (sorted.every((test) => test.duration !== undefined)) return sorted
    // Array#sort is stable: within each group, jest's order (failed first, then the longest or largest).
    return sorted.sort((a, b) => Number(END_TO_END.test(b.path)) - Number(END_TO_END.test(a.path)))
  }
}
