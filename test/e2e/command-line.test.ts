/**
 * How a command line is read (readCommandLine, AzCommand), through the built CLI beside the Python
 * az 2.45 on fresh config dirs, before any sign-in: a flag without its value, an ambiguous or
 * unambiguous prefix, a repeated flag. Each case is run by both; the exit code and the error line
 * must match. The lines below the error are azx's own: az shows its help examples there, azx the
 * examples of its own help, chosen as az chooses them (tested exactly here for azx).
 */
import {existsSync, readdirSync} from 'node:fs'

import {afterEach, beforeEach, describe, expect, it} from '@jest/globals'

import {CliSandbox} from './support/cli.js'
import {runPythonAz} from './support/python-az.js'

let sandbox: CliSandbox

beforeEach(() => {
  sandbox = new CliSandbox()
})
afterEach(() => sandbox.dispose())

const NOT_SIGNED_IN = "ERROR: Please run 'az login' to setup account.\n"
const QUERY_REFERENCE = "To learn more about --query, please visit: 'https://docs.microsoft.com/cli/azure/query-azure-cli'\n"
const REFERENCE = 'https://aka.ms/cli_ref\nRead more about the command in reference docs\n'

const files = () => (existsSync(sandbox.configDir) ? readdirSync(sandbox.configDir).sort() : [])

/**
 * azx, then the Python az, on the same fresh config dir: exit codes and first lines equal. azx's
 * whole result, and the files in the config dir after azx ran (az writes its own).
 */
async function bothAz(args: string[]) {
  const azx = await sandbox.run(args)
  const filesAfterAzx = files()
  const python = await runPythonAz(sandbox, args)
  expect({exitCode: azx.exitCode, firstLine: azx.stderr.split('\n')[0]}).toEqual({exitCode: python.exitCode, firstLine: python.stderr.split('\n')[0]})
  return Object.assign(azx, {filesAfterAzx})
}

describe('a flag without its value is a usage error in az words (exit 2), and nothing is written', () => {
  it.each([
    [['account', 'set', '-s'], 'argument --subscription/-s/--name/-n: expected one argument'],
    [['account', 'show', '--name'], 'argument --subscription/-s/--name/-n: expected one argument'],
    [['account', 'show', '-s', '-o', 'json'], 'argument --subscription/-s/--name/-n: expected one argument'],
    [['account', 'show', '-o'], 'argument --output/-o: expected one argument'],
    [['account', 'get-access-token', '-t'], 'argument --tenant/-t: expected one argument'],
    [['login', '-u'], 'argument --username/-u: expected one argument'],
    [['login', '-u', 'me@contoso.example', '-p'], 'argument --password/-p: expected one argument'],
    [['login', '-u', 'me@contoso.example', '-p', '-starts-with-a-dash'], 'argument --password/-p: expected one argument'],
    [['login', '--tenant'], 'argument --tenant/-t: expected one argument'],
    [['login', '--scope'], 'argument --scope: expected at least one argument'],
    [['login', '--federated-token', '--tenant', 'contoso.example'], 'argument --federated-token: expected one argument'],
  ])('az %j', async (args, message) => {
    const before = files()
    const result = await bothAz(args)
    expect(result).toMatchObject({exitCode: 2, stdout: ''})
    expect(result.stderr).toMatch(
      new RegExp(`^ERROR: ${message.replaceAll(/[/.]/g, '\\$&')}\n\nExamples from AI knowledge base:\n(az .*\n.*\n\n){1,3}${REFERENCE}$`),
    )
    expect(result.filesAfterAzx).toEqual(before)
  })

  it("a value that starts with '-' is given after '=', as in az", async () => {
    expect(await bothAz(['account', 'set', '-s=-t'])).toMatchObject({
      exitCode: 1,
      stderr: "ERROR: The subscription of '-t' doesn't exist in cloud 'AzureCloud'.\n",
    })
    expect(await bothAz(['account', 'set', '--subscription=-s', '-o', 'json'])).toMatchObject({
      exitCode: 1,
      stderr: "ERROR: The subscription of '-s' doesn't exist in cloud 'AzureCloud'.\n",
    })
    expect((await bothAz(['account', 'set', '-s', '-t'])).stderr).toMatch(/^ERROR: argument --subscription\/-s\/--name\/-n: expected one argument\n/)
  })

  it('--query without its value points at the --query documentation instead of examples, as az does', async () => {
    expect(await bothAz(['account', 'show', '--query'])).toMatchObject({
      exitCode: 2,
      stderr: `ERROR: argument --query: expected one argument\n${QUERY_REFERENCE}`,
      stdout: '',
    })
    expect(await bothAz(['account', 'get-access-token', '--query', '-o', 'tsv'])).toMatchObject({
      exitCode: 2,
      stderr: `ERROR: argument --query: expected one argument\n${QUERY_REFERENCE}`,
      stdout: '',
    })
  })

  it("shows the command's examples that name most of the flags typed, fewer flags first, at most three", async () => {
    expect((await sandbox.run(['login', '-u', 'me@contoso.example', '-p'])).stderr).toBe(
      'ERROR: argument --password/-p: expected one argument\n\nExamples from AI knowledge base:\n' +
        'az login -u johndoe@contoso.com -p VerySecret\n' +
        'Sign in with a username and password (does not work with MFA or personal Microsoft accounts).\n\n' +
        'az login --service-principal -u APP_ID -p SECRET --tenant TENANT\nSign in with a service principal and a client secret.\n\n' +
        'az login --service-principal -u APP_ID --certificate ~/sp.pem --tenant TENANT\nSign in with a service principal and a certificate.\n\n' +
        REFERENCE,
    )
    expect((await sandbox.run(['account', 'get-access-token', '-t'])).stderr).toBe(
      'ERROR: argument --tenant/-t: expected one argument\n\nExamples from AI knowledge base:\n' +
        'az account get-access-token --tenant 00000000-0000-0000-0000-000000000000\nGet an access token for a given tenant.\n\n' +
        'az account get-access-token\nGet an access token for the current account, for Azure Resource Manager.\n\n' +
        'az account get-access-token --subscription 00000000-0000-0000-0000-000000000000\nGet an access token for a given subscription.\n\n' +
        REFERENCE,
    )
  })

  it('an unknown flag is reported by the top-level parser, with what follows it and the reference lines only', async () => {
    expect(await bothAz(['account', 'show', '--bogus'])).toMatchObject({
      exitCode: 2,
      stderr: `ERROR: unrecognized arguments: --bogus\n\nExamples from AI knowledge base:\n${REFERENCE}`,
      stdout: '',
    })
    expect(await bothAz(['account', 'show', '-o', 'tsv', '--subscriptionn', 'My Sub'])).toMatchObject({
      exitCode: 2,
      stderr: `ERROR: unrecognized arguments: --subscriptionn My Sub\n\nExamples from AI knowledge base:\n${REFERENCE}`,
      stdout: '',
    })
    // The command's own parser speaks first.
    expect((await bothAz(['account', 'set', '--bogus'])).stderr).toMatch(
      /^ERROR: the following arguments are required: --subscription\/-s\/--name\/-n\n/,
    )
  })

  it('az logout has --username only, without the -u of az login (2.45 and today)', async () => {
    expect(await bothAz(['logout', '-u', 'someone@contoso.example'])).toMatchObject({
      exitCode: 2,
      stderr: `ERROR: unrecognized arguments: -u someone@contoso.example\n\nExamples from AI knowledge base:\n${REFERENCE}`,
      stdout: '',
    })
  })
})

