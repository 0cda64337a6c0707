import {describe, expect, it} from '@jest/globals'

import {parseFlags} from './flag-parser.js'
import type {ManifestFlag} from './flag-parser.js'

/** The flags of `az account get-access-token` as oclif's manifest has them (global ones included). */
const FLAGS: Record<string, ManifestFlag> = {
  debug: {allowNo: false, name: 'debug', type: 'boolean'},
  output: {char: 'o', helpValue: '{json,jsonc,yaml,yamlc,table,tsv,none}', multiple: false, name: 'output', type: 'option'},
  query: {helpValue: 'JMESPATH', multiple: false, name: 'query', type: 'option'},
  'resource-type': {helpValue: '{oss-rdbms,arm,aad-graph,ms-graph,batch,media,data-lake}', multiple: false, name: 'resource-type', type: 'option'},
  scope: {multiple: true, name: 'scope', type: 'option'},
  subscription: {aliases: ['name'], char: 's', charAliases: ['n'], multiple: false, name: 'subscription', type: 'option'},
  tenant: {char: 't', multiple: false, name: 'tenant', type: 'option'},
  color: {allowNo: true, name: 'color', type: 'boolean'},
}

describe('parseFlags', () => {
  it('reads nothing as no flags', () => {
    expect(parseFlags([], FLAGS)).toEqual({})
  })

  it('reads --name value, --name=value, short and alias spellings by the flag name', () => {
    expect(parseFlags(['--query', 'accessToken', '-o', 'tsv', '--tenant=t1'], FLAGS)).toEqual({output: 'tsv', query: 'accessToken', tenant: 't1'})
    expect(parseFlags(['-n', 'My Sub'], FLAGS)).toEqual({subscription: 'My Sub'})
    expect(parseFlags(['--name', 'My Sub'], FLAGS)).toEqual({subscription: 'My Sub'})
    expect(parseFlags(['-s', 'x'], FLAGS)).toEqual({subscription: 'x'})
    expect(parseFlags(['--query=[?a==`1`]'], FLAGS)).toEqual({query: '[?a==`1`]'})
  })

  it('takes every value up to the next flag for a multiple flag', () => {
    expect(parseFlags(['--scope', 'a', 'b', '--tenant', 't'], FLAGS)).toEqual({scope: ['a', 'b'], tenant: 't'})
    expect(parseFlags(['--scope=a'], FLAGS)).toEqual({scope: ['a']})
    expect(parseFlags(['--scope', 'a', '--scope=b c'], FLAGS)).toEqual({scope: ['a', 'b c']})
  })

  it('keeps the last of a repeated flag and reads abbreviations, as AzCommand does', () => {
    expect(parseFlags(['-o', 'json', '-o', 'TSV', '--resource-type', 'arm', '--resource-type', 'ms-graph'], FLAGS)).toEqual({output: 'tsv', 'resource-type': 'ms-graph'})
    expect(parseFlags(['--sub', 'x', '--que', 'a', '--ten=t'], FLAGS)).toEqual({query: 'a', subscription: 'x', tenant: 't'})
    expect(parseFlags(['-ojson'], FLAGS)).toEqual({output: 'json'})
  })

  it('lower-cases enum values as enumFlag does, and declines values it does not allow', () => {
    expect(parseFlags(['--resource-type', 'MS-Graph', '-o', 'JSON'], FLAGS)).toEqual({output: 'json', 'resource-type': 'ms-graph'})
    expect(parseFlags(['--resource-type', 'bogus'], FLAGS)).toBeUndefined()
    expect(parseFlags(['-o', 'xml'], FLAGS)).toBeUndefined()
  })

  it('reads booleans and --no- for flags that allow it', () => {
    expect(parseFlags(['--debug'], FLAGS)).toEqual({debug: true})
    expect(parseFlags(['--no-color'], FLAGS)).toEqual({color: false})
    expect(parseFlags(['--no-debug'], FLAGS)).toBeUndefined()
    expect(parseFlags(['--debug=true'], FLAGS)).toBeUndefined()
  })

  it.each([
    ['an unknown flag', ['--bogus']],
    ['help', ['--help']],
    ['-h', ['-h']],
    ['a prefix of --help', ['--he']],
    ['a positional argument', ['extra']],
    ['the end of flags', ['--', '--tenant']],
    ['a missing value', ['--tenant']],
    ['a value that looks like a flag', ['--tenant', '-o']],
    ['an ambiguous prefix', ['--s', 'x']],
    ['an invalid value given before a valid one', ['-o', 'xml', '-o', 'json']],
    // Their earlier values are checked by the flags' parsers (a bad --query is an error): oclif's job.
    ['a repeated --query', ['--query', 'a', '--query', 'b']],
    ['a repeated flag and its alias', ['-s', 'a', '--name', 'b']],
    ['an unknown negated flag', ['--no-debug', '--no-tenant']],
  ])('declines %s', (_what, argv) => {
    expect(parseFlags(argv, FLAGS)).toBeUndefined()
  })
})
