/**
 * `-o jsonc` and `-o yamlc` with colour on: json and yaml coloured by pygments' TerminalFormatter.
 * Expected texts come from knack 0.8.9 (az 2.45), PyYAML 6.0, tabulate 0.8.9, pygments 2.14 and jmespath 1.0.1.
 */
import {describe, expect, it} from '@jest/globals'

import {compileQuery} from './query.js'
import {renderOutput} from './render.js'
import {accessToken, devSub, prodSub} from './test-samples.js'

const render = (data: unknown, format: 'jsonc' | 'yamlc') => renderOutput(data, {color: true, format, queryActive: false})

const jsoncCases: [string, unknown, string][] = [
  [
    'a subscription list: keys bright blue, strings yellow, numbers and constants blue, whitespace grey',
    [devSub, prodSub],
    '[\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m{\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m    \u001B[39;49;00m\u001B[94m"cloudName"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"AzureCloud"\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m    \u001B[39;49;00m\u001B[94m"homeTenantId"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m    \u001B[39;49;00m\u001B[94m"id"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"11111111-1111-1111-1111-111111111111"\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m    \u001B[39;49;00m\u001B[94m"isDefault"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[34mtrue\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m    \u001B[39;49;00m\u001B[94m"managedByTenants"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m[],\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m    \u001B[39;49;00m\u001B[94m"name"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"Dev Sub"\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m    \u001B[39;49;00m\u001B[94m"state"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"Enabled"\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m    \u001B[39;49;00m\u001B[94m"tenantId"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m    \u001B[39;49;00m\u001B[94m"user"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m{\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m      \u001B[39;49;00m\u001B[94m"name"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"user@example.com"\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m      \u001B[39;49;00m\u001B[94m"type"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"user"\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m    \u001B[39;49;00m}\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m},\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m{\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m    \u001B[39;49;00m\u001B[94m"cloudName"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"AzureCloud"\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m    \u001B[39;49;00m\u001B[94m"homeTenantId"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb"\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m    \u001B[39;49;00m\u001B[94m"id"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"22222222-2222-2222-2222-222222222222"\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m    \u001B[39;49;00m\u001B[94m"isDefault"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[34mfalse\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m    \u001B[39;49;00m\u001B[94m"managedByTenants"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m[\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m      \u001B[39;49;00m{\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m        \u001B[39;49;00m\u001B[94m"tenantId"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"cccccccc-cccc-cccc-cccc-cccccccccccc"\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m      \u001B[39;49;00m}\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m    \u001B[39;49;00m],\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m    \u001B[39;49;00m\u001B[94m"name"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"Prod Süb ✓"\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m    \u001B[39;49;00m\u001B[94m"state"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"Disabled"\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m    \u001B[39;49;00m\u001B[94m"tenantId"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb"\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m    \u001B[39;49;00m\u001B[94m"user"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m{\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m      \u001B[39;49;00m\u001B[94m"name"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"sp-app-id"\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m      \u001B[39;49;00m\u001B[94m"type"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"servicePrincipal"\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m    \u001B[39;49;00m}\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m}\u001B[37m\u001B[39;49;00m\n' +
      ']\u001B[37m\u001B[39;49;00m\n',
  ],
  [
    'an access token',
    accessToken,
    '{\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94m"accessToken"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuY29yZS53aW5kb3dzLm5ldC8ifQ.c2lnbmF0dXJl"\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94m"expiresOn"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"2026-11-21 06:02:24.000000"\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94m"expires_on"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[34m1795240944\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94m"subscription"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"11111111-1111-1111-1111-111111111111"\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94m"tenant"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa"\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94m"tokenType"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"Bearer"\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n' +
      '}\u001B[37m\u001B[39;49;00m\n',
  ],
  [
    'a string',
    'Prod Sub',
    '\u001B[33m"Prod Sub"\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n',
  ],
  [
    'an int',
    42,
    '\u001B[34m42\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n',
  ],
  [
    'a boolean',
    true,
    '\u001B[34mtrue\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n',
  ],
  [
    'an empty list',
    [],
    '[]\u001B[37m\u001B[39;49;00m\n',
  ],
  [
    'a list of scalars',
    [1, 'a', true, null, 2.5, ''],
    '[\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[34m1\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[33m"a"\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[34mtrue\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[34mnull\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[34m2.5\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[33m""\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n' +
      ']\u001B[37m\u001B[39;49;00m\n',
  ],
  [
    'escapes inside strings, and a line separator that splits the token',
    {
      quote: 'a"b',
      backslash: 'a\\b',
      newline: 'a\nb',
      tab: 'a\tb',
      ctrl: '\u0001\u001F\u007F',
      unicode: 'é✓😀',
      ls: '\u2028',
      slash: 'a/b',
    },
    '{\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94m"backslash"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"a\\\\b"\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94m"ctrl"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"\\u0001\\u001f\u007F"\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94m"ls"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"\u2028\u001B[39;49;00m\u001B[33m"\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94m"newline"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"a\\nb"\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94m"quote"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"a\\"b"\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94m"slash"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"a/b"\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94m"tab"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"a\\tb"\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94m"unicode"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"é✓😀"\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n' +
      '}\u001B[37m\u001B[39;49;00m\n',
  ],
  [
    'floats',
    {
      a: 0.1,
      b: 0.00001,
      c: 0.0001,
      d: 1.5e+300,
      e: -2.5,
      f: 10000000000000000,
      g: 123456789012345.6,
      h: 1e+22,
    },
    '{\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94m"a"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[34m0.1\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94m"b"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[34m1e-05\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94m"c"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[34m0.0001\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94m"d"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[34m1.5e+300\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94m"e"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[34m-2.5\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94m"f"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[34m1e+16\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94m"g"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[34m123456789012345.6\u001B[39;49;00m,\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94m"h"\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[34m1e+22\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n' +
      '}\u001B[37m\u001B[39;49;00m\n',
  ],
]

