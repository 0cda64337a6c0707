/**
 * Tests that only mean something on some systems. Elsewhere they show as skipped in jest's summary
 * and in `npm test`'s last line, never as passed: a test that returns early cannot fail.
 */
import {existsSync} from 'node:fs'

import {it} from '@jest/globals'

/** `it` on Linux, `it.skip` on other systems. */
export const linuxOnly = process.platform === 'linux' ? it : it.skip

/** `it` where /proc tells each process's start time (Linux), `it.skip` elsewhere. */
export const withProcStartTimes = existsSync('/proc/self/stat') ? it : it.skip
