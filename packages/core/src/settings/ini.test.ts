import {describe, expect, it} from '@jest/globals'

import {IniDuplicateError, IniSyntaxError, parseIni, sectionView, serializeIni} from './ini.js'

// The expected documents are what Python's configparser (3.11, az's reader) gives for the same text.
describe('parseIni reads as configparser reads', () => {
  it('keeps ; and # inside values: only whole lines are comments', () => {
    const doc = parseIni('# top comment\n; another\n[core]\noutput = table ; not a comment\nname: value # kept\n')
    expect(doc).toEqual({core: {name: 'value # kept', output: 'table ; not a comment'}})
  })

  it('joins indented lines into the value, across blank and comment lines, and drops trailing blanks', () => {
    const doc = parseIni('[s]\nk = first\n    second\n\n    after blank\n  # comment inside\n    last\n\nnext = 2\n')
    expect(doc).toEqual({s: {k: 'first\nsecond\n\nafter blank\nlast', next: '2'}})
  })

  it('takes keys at the same indent as keys, not continuations', () => {
    expect(parseIni('[s]\n  k = v\n  j = w\n')).toEqual({s: {j: 'w', k: 'v'}})
  })

  it('runs a section name to the last ] and ignores what follows', () => {
    expect(parseIni('[a]b] trailing\nk=v\n')).toEqual({'a]b': {k: 'v'}})
  })

  it('lower-cases keys but not section names or values', () => {
    expect(parseIni('[Core]\nOUTPUT = Table\n')).toEqual({Core: {output: 'Table'}})
  })

  it('splits at the first = or :', () => {
    expect(parseIni('[s]\nurl = https://x:1/?a=b\nk:v=w\n')).toEqual({s: {k: 'v=w', url: 'https://x:1/?a=b'}})
  })

  it('reads empty values, CRLF line ends and a BOM', () => {
    expect(parseIni('\uFEFF[s]\r\nk =\r\nj=  \r\n')).toEqual({s: {j: '', k: ''}})
  })

  it('keeps empty sections and the DEFAULT section', () => {
    expect(parseIni('[DEFAULT]\nx = 1\n[a]\ny = 2\nx = 3\n[b]\n')).toEqual({DEFAULT: {x: '1'}, a: {x: '3', y: '2'}, b: {}})
  })

  it('keeps a section or key named __proto__ as data', () => {
    const doc = parseIni('[__proto__]\nconstructor = x\n')
    expect(Object.keys(doc)).toEqual(['__proto__'])
    expect(doc.__proto__).toEqual({constructor: 'x'})
  })

  it("strips and measures indentation by Python's whitespace, not JavaScript's", () => {
    // U+001C and U+0085 are whitespace to str.strip(); U+FEFF is not, though String.trim() strips it.
    expect(parseIni('[s]\n\u001C\nk = v\u0085\n')).toEqual({s: {k: 'v'}})
    expect(parseIni('[s]\nk = \uFEFFv\uFEFF\n')).toEqual({s: {k: '\uFEFFv\uFEFF'}})
    expect(parseIni('[s]\nk = first\n\u3000\u3000second\n')).toEqual({s: {k: 'first\nsecond'}})
  })

  it('reads a line separator (U+2028) inside a value or a section name as any other character', () => {
    expect(parseIni('[s]\nk = a\u2028b\n[a\u2028b]\n')).toEqual({'a\u2028b': {}, s: {k: 'a\u2028b'}})
  })

  it('keeps integer-like sections and keys in file order, and writes them back in that order', () => {
    const doc = parseIni('[b]\nz = 1\n1 = 2\n[2]\n')
    expect(Object.keys(doc)).toEqual(['b', '2'])
    expect(Object.keys(doc.b)).toEqual(['z', '1'])
    expect(serializeIni(doc)).toBe('[b]\nz = 1\n1 = 2\n\n[2]\n\n')
  })

  it('refuses a key before any section, naming the line', () => {
    expect(() => parseIni('garbage\n[cloud]\n')).toThrow(new IniSyntaxError('File contains no section headers', 1, 'garbage'))
    expect(() => parseIni('garbage\n[cloud]\n')).toThrow("File contains no section headers (line 1: 'garbage')")
  })

  it('refuses a line that is neither a header nor key = value', () => {
    expect(() => parseIni('[s]\nk = v\njust words\n')).toThrow("(line 3: 'just words')")
    expect(() => parseIni('[s]\n= v\n')).toThrow(IniSyntaxError)
  })
})

