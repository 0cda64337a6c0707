import {describe, expect, it} from '@jest/globals'

import {UsageError} from '../errors/index.js'
import {flagSpelling, maskSecretValues, readCommandLine} from './command-line.js'
import type {FlagShapes} from './command-line.js'

/** Global flags first, as AzCommand's baseFlags come first, then flags of `account get-access-token` and `login`. */
const FLAGS: FlagShapes = {
  debug: {type: 'boolean'},
  'only-show-errors': {type: 'boolean'},
  output: {char: 'o', type: 'option'},
  query: {type: 'option'},
  verbose: {type: 'boolean'},
  identity: {char: 'i', type: 'boolean'},
  password: {char: 'p', type: 'option'},
  resource: {type: 'option'},
  'resource-type': {type: 'option'},
  scope: {multiple: true, type: 'option'},
  subscription: {aliases: ['name'], char: 's', charAliases: ['n'], type: 'option'},
  username: {char: 'u', type: 'option'},
}

const read = (...argv: string[]) => readCommandLine(argv, FLAGS).argv

function refusal(...argv: string[]): UsageError {
  try {
    readCommandLine(argv, FLAGS)
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError)
    return error as UsageError
  }

  throw new Error(`${argv.join(' ')} was read without an error`)
}

describe('readCommandLine', () => {
  it('spells every flag by its long name, one value per word', () => {
    expect(read('-s', 'My Sub', '-o', 'tsv', '--query=[0]', '-i')).toEqual(['--subscription=My Sub', '--output=tsv', '--query=[0]', '--identity'])
    expect(read('--name', 'x')).toEqual(['--subscription=x'])
    expect(read('-n', 'x')).toEqual(['--subscription=x'])
    expect(read('--scope', 'a', 'b')).toEqual(['--scope=a', '--scope=b'])
  })

  it('reads a value joined to a short flag, and after `=`', () => {
    expect(read('-sMySub')).toEqual(['--subscription=MySub'])
    expect(read('-ojson')).toEqual(['--output=json'])
    expect(read('-s=x')).toEqual(['--subscription=x'])
    expect(read('--password=')).toEqual(['--password='])
  })

  describe('a repeated flag: the last one wins, as in az', () => {
    it.each([
      [['-o', 'json', '-o', 'tsv'], ['--output=tsv']],
      [['--query', 'a', '--query', 'b'], ['--query=b']],
      [['-s', 'a', '--name', 'b', '-n', 'c'], ['--subscription=c']],
      [['--debug', '--debug'], ['--debug']],
      [
        ['-o', 'json', '--query', 'q', '-o', 'yaml'],
        ['--query=q', '--output=yaml'],
      ],
    ])('%j', (argv, expected) => {
      expect(read(...argv)).toEqual(expected)
    })
  })

  it('gives the values it dropped, which az still checks', () => {
    expect(readCommandLine(['-o', 'xml', '--scope', 'a', '-o', 'json', '--query', 'q', '--debug', '--debug', '-o', 'tsv'], FLAGS).superseded).toEqual(
      [
        {name: 'output', value: 'xml'},
        {name: 'output', value: 'json'},
      ],
    )
  })

  it('keeps every value of a repeated multiple flag (az keeps the last occurrence only)', () => {
    expect(read('--scope', 'a', 'b', '-o', 'json', '--scope', 'c')).toEqual(['--scope=a', '--scope=b', '--output=json', '--scope=c'])
  })

  describe('long flags abbreviated to an unambiguous prefix, as az (argparse) allows', () => {
    it.each([
      [['--sub', 'x'], ['--subscription=x']],
      [['--u', 'me'], ['--username=me']],
      [['--sub=x'], ['--subscription=x']],
      [
        ['--que', 'a', '--out', 'tsv'],
        ['--query=a', '--output=tsv'],
      ],
      [['--na', 'x'], ['--subscription=x']],
      [['--deb'], ['--debug']],
      [['--resource', 'r'], ['--resource=r']],
      [['--resource-t', 'arm'], ['--resource-type=arm']],
    ])('%j', (argv, expected) => {
      expect(read(...argv)).toEqual(expected)
    })

    it('refuses an ambiguous prefix with argparse message, wherever it stands', () => {
      expect(refusal('--o', 'json').message).toBe('ambiguous option: --o could match --only-show-errors, --output')
      expect(refusal('--reso', 'arm').message).toBe('ambiguous option: --reso could match --resource, --resource-type')
      expect(refusal('--o=json').message).toBe('ambiguous option: --o=json could match --only-show-errors, --output')
      expect(refusal('--query', 'a', '--s', 'x').message).toBe('ambiguous option: --s could match --scope, --subscription')
      expect(refusal('-s', '--o').message).toBe('ambiguous option: --o could match --only-show-errors, --output')
    })

    it('reads a prefix of --help as a request for help', () => {
      expect(readCommandLine(['--he'], FLAGS)).toEqual({argv: [], help: true, superseded: [], unrecognized: []})
      expect(readCommandLine(['-o', 'json'], FLAGS).help).toBe(false)
    })
  })

  describe('a flag without its value', () => {
    it.each([
      [['-s'], 'argument --subscription/-s/--name/-n: expected one argument'],
      [['--name'], 'argument --subscription/-s/--name/-n: expected one argument'],
      [['--query'], 'argument --query: expected one argument'],
      [['-u'], 'argument --username/-u: expected one argument'],
      [['-o'], 'argument --output/-o: expected one argument'],
      [['-s', '-o', 'json'], 'argument --subscription/-s/--name/-n: expected one argument'],
      [['-u', 'me', '-p', '-secret'], 'argument --password/-p: expected one argument'],
      [['--query', '--debug'], 'argument --query: expected one argument'],
      [['--query', '--', 'x'], 'argument --query: expected one argument'],
      [['--scope'], 'argument --scope: expected at least one argument'],
      [['--scope', '-o', 'json'], 'argument --scope: expected at least one argument'],
    ])('%j', (argv, message) => {
      const error = refusal(...argv)
      expect(error.message).toBe(message)
      expect(error.exitCode).toBe(2)
      expect(error.showsExamples).toBe(true)
    })

    it('takes a value that starts with "-" when it is a negative number, holds a space, or follows "="', () => {
      expect(read('-p', '-1')).toEqual(['--password=-1'])
      expect(read('-p', '-.5')).toEqual(['--password=-.5'])
      expect(read('--query', '-x y')).toEqual(['--query=-x y'])
      expect(read('-p=-secret')).toEqual(['--password=-secret'])
      expect(read('--password=-tsecret')).toEqual(['--password=-tsecret'])
      expect(read('-p', '-')).toEqual(['--password=-'])
    })
  })

  it('refuses a value for a boolean flag as argparse does', () => {
    expect(refusal('--debug=yes').message).toBe("argument --debug: ignored explicit argument 'yes'")
    expect(refusal('-ix').message).toBe("argument --identity/-i: ignored explicit argument 'x'")
    expect(refusal('--ident=1').message).toBe("argument --identity/-i: ignored explicit argument '1'")
  })

  it('puts positional words last, after `--`', () => {
    expect(read('key=value', '-o', 'json', 'other')).toEqual(['--output=json', '--', 'key=value', 'other'])
    expect(read('--scope=a', 'b')).toEqual(['--scope=a', '--', 'b'])
    expect(read('-o', 'json', '--', '-s', '--query')).toEqual(['--output=json', '--', '-s', '--query'])
    expect(read('-')).toEqual(['--', '-'])
  })

  it('sets aside unknown flags and the positional words the command does not take, in their order', () => {
    const line = readCommandLine(['x', '--bogus', '-o', 'json', 'y', '-z', '--', 'z'], FLAGS, 1)
    expect(line.argv).toEqual(['--output=json', '--', 'x'])
    expect(line.unrecognized).toEqual(['--bogus', 'y', '-z', 'z'])
    expect(readCommandLine(['--subscriptionn', 'My Sub'], FLAGS, 0)).toMatchObject({argv: [], unrecognized: ['--subscriptionn', 'My Sub']})
    expect(readCommandLine(['a', 'b'], FLAGS).unrecognized).toEqual([])
  })

  it('names a flag as argparse does', () => {
    expect(flagSpelling('subscription', FLAGS)).toBe('--subscription/-s/--name/-n')
    expect(flagSpelling('query', FLAGS)).toBe('--query')
  })
})

