#!/usr/bin/env node
// A "browser" for `BROWSER=`: signs in on the emulator's page as AZX_TEST_BROWSER_USER with
// AZX_TEST_BROWSER_PASSWORD, as a person would, and delivers the result to the CLI's loopback listener.
import {completeBrowserSignIn} from '@azx/emulator'

const [url] = process.argv.slice(2)
await completeBrowserSignIn(url, {password: process.env.AZX_TEST_BROWSER_PASSWORD, username: process.env.AZX_TEST_BROWSER_USER})
