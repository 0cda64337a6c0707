/** Python's text conversions the formatters rely on: the cases python-text.test.ts checks (see golden.ts). */
import type {GoldenCase, PythonOp} from './golden.js'

function python(op: PythonOp, value: unknown): GoldenCase {
  const shown = typeof value === 'number' ? (Object.is(value, -0) ? '-0' : String(value)) : JSON.stringify(value)
  return {kind: 'python', name: `${op} ${shown}`, op, value}
}

const floats = [
  -0,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  0.1,
  1.5,
  -2.5,
  0.00001,
  0.0001,
  10000000000000000,
  1000000000000000.5,
  123456789012345.6,
  1.5e300,
  -1e-300,
  5e-324,
  1.7976931348623157e308,
  0.30000000000000004,
  2.5e-7,
  1e22,
  100.25,
]
const strings = [
  'plain',
  "it's",
  'say "hi"',
  'both \' and "',
  'tab\tnew\nline\rcr',
  '\u0000\u0007\u001B\u007F',
  '\u00A0nbsp',
  '\u200Bzero width',
  '\u2028ls',
  '\uFEFFbom',
  'back\\slash',
  '\u0085nel',
  '퟿',
]
const stripped = [
  '  a  ',
  '\t\n\u000B\u000C\r\u001C\u001D\u001E\u001F\u0085\u00A0\u1680\u2000\u200A\u2028\u2029\u202F\u205F\u3000x\u3000',
  '\u200Bx\u200B',
  '\uFEFFx\uFEFF',
]
const lines = ['a\nb', 'a\r\nb\rc', 'a\u000Bb\u000Cc\u001Cd\u001De\u001Ef\u0085g\u2028h\u2029i', 'a\n', '\n', '', 'a\n\nb']

export const pythonTextCases: GoldenCase[] = [
  ...floats.map((value) => python('float-repr', value)),
  ...strings.map((value) => python('repr', value)),
  ...stripped.flatMap((value) => [python('strip', value), python('rstrip', value)]),
  ...lines.flatMap((value) => [python('splitlines', value), python('splitlines-keepends', value)]),
  python('sorted', ['😀', '～', '\uE000', 'é', 'b', 'a_b', 'aB', 'a', '_', 'Z', 'B', '']),
]
