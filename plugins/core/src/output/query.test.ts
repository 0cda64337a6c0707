/**
 * `--query`: compiled and searched as az does it (knack with Python jmespath 1.0.1). Expected
 * results and messages come from Python jmespath and az 2.45.
 */
import {describe, expect, it} from '@jest/globals'

import {compileQuery} from './query.js'

const QUERY_REFERENCE = "To learn more about --query, please visit: 'https://docs.microsoft.com/cli/azure/query-azure-cli'"

// [expression, data, Python's result as compact JSON, keys in Python's order]
const searches: [string, unknown, string][] = [
  ["[?name=='x']", [{name: 'x', id: 1}, {name: 'y', id: 2}], '[{"name":"x","id":1}]'],
  ["[?name=='x'].id", [{name: 'x', id: 1}, {name: 'y', id: 2}], '[1]'],
  [
    '[].{Name:name, Id:id}',
    [{name: 'x', id: 1}, {name: 'y', id: 2}],
    '[{"Name":"x","Id":1},{"Name":"y","Id":2}]',
  ],
  [
    '[].{Zeta:name, Alpha:id}',
    [{name: 'x', id: 1}, {name: 'y', id: 2}],
    '[{"Zeta":"x","Alpha":1},{"Zeta":"y","Alpha":2}]',
  ],
  ["[?name > 'a']", [{name: 'x'}, {name: 'b'}], '[{"name":"x"},{"name":"b"}]'],
  ['[?id > `1`]', [{id: 1}, {id: 2}], '[{"id":2}]'],
  ["[?contains(name, 'x')]", [{name: 'xa'}, {name: 'b'}], '[{"name":"xa"}]'],
  ["[?starts_with(name, 'x')].name", [{name: 'xa'}, {name: 'b'}], '["xa"]'],
  ['length(@)', [1, 2, 3], '3'],
  ['sort_by(@, &name)[].name', [{name: 'b'}, {name: 'a'}], '["a","b"]'],
  ['max_by(@, &id).id', [{id: 3}, {id: 5}], '5'],
  ['to_string(@)', {b: 1, a: [1, 2]}, '"{\\"b\\":1,\\"a\\":[1,2]}"'],
  ['to_string(`1.5`)', null, '"1.5"'],
  ["to_number('12')", null, '12'],
  ["to_number('abc')", null, 'null'],
  ['`foo`', null, '"foo"'],
  ['`"foo"`', null, '"foo"'],
  ["'it\\'s'", null, '"it\'s"'],
  ['keys(@)', {b: 1, a: 2}, '["b","a"]'],
  ['values(@)', {b: 1, a: 2}, '[1,2]'],
  ['merge(@, `{"c": 3}`)', {b: 1, a: 2}, '{"b":1,"a":2,"c":3}'],
  ['abs(`-3`)', null, '3'],
  ['avg(@)', [1, 2, 4], '2.3333333333333335'],
  ['sum(@)', [1, 2.5], '3.5'],
  ['floor(`2.7`)', null, '2'],
  ['ceil(`2.2`)', null, '3'],
  ["join(', ', @)", ['a', 'b'], '"a, b"'],
  ['reverse(@)', [1, 2], '[2,1]'],
  ["reverse('abc')", null, '"cba"'],
  ['type(@)', 1.5, '"number"'],
  ['not_null(a, b)', {b: 2}, '2'],
  ['map(&id, @)', [{id: 1}, {}], '[1,null]'],
  ['@[?isDefault].name | [0]', [{isDefault: false, name: 'a'}, {isDefault: true, name: 'b'}], '"b"'],
  ['[?isDefault==`true`].name', [{isDefault: false, name: 'a'}, {isDefault: true, name: 'b'}], '["b"]'],
  ["[?state=='Enabled'] | length(@)", [{state: 'Enabled'}], '1'],
  ['user.name', {user: {name: 'u'}}, '"u"'],
  ['[0]', [1], '1'],
  ['[-1]', [1, 2], '2'],
  ['[1:]', [1, 2, 3], '[2,3]'],
  ['[::-1]', [1, 2, 3], '[3,2,1]'],
  ['a[*].b', {a: [{b: 1}, {c: 2}]}, '[1]'],
  ['*.b', {x: {b: 1}, y: {b: 2}}, '[1,2]'],
  ['a[]', {a: [[1, 2], [3]]}, '[1,2,3]'],
  ['a || b', {b: 2}, '2'],
  ['a && b', {a: 1, b: 2}, '2'],
  ['!a', {a: []}, 'true'],
  ['[?a==`1.0`]', [{a: 1}, {a: 2}], '[{"a":1}]'],
  ['a.b.c', {a: null}, 'null'],
  ['[?a<b]', [{a: 'a', b: 'b'}], '[{"a":"a","b":"b"}]'],
  ['min(@)', ['b', 'a'], '"a"'],
  ['max(@)', [1, 3, 2], '3'],
  ['sort(@)', ['b', 'a', 'B'], '["B","a","b"]'],
  ["ends_with(@, 'c')", 'abc', 'true'],
  ['contains(@, `1`)', [1, 2], 'true'],
  ['to_array(@)', 1, '[1]'],
  ['{a: a, b: b}', {a: 1}, '{"a":1,"b":null}'],
  ['[a, b]', {a: 1}, '[1,null]'],
  ['length(@)', {a: 1, b: 2}, '2'],
  ['`[1,2]`', null, '[1,2]'],
  ['@', 'str', '"str"'],
  ['foo', [1], 'null'],
  ['[].name', [{name: 'a'}, 1], '["a"]'],
  ['{"quoted key": a}', {a: 1}, '{"quoted key":1}'],
  ['"a-b"', {'a-b': 1}, '1'],
  ['sum(@)', [], '0'],
  ['avg(@)', [], 'null'],
  ['max(@)', [], 'null'],
  ['[?a]', [{a: 0}, {a: ''}, {a: false}, {a: 'x'}, {a: {}}], '[{"a":0},{"a":"x"}]'],
  ["to_string('x')", null, '"x"'],
  ['@.a.to_string(@)', null, '"null"'],
]

