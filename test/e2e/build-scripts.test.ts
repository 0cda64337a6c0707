/**
 * The build's own scripts print nothing a newcomer has to wonder about: the oclif CLI they run
 * (scripts/oclif-cli.mjs) does not check npm for a newer oclif, which printed "oclif update
 * available" once per manifest on every `npm run build` and `npm run demo`.
 * And `npm test` says what it did not run; and bin/run.js fails as az fails when it cannot start.
 */
import {copyFileSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from '@jest/globals'

import {CliSandbox, REPO_ROOT} from './support/cli.js'

const sandbox = new CliSandbox()
afterAll(() => sandbox.dispose())

describe('scripts/manifests.mjs', () => {
  it("writes a manifest without the oclif CLI's update warning, even when its cache knows a newer oclif", async () => {
    const plugin = join(sandbox.root, 'plugin')
    mkdirSync(plugin)
    writeFileSync(
      join(plugin, 'package.json'),
      JSON.stringify({files: ['commands'], name: 'probe', oclif: {commands: './commands'}, type: 'module', version: '1.0.0'}),
    )
    // What the oclif CLI's update check reads: the newest version it last heard of.
    const cache = join(sandbox.root, 'cache')
    mkdirSync(join(cache, 'oclif'), {recursive: true})
    writeFileSync(join(cache, 'oclif', 'version'), JSON.stringify({latest: '99.0.0'}))

    const result = await sandbox.run([plugin], {bin: join(REPO_ROOT, 'scripts', 'manifests.mjs'), env: {XDG_CACHE_HOME: cache}})
    expect(result).toEqual({exitCode: 0, stderr: '', stdout: ''})
    expect(JSON.parse(readFileSync(join(plugin, 'oclif.manifest.json'), 'utf8'))).toEqual({commands: {}, version: '1.0.0'})
  })
})

describe('scripts/test-summary.mjs, the last line of npm test', () => {
  it('counts skipped and todo tests apart from the passed ones', async () => {
    const results = join(sandbox.root, 'results.json')
    writeFileSync(results, JSON.stringify({numFailedTests: 1, numPassedTests: 40, numPendingTests: 2, numTodoTests: 1, numTotalTests: 44}))
    const result = await sandbox.run([results], {bin: join(REPO_ROOT, 'scripts', 'test-summary.mjs')})
    expect(result).toEqual({exitCode: 0, stderr: '', stdout: '40 passed, 1 failed, 3 skipped\n'})
  })
})

describe('bin/run.js', () => {
  it("cannot start (the build's files are missing): az's ERROR line with what to do, exit 1, no unhandled rejection", async () => {
    const install = join(sandbox.root, 'unbuilt')
    mkdirSync(join(install, 'bin'), {recursive: true})
    for (const file of ['run.js', 'package.json']) copyFileSync(join(REPO_ROOT, 'bin', file), join(install, 'bin', file))
    copyFileSync(join(REPO_ROOT, 'package.json'), join(install, 'package.json'))

    const result = await sandbox.run(['account', 'show'], {bin: join(install, 'bin', 'run.js')})
    expect(result.exitCode).toBe(1)
    expect(result.stdout).toBe('')
    const lines = result.stderr.split('\n')
    expect(lines[0]).toMatch(/^ERROR: azx could not start: Cannot find module '\.\.\/dist\/runner\.cjs'/)
    expect(result.stderr).toContain('Reinstall azx (npm install -g azx), or run `npm run build` in a clone.\n')
    expect(result.stderr).not.toMatch(/UnhandledPromiseRejection|triggerUncaughtException/)
  })
})
