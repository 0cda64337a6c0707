import {jest} from '@jest/globals'

// End-to-end tests run the CLI as child processes, several per test, on a 2-core machine.
jest.setTimeout(60_000)
