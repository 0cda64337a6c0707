import {afterAll, describe, expect, it} from '@jest/globals'

import {CliSandbox} from './support/cli.js'

const sandbox = new CliSandbox()
afterAll(() => sandbox.dispose())

describe('az version', () => {
  it('prints the versions of azx and its core plugins as JSON', async () => {
    const result = await sandbox.run(['version'])
    expect(result.exitCode).toBe(0)
    const report = JSON.parse(result.stdout)
    expect(report.azx).toBe('0.1.0')
    expect(report['azx-core']).toBe('0.1.0')
    expect(report.plugins['@azx/plugin-config']).toBe('0.1.0')
    expect(report.extensions).toEqual({})
  })

  it('prints az --version as text', async () => {
    const result = await sandbox.run(['--version'])
    expect(result.exitCode).toBe(0)
    expect(result.stdout).toMatch(/^azx {31}0\.1\.0\n\ncore {30}0\.1\.0\n/)
    expect(result.stdout).toContain(`Config directory '${sandbox.configDir}'`)
  })
})

describe('usage errors', () => {
  it('guesses a misspelled command and exits with 2', async () => {
    const result = await sandbox.run(['versoin'])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toBe(
      "ERROR: 'versoin' is misspelled or not recognized by the system.\nDid you mean 'version' ?\n\n" +
        'Examples from AI knowledge base:\nhttps://aka.ms/cli_ref\nRead more about the command in reference docs\n',
    )
  })

  it('rejects an unknown flag with exit 2', async () => {
    const result = await sandbox.run(['version', '--foo'])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(/^ERROR: unrecognized arguments: --foo\n\nExamples from AI knowledge base:\n/)
  })

  it('rejects an unknown output format with az message', async () => {
    const result = await sandbox.run(['version', '-o', 'foo'])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toMatch(
      /^ERROR: az version: 'foo' is not a valid value for '--output'. Allowed values: json, jsonc, yaml, yamlc, table, tsv, none.\n/,
    )
  })
})

describe('--query', () => {
  it("rejects invalid JMESPath with az's usage error and exit 2", async () => {
    const result = await sandbox.run(['version', '--query', '[invalid'])
    expect(result.exitCode).toBe(2)
    expect(result.stderr).toBe(
      "ERROR: argument --query: invalid jmespath_type value: '[invalid'\n" +
        "To learn more about --query, please visit: 'https://docs.microsoft.com/cli/azure/query-azure-cli'\n",
    )
  })

  it('is applied before rendering, and prints nothing for a null result', async () => {
    const plain = await sandbox.run(['version', '--query', 'azx', '-o', 'tsv'])
    expect(plain.stdout).toBe('0.1.0\n')
    const nothing = await sandbox.run(['version', '--query', 'nope'])
    expect(nothing.exitCode).toBe(0)
    expect(nothing.stdout).toBe('')
  })
})