describe('long flags abbreviated: az (2.45 and today) reads any unambiguous prefix', () => {
  it.each([
    [['account', 'show', '--sub', 'x']],
    [['account', 'show', '--s', 'x']],
    [['account', 'show', '--na=x', '--que', 'id', '--out', 'tsv']],
    [['account', 'get-access-token', '--resource-t', 'arm', '--ten', 'contoso.example']],
  ])('az %j is read, and the command runs', async (args) => {
    expect(await bothAz(args)).toMatchObject({exitCode: 1, stderr: NOT_SIGNED_IN, stdout: ''})
  })

  it.each([
    [['account', 'show', '--o', 'json'], 'ambiguous option: --o could match --only-show-errors, --output'],
    [['account', 'get-access-token', '--reso', 'arm'], 'ambiguous option: --reso could match --resource, --resource-type'],
    [['account', 'show', '-s', 'x', '--o=json'], 'ambiguous option: --o=json could match --only-show-errors, --output'],
  ])('an ambiguous prefix, az %j, is a usage error', async (args, message) => {
    const result = await bothAz(args)
    expect(result).toMatchObject({exitCode: 2, stdout: ''})
    expect(result.stderr).toMatch(new RegExp(`^ERROR: ${message.replaceAll(/[.]/g, '\\.')}\n\nExamples from AI knowledge base:\n`))
  })
})

describe('a repeated flag: the last one wins, as in az', () => {
  it.each([
    [['account', 'show', '-o', 'json', '-o', 'tsv']],
    [['account', 'show', '--query', 'a', '--query', 'b']],
    [['account', 'show', '-s', 'a', '--name', 'b', '-n', 'c']],
    [['account', 'get-access-token', '--scope', 'a', 'b', '--scope', 'c', '--tenant', 't1', '-t', 't2']],
  ])('az %j is read, and the command runs', async (args) => {
    expect(await bothAz(args)).toMatchObject({exitCode: 1, stderr: NOT_SIGNED_IN, stdout: ''})
  })

  it('an invalid value is refused even when a later one replaces it, as az checks each', async () => {
    const result = await bothAz(['account', 'show', '-o', 'xml', '-o', 'json'])
    expect(result).toMatchObject({exitCode: 2, stdout: ''})
    expect(result.stderr).toMatch(
      /^ERROR: az account show: 'xml' is not a valid value for '--output'\. Allowed values: json, jsonc, yaml, yamlc, table, tsv, none\.\n/,
    )
    const query = await bothAz(['account', 'show', '--query', '[?', '--query', 'id'])
    expect(query).toMatchObject({exitCode: 2, stderr: `ERROR: argument --query: invalid jmespath_type value: '[?'\n${QUERY_REFERENCE}`, stdout: ''})
  })
})