// configparser(strict=True), az's reader, raises DuplicateSectionError / DuplicateOptionError for these.
describe('parseIni refuses what strict configparser refuses', () => {
  it('a section named twice, with both lines', () => {
    expect(() => parseIni('[cloud]\nname = AzureCloud\n\n[core]\noutput = json\n\n[cloud]\nname = AzureChinaCloud\n')).toThrow(
      new IniDuplicateError('cloud', undefined, 7, 1),
    )
    expect(() => parseIni('[cloud]\n[cloud]\n')).toThrow("section 'cloud' already exists (line 2; first at line 1)")
  })

  it('a key set twice in one section, in any case and with either delimiter', () => {
    expect(() => parseIni('[core]\noutput = json\nOutput: table\n')).toThrow(new IniDuplicateError('core', 'output', 3, 2))
    expect(() => parseIni('[core]\noutput = json\nOutput: table\n')).toThrow(
      "option 'output' in section 'core' already exists (line 3; first at line 2)",
    )
  })

  it('a key set twice in [DEFAULT], even across two [DEFAULT] headers, which are allowed', () => {
    expect(parseIni('[DEFAULT]\nx = 1\n[DEFAULT]\ny = 2\n')).toEqual({DEFAULT: {x: '1', y: '2'}})
    expect(() => parseIni('[DEFAULT]\nx = 1\n[a]\n[DEFAULT]\nx = 2\n')).toThrow(new IniDuplicateError('DEFAULT', 'x', 5, 2))
  })

  it('takes the same key in different sections, and section names that differ in case', () => {
    expect(parseIni('[a]\nk = 1\n[b]\nk = 2\n[A]\nk = 3\n')).toEqual({A: {k: '3'}, a: {k: '1'}, b: {k: '2'}})
  })

  it('reports a repeated section or key before a bad line above it, as configparser reads on past bad lines', () => {
    expect(() => parseIni('[s]\njunk\n[s]\n')).toThrow(new IniDuplicateError('s', undefined, 3, 1))
    expect(() => parseIni('[s]\n= v\n= w\n')).toThrow(new IniDuplicateError('s', '', 3, 2))
    expect(() => parseIni('[s]\njunk\nk = v\nmore junk\n')).toThrow("(line 2: 'junk')")
  })

  it('is not fooled by a continuation line or a comment that looks like a key', () => {
    expect(parseIni('[s]\nk = a\n  k = b\n# k = c\n')).toEqual({s: {k: 'a\nk = b'}})
  })
})

describe('serializeIni writes as configparser writes', () => {
  it('writes key = value, a blank line after each section, and empty sections', () => {
    expect(serializeIni({cloud: {name: 'AzureCloud'}, core: {}, s: {k: ''}})).toBe('[cloud]\nname = AzureCloud\n\n[core]\n\n[s]\nk = \n\n')
  })

  it('indents continuation lines with a tab and puts DEFAULT first', () => {
    expect(serializeIni({a: {multi: 'l1\nl2'}, DEFAULT: {x: '1'}})).toBe('[DEFAULT]\nx = 1\n\n[a]\nmulti = l1\n\tl2\n\n')
  })

  it('leaves out an empty DEFAULT, as configparser does', () => {
    expect(serializeIni({a: {}, DEFAULT: {}})).toBe('[a]\n\n')
  })

  it.each([
    ['an az config file', '[cloud]\nname = AzureCloud\n\n[core]\noutput = table\nonly_show_errors = YES\n\n[defaults]\ngroup = myrg\n\n'],
    ['multi-line values with blank lines', '[s]\nk = first\n\t\n\tsecond\nj = 100%%\n\n'],
    ['DEFAULT and empty sections', '[DEFAULT]\nx = 1\n\n[a]\n\n[b]\ny = 2\n\n'],
  ])('round-trips %s byte for byte', (_name, text) => {
    expect(serializeIni(parseIni(text))).toBe(text)
  })
})

describe('sectionView', () => {
  const doc = parseIni('[DEFAULT]\nx = 1\nz = 0\n[a]\ny = 2\nx = 3\n')

  it('puts DEFAULT keys first and lets the section override them', () => {
    const view = sectionView(doc, 'a')
    expect(view).toEqual({x: '3', y: '2', z: '0'})
    expect(Object.keys(view ?? {})).toEqual(['x', 'z', 'y'])
  })

  it('has nothing for a missing section, even with DEFAULT keys', () => {
    expect(sectionView(doc, 'missing')).toBeUndefined()
  })

  it('gives DEFAULT its own keys', () => {
    expect(sectionView(doc, 'DEFAULT')).toEqual({x: '1', z: '0'})
  })
})