describe('compileQuery', () => {
  it.each(searches)('%s gives what Python jmespath gives', (expression, data, expected) => {
    expect(JSON.stringify(compileQuery(expression).search(data)) ?? 'null').toBe(expected)
  })

  it('keeps the expression', () => {
    expect(compileQuery('[0].name').expression).toBe('[0].name')
  })

  it.each([
    ['[invalid', "argument --query: invalid jmespath_type value: '[invalid'"],
    ['', "argument --query: invalid jmespath_type value: ''"],
    ['foo.', "argument --query: invalid jmespath_type value: 'foo.'"],
    ["'abc", 'argument --query: invalid jmespath_type value: "\'abc"'],
    ["[?name=='x'", 'argument --query: invalid jmespath_type value: "[?name==\'x\'"'],
    ['foo bar', "argument --query: invalid jmespath_type value: 'foo bar'"],
    ['a.1', "argument --query: invalid jmespath_type value: 'a.1'"],
    ['$', "argument --query: invalid jmespath_type value: '$'"],
    ['{a}', "argument --query: invalid jmespath_type value: '{a}'"],
    ['a ||', "argument --query: invalid jmespath_type value: 'a ||'"],
  ])('%p is a usage error (exit code 2)', (expression, message) => {
    expect(() => compileQuery(expression)).toThrow(
      expect.objectContaining({exitCode: 2, message, recommendations: [QUERY_REFERENCE]}),
    )
  })

  it.each([
    ['unknown_fn(@)', 'Unknown function: unknown_fn()'],
    ['length()', 'Expected 1 argument for function length(), received 0'],
    ['length(@, @)', 'Expected 1 argument for function length(), received 2'],
    ['not_null()', 'Expected at least 1 argument for function not_null(), received 0'],
  ])('%p fails when searching, as a command error (exit code 1)', (expression, reason) => {
    const query = compileQuery(expression)
    expect(() => query.search([1])).toThrow(
      expect.objectContaining({
        exitCode: 1,
        message: `Invalid jmespath query supplied for \`--query\`: ${reason}`,
        recommendations: [QUERY_REFERENCE],
      }),
    )
  })

  it('a slice with no start or end, and a string with an escaped quote, are valid', () => {
    expect(compileQuery('[1:]').search([1, 2, 3])).toEqual([2, 3])
    expect(compileQuery("'it\\'s'").search(null)).toBe("it's")
  })

  it('the input is not changed', () => {
    const data = [{name: 'x', tags: {b: 1, a: 2}}]
    const before = JSON.stringify(data)
    compileQuery('[].{Name: name, Tags: tags}').search(data)
    expect(JSON.stringify(data)).toBe(before)
  })
})
