// Jest swaps `console` for a buffered one; oclif writes through console.log, so give it the real streams.
import {Console} from 'node:console'

globalThis.console = new Console({stderr: process.stderr, stdout: process.stdout})