const yamlcCases: [string, unknown, string][] = [
  [
    'a subscription list: keys bright blue, plain scalars uncoloured',
    [devSub, prodSub],
    '-\u001B[37m \u001B[39;49;00m\u001B[94mcloudName\u001B[39;49;00m:\u001B[37m \u001B[39;49;00mAzureCloud\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94mhomeTenantId\u001B[39;49;00m:\u001B[37m \u001B[39;49;00maaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94mid\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m11111111-1111-1111-1111-111111111111\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94misDefault\u001B[39;49;00m:\u001B[37m \u001B[39;49;00mtrue\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94mmanagedByTenants\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m[]\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94mname\u001B[39;49;00m:\u001B[37m \u001B[39;49;00mDev Sub\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94mstate\u001B[39;49;00m:\u001B[37m \u001B[39;49;00mEnabled\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94mtenantId\u001B[39;49;00m:\u001B[37m \u001B[39;49;00maaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94muser\u001B[39;49;00m:\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m    \u001B[39;49;00m\u001B[94mname\u001B[39;49;00m:\u001B[37m \u001B[39;49;00muser@example.com\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m    \u001B[39;49;00m\u001B[94mtype\u001B[39;49;00m:\u001B[37m \u001B[39;49;00muser\u001B[37m\u001B[39;49;00m\n' +
      '-\u001B[37m \u001B[39;49;00m\u001B[94mcloudName\u001B[39;49;00m:\u001B[37m \u001B[39;49;00mAzureCloud\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94mhomeTenantId\u001B[39;49;00m:\u001B[37m \u001B[39;49;00mbbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94mid\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m22222222-2222-2222-2222-222222222222\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94misDefault\u001B[39;49;00m:\u001B[37m \u001B[39;49;00mfalse\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94mmanagedByTenants\u001B[39;49;00m:\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m-\u001B[37m \u001B[39;49;00m\u001B[94mtenantId\u001B[39;49;00m:\u001B[37m \u001B[39;49;00mcccccccc-cccc-cccc-cccc-cccccccccccc\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94mname\u001B[39;49;00m:\u001B[37m \u001B[39;49;00mProd Süb ✓\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94mstate\u001B[39;49;00m:\u001B[37m \u001B[39;49;00mDisabled\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94mtenantId\u001B[39;49;00m:\u001B[37m \u001B[39;49;00mbbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94muser\u001B[39;49;00m:\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m    \u001B[39;49;00m\u001B[94mname\u001B[39;49;00m:\u001B[37m \u001B[39;49;00msp-app-id\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m    \u001B[39;49;00m\u001B[94mtype\u001B[39;49;00m:\u001B[37m \u001B[39;49;00mservicePrincipal\u001B[37m\u001B[39;49;00m\n',
  ],
  [
    'an access token: quoted scalars yellow, spaces inside them red',
    accessToken,
    '\u001B[94maccessToken\u001B[39;49;00m:\u001B[37m \u001B[39;49;00meyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuY29yZS53aW5kb3dzLm5ldC8ifQ.c2lnbmF0dXJl\u001B[37m\u001B[39;49;00m\n' +
      "\u001B[94mexpiresOn\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m2026-11-21\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33m06:02:24.000000\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      '\u001B[94mexpires_on\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m1795240944\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[94msubscription\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m11111111-1111-1111-1111-111111111111\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[94mtenant\u001B[39;49;00m:\u001B[37m \u001B[39;49;00maaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[94mtokenType\u001B[39;49;00m:\u001B[37m \u001B[39;49;00mBearer\u001B[37m\u001B[39;49;00m\n',
  ],
  [
    'a string at the root with its document end marker',
    'Prod Sub',
    'Prod Sub\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[04m\u001B[36m...\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n',
  ],
  [
    'an int at the root',
    42,
    '42\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[04m\u001B[36m...\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n',
  ],
  [
    'an empty list',
    [],
    '[]\u001B[37m\u001B[39;49;00m\n',
  ],
  [
    'nested dicts and lists',
    {b: {d: [1, {y: null, x: []}, {}], c: 'text'}, a: [[1, 2], [3]], e: [{k: [{z: 1}]}]},
    '\u001B[94ma\u001B[39;49;00m:\u001B[37m\u001B[39;49;00m\n' +
      '-\u001B[37m \u001B[39;49;00m-\u001B[37m \u001B[39;49;00m1\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m-\u001B[37m \u001B[39;49;00m2\u001B[37m\u001B[39;49;00m\n' +
      '-\u001B[37m \u001B[39;49;00m-\u001B[37m \u001B[39;49;00m3\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[94mb\u001B[39;49;00m:\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94mc\u001B[39;49;00m:\u001B[37m \u001B[39;49;00mtext\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94md\u001B[39;49;00m:\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m-\u001B[37m \u001B[39;49;00m1\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m-\u001B[37m \u001B[39;49;00m\u001B[94mx\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m[]\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m    \u001B[39;49;00m\u001B[94my\u001B[39;49;00m:\u001B[37m \u001B[39;49;00mnull\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m-\u001B[37m \u001B[39;49;00m{}\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[94me\u001B[39;49;00m:\u001B[37m\u001B[39;49;00m\n' +
      '-\u001B[37m \u001B[39;49;00m\u001B[94mk\u001B[39;49;00m:\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m-\u001B[37m \u001B[39;49;00m\u001B[94mz\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m1\u001B[37m\u001B[39;49;00m\n',
  ],
  [
    'quoted, escaped and plain strings',
    {
      number: '123',
      negative: '-5',
      float: '1.5',
      exp: '1e3',
      exp2: '1.0e+3',
      octal: '0777',
      hex: '0x1F',
      sexagesimal: '190:20:30',
      underscore: '1_000',
      bool: 'true',
      yes: 'yes',
      No: 'No',
      on: 'ON',
      null: 'null',
      tilde: '~',
      Null: 'Null',
      date: '2024-01-01',
      datetime: '2026-11-21 06:02:24.000000',
      iso: '2001-12-14t21:59:43.10-05:00',
      colon: 'a: b',
      colon_end: 'a:',
      colon_inner: 'a:b',
      url: 'https://example.com/x?a=1#frag',
      hash: '#comment',
      hash_inner: 'a #b',
      hash_nospace: 'a#b',
      leading_space: ' leading',
      trailing_space: 'trailing ',
      multi: 'line one\nline two',
      multi_trailing: 'line\n',
      empty: '',
      dash: '- item',
      dash_only: '-',
      dashword: '-word',
      question: '? x',
      bracket: '[x]',
      brace: '{x}',
      comma: 'a, b',
      star: '*ref',
      amp: '&anchor',
      bang: '!tag',
      pipe: '|',
      gt: '> x',
      quote: "'q'",
      dquote: '"q"',
      pct: '%x',
      at: '@x',
      backtick: '`x`',
      doc: '---',
      doc_end: '... x',
      tab: 'a\tb',
      ctrl: 'a\u0001b',
      unicode: 'héllo wörld ✓',
      emoji: '😀 smile',
      nbsp: 'a\u00A0b',
      bom: '\uFEFFx',
      ls: 'a\u2028b',
      nel: 'a\u0085b',
      apostrophe: "it's",
      backslash: 'C:\\path',
      eq: '=',
      merge: '<<',
      dot_inf: '.inf',
      dot_nan: '.NaN',
      spaces_inside: 'a  b',
      only_spaces: '   ',
      two_breaks: 'a\n\nb',
      break_space: 'a\n b',
      space_break: 'a \nb',
      leading_break: '\nx',
      'Yes word': 'Yes please',
      plus: '+1',
      dotnum: '.5',
    },
    "\u001B[33m'\u001B[39;49;00m\u001B[33mNo\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33mNo\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[33m'\u001B[39;49;00m\u001B[33mNull\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33mNull\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      '\u001B[94mYes word\u001B[39;49;00m:\u001B[37m \u001B[39;49;00mYes please\u001B[37m\u001B[39;49;00m\n' +
      "\u001B[94mamp\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m&anchor\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94mapostrophe\u001B[39;49;00m:\u001B[37m \u001B[39;49;00mit's\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94mat\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m@x\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      '\u001B[94mbackslash\u001B[39;49;00m:\u001B[37m \u001B[39;49;00mC:\\path\u001B[37m\u001B[39;49;00m\n' +
      "\u001B[94mbacktick\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m`x`\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94mbang\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m!tag\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      '\u001B[94mbom\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"\u001B[39;49;00m\u001B[33m\\uFEFF\u001B[39;49;00m\u001B[33mx\u001B[39;49;00m\u001B[33m"\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n' +
      "\u001B[94mbool\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33mtrue\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94mbrace\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m{x}\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94mbracket\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m[x]\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      '\u001B[94mbreak_space\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"\u001B[39;49;00m\u001B[33ma\u001B[39;49;00m\u001B[33m\\n\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mb\u001B[39;49;00m\u001B[33m"\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n' +
      "\u001B[94mcolon\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33ma:\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mb\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94mcolon_end\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33ma:\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      '\u001B[94mcolon_inner\u001B[39;49;00m:\u001B[37m \u001B[39;49;00ma:b\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[94mcomma\u001B[39;49;00m:\u001B[37m \u001B[39;49;00ma, b\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[94mctrl\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"\u001B[39;49;00m\u001B[33ma\u001B[39;49;00m\u001B[33m\\x01\u001B[39;49;00m\u001B[33mb\u001B[39;49;00m\u001B[33m"\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n' +
      "\u001B[94mdash\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m-\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mitem\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94mdash_only\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m-\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      '\u001B[94mdashword\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m-word\u001B[37m\u001B[39;49;00m\n' +
      "\u001B[94mdate\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m2024-01-01\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94mdatetime\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m2026-11-21\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33m06:02:24.000000\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94mdoc\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m---\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94mdoc_end\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m...\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mx\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94mdot_inf\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m.inf\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94mdot_nan\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m.NaN\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94mdotnum\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m.5\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      '\u001B[94mdquote\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m\'\u001B[39;49;00m\u001B[33m"q"\u001B[39;49;00m\u001B[33m\'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[94memoji\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m😀 smile\u001B[37m\u001B[39;49;00m\n' +
      "\u001B[94mempty\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94meq\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m=\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      '\u001B[94mexp\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m1e3\u001B[37m\u001B[39;49;00m\n' +
      "\u001B[94mexp2\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m1.0e+3\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94mfloat\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m1.5\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94mgt\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m>\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mx\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94mhash\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m#comment\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94mhash_inner\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33ma\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33m#b\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      '\u001B[94mhash_nospace\u001B[39;49;00m:\u001B[37m \u001B[39;49;00ma#b\u001B[37m\u001B[39;49;00m\n' +
      "\u001B[94mhex\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m0x1F\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94miso\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m2001-12-14t21:59:43.10-05:00\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94mleading_break\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      '\u001B[37m\u001B[39;49;00m\n' +
      "\u001B[37m  \u001B[39;49;00m\u001B[33mx\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94mleading_space\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mleading\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94mls\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33ma\u001B[39;49;00m\u001B[04m\u001B[91m\u2028\u001B[39;49;00m\u001B[31m  \u001B[39;49;00m\u001B[33mb\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94mmerge\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m<<\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94mmulti\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33mline\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mone\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      '\u001B[37m\u001B[39;49;00m\n' +
      "\u001B[37m  \u001B[39;49;00m\u001B[33mline\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mtwo\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94mmulti_trailing\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33mline\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      '\u001B[37m\u001B[39;49;00m\n' +
      "\u001B[37m  \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      '\u001B[94mnbsp\u001B[39;49;00m:\u001B[37m \u001B[39;49;00ma\u001B[04m\u001B[91m\u00A0\u001B[39;49;00mb\u001B[37m\u001B[39;49;00m\n' +
      "\u001B[94mnegative\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m-5\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94mnel\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33ma\u001B[39;49;00m\u001B[04m\u001B[91m\u0085\u001B[39;49;00m\u001B[31m  \u001B[39;49;00m\u001B[33mb\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[33m'\u001B[39;49;00m\u001B[33mnull\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33mnull\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94mnumber\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m123\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94moctal\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m0777\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[33m'\u001B[39;49;00m\u001B[33mon\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33mON\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94monly_spaces\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[31m   \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94mpct\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m%x\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94mpipe\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m|\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94mplus\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m+1\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94mquestion\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m?\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mx\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94mquote\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m''\u001B[39;49;00m\u001B[33mq\u001B[39;49;00m\u001B[33m''\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94msexagesimal\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m190:20:30\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      '\u001B[94mspace_break\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"\u001B[39;49;00m\u001B[33ma\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33m\\n\u001B[39;49;00m\u001B[33mb\u001B[39;49;00m\u001B[33m"\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[94mspaces_inside\u001B[39;49;00m:\u001B[37m \u001B[39;49;00ma  b\u001B[37m\u001B[39;49;00m\n' +
      "\u001B[94mstar\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m*ref\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      '\u001B[94mtab\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"\u001B[39;49;00m\u001B[33ma\u001B[39;49;00m\u001B[33m\\t\u001B[39;49;00m\u001B[33mb\u001B[39;49;00m\u001B[33m"\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n' +
      "\u001B[94mtilde\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m~\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94mtrailing_space\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33mtrailing\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94mtwo_breaks\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33ma\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      '\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m\u001B[39;49;00m\n' +
      "\u001B[37m  \u001B[39;49;00m\u001B[33mb\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[94munderscore\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m1_000\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      '\u001B[94municode\u001B[39;49;00m:\u001B[37m \u001B[39;49;00mhéllo wörld ✓\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[94murl\u001B[39;49;00m:\u001B[37m \u001B[39;49;00mhttps://example.com/x?a=1#frag\u001B[37m\u001B[39;49;00m\n' +
      "\u001B[33m'\u001B[39;49;00m\u001B[33myes\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33myes\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n",
  ],
  [
    'quoted keys and complex keys',
    {
      '123': 1,
      true: 1,
      null: 1,
      '': 1,
      'a: b': 1,
      '#x': 1,
      ' lead': 1,
      'multi\nline': 1,
      xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx: 1,
      'normal key': 1,
      '-': 1,
      '- x': 1,
      "key'quote": 1,
    },
    "?\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      ':\u001B[37m \u001B[39;49;00m1\u001B[37m\u001B[39;49;00m\n' +
      "\u001B[33m'\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mlead\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m1\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[33m'\u001B[39;49;00m\u001B[33m#x\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m1\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[33m'\u001B[39;49;00m\u001B[33m-\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m1\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[33m'\u001B[39;49;00m\u001B[33m-\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mx\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m1\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[33m'\u001B[39;49;00m\u001B[33m123\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m1\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[33m'\u001B[39;49;00m\u001B[33ma:\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mb\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m1\u001B[37m\u001B[39;49;00m\n" +
      "key'quote:\u001B[37m \u001B[39;49;00m1\u001B[37m\u001B[39;49;00m\n" +
      "?\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33mmulti\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      '\u001B[37m\u001B[39;49;00m\n' +
      "\u001B[37m  \u001B[39;49;00m\u001B[33mline\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      ':\u001B[37m \u001B[39;49;00m1\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[94mnormal key\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m1\u001B[37m\u001B[39;49;00m\n' +
      "\u001B[33m'\u001B[39;49;00m\u001B[33mnull\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m1\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[33m'\u001B[39;49;00m\u001B[33mtrue\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m1\u001B[37m\u001B[39;49;00m\n" +
      '?\u001B[37m \u001B[39;49;00mxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\u001B[37m\u001B[39;49;00m\n' +
      ':\u001B[37m \u001B[39;49;00m1\u001B[37m\u001B[39;49;00m\n',
  ],
  [
    'folded long strings',
    {
      plain: 'This is a long sentence that goes on and on well past the eighty column limit that PyYAML uses to fold plain scalars.',
      quoted: "'This is a long sentence that goes on and on well past the eighty column limit that PyYAML uses to fold plain scalars.",
      double: '\u0001This is a long sentence that goes on and on well past the eighty column limit that PyYAML uses to fold plain scalars.',
      multi: 'This is a long sentence that goes on and on well past the eighty column limit that PyYAML uses to fold plain scalars.\nThis is a long sentence that goes on and on well past the eighty column limit that PyYAML uses to fold plain scalars.',
      nospace: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      url: 'https://login.microsoftonline.com/aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa/oauth2/v2.0/token?client_id=04b07795-8ddb-461a-bbee-02f9e1bf7b46',
    },
    '\u001B[94mdouble\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m"\u001B[39;49;00m\u001B[33m\\x01\u001B[39;49;00m\u001B[33mThis\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mis\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33ma\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mlong\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33msentence\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mthat\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mgoes\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mon\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mand\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mon\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mwell\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mpast\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mthe\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33meighty\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mcolumn\u001B[39;49;00m\u001B[33m\\\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[33m\\ \u001B[39;49;00m\u001B[33mlimit\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mthat\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mPyYAML\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33muses\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mto\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mfold\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mplain\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mscalars.\u001B[39;49;00m\u001B[33m"\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n' +
      "\u001B[94mmulti\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33mThis\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mis\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33ma\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mlong\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33msentence\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mthat\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mgoes\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mon\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mand\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mon\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mwell\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mpast\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mthe\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33meighty\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mcolumn\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mlimit\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      '\u001B[37m  \u001B[39;49;00m\u001B[33mthat\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mPyYAML\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33muses\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mto\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mfold\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mplain\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mscalars.\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[33mThis\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mis\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33ma\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mlong\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33msentence\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mthat\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mgoes\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mon\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mand\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mon\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mwell\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mpast\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mthe\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33meighty\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mcolumn\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mlimit\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mthat\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n' +
      "\u001B[37m  \u001B[39;49;00m\u001B[33mPyYAML\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33muses\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mto\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mfold\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mplain\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mscalars.\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      '\u001B[94mnospace\u001B[39;49;00m:\u001B[37m \u001B[39;49;00mxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[94mplain\u001B[39;49;00m:\u001B[37m \u001B[39;49;00mThis is a long sentence that goes on and on well past the eighty column limit\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00mthat PyYAML uses to fold plain scalars.\u001B[37m\u001B[39;49;00m\n' +
      "\u001B[94mquoted\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[33m''\u001B[39;49;00m\u001B[33mThis\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mis\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33ma\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mlong\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33msentence\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mthat\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mgoes\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mon\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mand\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mon\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mwell\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mpast\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mthe\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33meighty\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mcolumn\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      "\u001B[37m  \u001B[39;49;00m\u001B[33mlimit\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mthat\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mPyYAML\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33muses\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mto\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mfold\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mplain\u001B[39;49;00m\u001B[31m \u001B[39;49;00m\u001B[33mscalars.\u001B[39;49;00m\u001B[33m'\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n" +
      '\u001B[94murl\u001B[39;49;00m:\u001B[37m \u001B[39;49;00mhttps://login.microsoftonline.com/aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa/oauth2/v2.0/token?client_id=04b07795-8ddb-461a-bbee-02f9e1bf7b46\u001B[37m\u001B[39;49;00m\n',
  ],
  [
    'a folded string at the root',
    'This is a long sentence that goes on and on well past the eighty column limit that PyYAML uses to fold plain scalars.',
    'This is a long sentence that goes on and on well past the eighty column limit that\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00mPyYAML uses to fold plain scalars.\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[04m\u001B[36m...\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n',
  ],
  [
    'lists of lists',
    [[1, 'two', null], [true, {k: 'v'}, [1, 2]], []],
    '-\u001B[37m \u001B[39;49;00m-\u001B[37m \u001B[39;49;00m1\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m-\u001B[37m \u001B[39;49;00mtwo\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m-\u001B[37m \u001B[39;49;00mnull\u001B[37m\u001B[39;49;00m\n' +
      '-\u001B[37m \u001B[39;49;00m-\u001B[37m \u001B[39;49;00mtrue\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m-\u001B[37m \u001B[39;49;00m\u001B[94mk\u001B[39;49;00m:\u001B[37m \u001B[39;49;00mv\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m-\u001B[37m \u001B[39;49;00m-\u001B[37m \u001B[39;49;00m1\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m    \u001B[39;49;00m-\u001B[37m \u001B[39;49;00m2\u001B[37m\u001B[39;49;00m\n' +
      '-\u001B[37m \u001B[39;49;00m[]\u001B[37m\u001B[39;49;00m\n',
  ],
]

describe('coloured output', () => {
  it.each(jsoncCases)('jsonc: %s', (_, data, expected) => {
    expect(render(data, 'jsonc')).toBe(expected)
  })

  it.each(yamlcCases)('yamlc: %s', (_, data, expected) => {
    expect(render(data, 'yamlc')).toBe(expected)
  })

  it('yamlc: anchors and aliases', () => {
    const result = compileQuery('[[0], [0], [1].user]').search([devSub, prodSub])
    expect(render(result, 'yamlc')).toBe(
      '-\u001B[37m \u001B[39;49;00m&id001\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94mcloudName\u001B[39;49;00m:\u001B[37m \u001B[39;49;00mAzureCloud\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94mhomeTenantId\u001B[39;49;00m:\u001B[37m \u001B[39;49;00maaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94mid\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m11111111-1111-1111-1111-111111111111\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94misDefault\u001B[39;49;00m:\u001B[37m \u001B[39;49;00mtrue\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94mmanagedByTenants\u001B[39;49;00m:\u001B[37m \u001B[39;49;00m[]\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94mname\u001B[39;49;00m:\u001B[37m \u001B[39;49;00mDev Sub\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94mstate\u001B[39;49;00m:\u001B[37m \u001B[39;49;00mEnabled\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94mtenantId\u001B[39;49;00m:\u001B[37m \u001B[39;49;00maaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94muser\u001B[39;49;00m:\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m    \u001B[39;49;00m\u001B[94mname\u001B[39;49;00m:\u001B[37m \u001B[39;49;00muser@example.com\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m    \u001B[39;49;00m\u001B[94mtype\u001B[39;49;00m:\u001B[37m \u001B[39;49;00muser\u001B[37m\u001B[39;49;00m\n' +
      '-\u001B[37m \u001B[39;49;00m\u001B[31m*id001\u001B[39;49;00m\u001B[37m\u001B[39;49;00m\n' +
      '-\u001B[37m \u001B[39;49;00m\u001B[94mname\u001B[39;49;00m:\u001B[37m \u001B[39;49;00msp-app-id\u001B[37m\u001B[39;49;00m\n' +
      '\u001B[37m  \u001B[39;49;00m\u001B[94mtype\u001B[39;49;00m:\u001B[37m \u001B[39;49;00mservicePrincipal\u001B[37m\u001B[39;49;00m\n',
    )
  })
})