describe('maskSecretValues', () => {
  const flags: FlagShapes = {
    ...FLAGS,
    'federated-token': {type: 'option'},
    'claims-challenge': {type: 'option'},
    'client-secret': {multiple: true, type: 'option'},
  }
  const secret = (name: string) => ['password', 'federated-token', 'client-secret'].includes(name) || name === 'account-key'
  const mask = (...argv: string[]) => maskSecretValues(argv, flags, secret, '***')

  it('masks the value of a secret flag however it is given', () => {
    expect(mask('-u', 'me', '-p', 's3cret', '--tenant', 't')).toEqual(['-u', 'me', '-p', '***', '--tenant', 't'])
    expect(mask('-ps3cret')).toEqual(['-p***'])
    expect(mask('-p=s3cret')).toEqual(['-p=***'])
    expect(mask('--password', 's3cret')).toEqual(['--password', '***'])
    expect(mask('--password=s3=cret')).toEqual(['--password=***'])
    expect(mask('--pass', 's3cret')).toEqual(['--pass', '***'])
    expect(mask('--federated-token', 'eyJx.eyJy.z', '--claims-challenge', 'e30=')).toEqual(['--federated-token', '***', '--claims-challenge', 'e30='])
    expect(mask('--client-secret', 'a', '--client-secret=b')).toEqual(['--client-secret', '***', '--client-secret=***'])
  })

  it('masks what may be a secret where the line is wrong', () => {
    expect(mask('-p', '-s3cret')).toEqual(['-p', '***'])
    expect(mask('--pa', 's3cret')).toEqual(['--pa', '***'])
    expect(mask('--account-key', 'k', '--account-key=k')).toEqual(['--account-key', '***', '--account-key=***'])
  })

  it('leaves everything else as typed', () => {
    expect(mask('-p', '--query', 'q', '-o', 'json')).toEqual(['-p', '--query', 'q', '-o', 'json'])
    expect(mask('-s', 'sub', '--query', 'q', 'pos', '--', '-p', 'x')).toEqual(['-s', 'sub', '--query', 'q', 'pos', '--', '-p', 'x'])
    expect(mask('-p')).toEqual(['-p'])
  })
})
