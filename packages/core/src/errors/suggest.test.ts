import {describe, expect, it} from '@jest/globals'

import {usageExampleLines, usageHelpLines} from './suggest.js'

const REFERENCE = ['https://aka.ms/cli_ref', 'Read more about the command in reference docs']

/** az 2.45's examples of `az login` (its help file), in their order. */
const LOGIN_EXAMPLES = [
  {command: 'az login', description: 'Log in interactively.'},
  {command: 'az login -u johndoe@contoso.com -p VerySecret', description: 'Log in with user name and password.'},
  {
    command: 'az login --service-principal -u http://app -p VerySecret --tenant contoso.onmicrosoft.com',
    description: 'Log in with a service principal using client secret.',
  },
  {
    command: 'az login --service-principal -u http://app -p ~/mycertfile.pem --tenant contoso.onmicrosoft.com',
    description: 'Log in with a service principal using client certificate.',
  },
  {command: 'az login --identity', description: "Log in using a VM's system-assigned identity"},
  {command: 'az login --identity -u /subscriptions/x/myID', description: "Log in using a VM's user-assigned identity."},
]

const STANDARD: Record<string, string> = {
  '--identity': '--identity',
  '--password': '--password',
  '--service-principal': '--service-principal',
  '--tenant': '--tenant',
  '--username': '--username',
  '-i': '--identity',
  '-p': '--password',
  '-t': '--tenant',
  '-u': '--username',
}

const lines = (typed: string[]) => usageExampleLines('login', LOGIN_EXAMPLES, typed, (name) => STANDARD[name])

describe('usageExampleLines', () => {
  // The selections below are what az 2.45 prints offline for `az login -u` and `az login -u u -p`.
  it('shows the three examples that name most of the flags typed, those with fewer flags first', () => {
    expect(lines(['-u'])).toEqual([
      '',
      'Examples from AI knowledge base:',
      'az login -u johndoe@contoso.com -p VerySecret',
      'Log in with user name and password.',
      '',
      'az login --identity -u /subscriptions/x/myID',
      "Log in using a VM's user-assigned identity.",
      '',
      'az login --service-principal -u http://app -p VerySecret --tenant contoso.onmicrosoft.com',
      'Log in with a service principal using client secret.',
      '',
      ...REFERENCE,
    ])
    expect(lines(['--username=u', '-pSecret']).filter((line) => line.startsWith('az '))).toEqual([
      'az login -u johndoe@contoso.com -p VerySecret',
      'az login --service-principal -u http://app -p VerySecret --tenant contoso.onmicrosoft.com',
      'az login --service-principal -u http://app -p ~/mycertfile.pem --tenant contoso.onmicrosoft.com',
    ])
  })

  it('with no flag typed, prefers the examples with the fewest flags', () => {
    expect(lines([]).filter((line) => line.startsWith('az '))).toEqual([
      'az login',
      'az login --identity',
      'az login -u johndoe@contoso.com -p VerySecret',
    ])
  })

  it('ranks last an example of another command, and writes an example on one line', () => {
    const examples = [
      {command: 'az account show', description: 'Another command.'},
      {command: 'az  login\n  --tenant   T', description: 'One tenant.'},
    ]
    expect(usageExampleLines('login', examples, [], (name) => STANDARD[name]).filter((line) => line.startsWith('az '))).toEqual([
      'az login --tenant T',
      'az account show',
    ])
  })

  it('has only the reference lines without examples', () => {
    expect(usageExampleLines('login', [], ['-u'], (name) => STANDARD[name])).toEqual(['', 'Examples from AI knowledge base:', ...REFERENCE])
    expect(usageHelpLines()).toEqual(['', 'Examples from AI knowledge base:', ...REFERENCE])
  })
})
