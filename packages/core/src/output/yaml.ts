/**
 * `-o yaml`: PyYAML's safe_dump(default_flow_style=False, allow_unicode=True), as knack calls it.
 *
 * This follows PyYAML's emitter step by step (indentation, the choice between plain, single- and
 * double-quoted scalars, folding long scalars at 80 columns, `...` after a plain scalar at the
 * root) for the JSON-like data commands return. Keys are sorted, as safe_dump sorts them. Columns
 * count code points, as Python does.
 */
import {floatRepr} from '../python/text.js'
import {sharedObjectsAreReal} from './shared-objects.js'
import {isDict, isInt, jsonValue, listItems, sortedEntries} from './values.js'
import {looksLikeNonString} from './yaml-resolver.js'

/** The text `az -o yaml` prints for `data`. */
export function formatYaml(data: unknown): string {
  return new YamlEmitter(sharedObjectsAreReal(data) ? findAnchors(data) : new Map()).dump(data)
}

/**
 * PyYAML's anchors: a list or dict met a second time (walking the sorted document) gets the
 * next name, id001, id002, ...
 */
function findAnchors(data: unknown): Map<object, string> {
  const seen = new Set<object>()
  const anchors = new Map<object, string>()
  const visit = (value: unknown): void => {
    const plain = jsonValue(value)
    if (typeof plain !== 'object' || plain === null) return
    if (seen.has(plain)) {
      if (!anchors.has(plain)) anchors.set(plain, `id${String(anchors.size + 1).padStart(3, '0')}`)
      return
    }

    seen.add(plain)
    if (Array.isArray(plain)) listItems(plain).forEach(visit)
    else if (isDict(plain)) for (const [, item] of sortedEntries(plain)) visit(item)
  }

  visit(data)
  return anchors
}

const BEST_INDENT = 2
const BEST_WIDTH = 80
// A key's tag ('!!str') counts towards the 128 characters a simple key may have, though it is never written.
const KEY_TAG_LENGTH = 5
const BREAKS = '\n\u0085\u2028\u2029'
const SPACES_AND_BREAKS = `\0 \t\r${BREAKS}`
const ESCAPES: Record<string, string> = {
  '\0': '0',
  '\u0007': 'a',
  '\b': 'b',
  '\t': 't',
  '\n': 'n',
  '\v': 'v',
  '\f': 'f',
  '\r': 'r',
  '\u001B': 'e',
  '"': '"',
  '\\': '\\',
  '\u0085': 'N',
  '\u00A0': '_',
  '\u2028': 'L',
  '\u2029': 'P',
}

interface Analysis {
  chars: string[]
  empty: boolean
  multiline: boolean
  allowFlowPlain: boolean
  allowBlockPlain: boolean
  allowSingleQuoted: boolean
}

type ScalarStyle = '"' | "'" | ''

interface NodeContext {
  root?: boolean
  mapping?: boolean
  simpleKey?: boolean
}

class YamlEmitter {
  private readonly written = new Set<object>()
  private out = ''
  private readonly indents: (number | undefined)[] = []
  private indent: number | undefined
  private flowLevel = 0
  private rootContext = false
  private mappingContext = false
  private simpleKeyContext = false
  private column = 0
  private whitespace = true
  private indention = true
  private openEnded = false

  constructor(private readonly anchors: Map<object, string>) {}

  dump(data: unknown): string {
    this.node(data, {root: true})
    this.writeIndent()
    // A plain scalar at the root leaves the document open-ended, so PyYAML closes it with '...'.
    if (this.openEnded) {
      this.writeIndicator('...', true)
      this.writeIndent()
    }

    return this.out
  }

  private node(value: unknown, context: NodeContext): void {
    this.rootContext = context.root ?? false
    this.mappingContext = context.mapping ?? false
    this.simpleKeyContext = context.simpleKey ?? false
    const plain = jsonValue(value)
    const anchor = typeof plain === 'object' && plain !== null ? this.anchors.get(plain) : undefined
    if (anchor !== undefined) {
      // The first time the object is written in full under its anchor; after that by alias.
      if (this.written.has(plain as object)) {
        this.writeIndicator(`*${anchor}`, true)
        return
      }

      this.written.add(plain as object)
      this.writeIndicator(`&${anchor}`, true)
    }

    if (Array.isArray(plain)) {
      const items = listItems(plain)
      if (items.length === 0) this.emptyCollection('[', ']')
      else this.blockSequence(items)
    } else if (isDict(plain)) {
      const entries = sortedEntries(plain)
      if (entries.length === 0) this.emptyCollection('{', '}')
      else this.blockMapping(entries)
    } else {
      this.scalar(plain)
    }
  }

  private emptyCollection(open: string, close: string): void {
    this.writeIndicator(open, true, true)
    this.flowLevel++
    this.increaseIndent(true)
    this.indent = this.indents.pop()
    this.flowLevel--
    this.writeIndicator(close, false)
  }

  private blockSequence(items: unknown[]): void {
    // A sequence directly under a mapping key is not indented further ("key:\n- item").
    this.increaseIndent(false, this.mappingContext && !this.indention)
    for (const item of items) {
      this.writeIndent()
      this.writeIndicator('-', true, false, true)
      this.node(item, {})
    }

    this.indent = this.indents.pop()
  }

  private blockMapping(entries: [string, unknown][]): void {
    this.increaseIndent(false)
    for (const [key, value] of entries) {
      this.writeIndent()
      const analysis = analyzeScalar(key)
      const simple = KEY_TAG_LENGTH + analysis.chars.length < 128 && !analysis.empty && !analysis.multiline
      if (simple) {
        this.node(key, {mapping: true, simpleKey: true})
        this.writeIndicator(':', false)
      } else {
        this.writeIndicator('?', true, false, true)
        this.node(key, {mapping: true})
        this.writeIndent()
        this.writeIndicator(':', true, false, true)
      }

      this.node(value, {mapping: true})
    }

    this.indent = this.indents.pop()
  }

  private scalar(value: unknown): void {
    const {text, implicit} = scalarText(value)
    const analysis = analyzeScalar(text)
    const style = this.chooseStyle(analysis, implicit)
    this.increaseIndent(true)
    const split = !this.simpleKeyContext
    if (style === '"') this.writeDoubleQuoted(analysis.chars, split)
    else if (style === "'") this.writeSingleQuoted(analysis.chars, split)
    else this.writePlain(analysis.chars, split)
    this.indent = this.indents.pop()
  }

  private chooseStyle(analysis: Analysis, implicit: boolean): ScalarStyle {
    const plainAllowed = this.flowLevel ? analysis.allowFlowPlain : analysis.allowBlockPlain
    if (implicit && !(this.simpleKeyContext && (analysis.empty || analysis.multiline)) && plainAllowed) return ''
    if (analysis.allowSingleQuoted && !(this.simpleKeyContext && analysis.multiline)) return "'"
    return '"'
  }

  private increaseIndent(flow: boolean, indentless = false): void {
    this.indents.push(this.indent)
    if (this.indent === undefined) this.indent = flow ? BEST_INDENT : 0
    else if (!indentless) this.indent += BEST_INDENT
  }

  private write(chars: string[] | string): void {
    const text = typeof chars === 'string' ? chars : chars.join('')
    this.column += typeof chars === 'string' ? [...chars].length : chars.length
    this.out += text
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, whitespace = false, indention = false): void {
    const data = this.whitespace || !needWhitespace ? indicator : ` ${indicator}`
    this.whitespace = whitespace
    this.indention = this.indention && indention
    this.openEnded = false
    this.write(data)
  }

  private writeIndent(): void {
    const indent = this.indent ?? 0
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.writeLineBreak()
    if (this.column < indent) {
      this.whitespace = true
      this.write(' '.repeat(indent - this.column))
    }
  }

  private writeLineBreak(data = '\n'): void {
    this.whitespace = true
    this.indention = true
    this.column = 0
    this.out += data
  }

  private writeBreaks(chars: string[]): void {
    if (chars[0] === '\n') this.writeLineBreak()
    for (const br of chars) this.writeLineBreak(br)
  }

  private writePlain(chars: string[], split: boolean): void {
    if (this.rootContext) this.openEnded = true
    if (chars.length === 0) return
    if (!this.whitespace) this.write(' ')
    this.whitespace = false
    this.indention = false
    let spaces = false
    let breaks = false
    let start = 0
    for (let end = 0; end <= chars.length; end++) {
      const ch = end < chars.length ? chars[end] : undefined
      if (spaces) {
        if (ch !== ' ') {
          if (start + 1 === end && this.column > BEST_WIDTH && split) {
            this.writeIndent()
            this.whitespace = false
            this.indention = false
          } else {
            this.write(chars.slice(start, end))
          }

          start = end
        }
      } else if (breaks) {
        if (ch === undefined || !BREAKS.includes(ch)) {
          this.writeBreaks(chars.slice(start, end))
          this.writeIndent()
          this.whitespace = false
          this.indention = false
          start = end
        }
      } else if (ch === undefined || ` ${BREAKS}`.includes(ch)) {
        this.write(chars.slice(start, end))
        start = end
      }

      if (ch !== undefined) {
        spaces = ch === ' '
        breaks = BREAKS.includes(ch)
      }
    }
  }

  private writeSingleQuoted(chars: string[], split: boolean): void {
    this.writeIndicator("'", true)
    let spaces = false
    let breaks = false
    let start = 0
    for (let end = 0; end <= chars.length; end++) {
      const ch = end < chars.length ? chars[end] : undefined
      if (spaces) {
        if (ch !== ' ') {
          if (start + 1 === end && this.column > BEST_WIDTH && split && start !== 0 && end !== chars.length) {
            this.writeIndent()
          } else {
            this.write(chars.slice(start, end))
          }

          start = end
        }
      } else if (breaks) {
        if (ch === undefined || !BREAKS.includes(ch)) {
          this.writeBreaks(chars.slice(start, end))
          this.writeIndent()
          start = end
        }
      } else if ((ch === undefined || ` ${BREAKS}'`.includes(ch)) && start < end) {
        this.write(chars.slice(start, end))
        start = end
      }

      if (ch === "'") {
        this.write("''")
        start = end + 1
      }

      if (ch !== undefined) {
        spaces = ch === ' '
        breaks = BREAKS.includes(ch)
      }
    }

    this.writeIndicator("'", false)
  }

  private writeDoubleQuoted(chars: string[], split: boolean): void {
    this.writeIndicator('"', true)
    let start = 0
    for (let end = 0; end <= chars.length; end++) {
      const ch = end < chars.length ? chars[end] : undefined
      if (ch === undefined || needsEscape(ch)) {
        if (start < end) {
          this.write(chars.slice(start, end))
          start = end
        }

        if (ch !== undefined) {
          this.write(escape(ch))
          start = end + 1
        }
      }

      // Long lines fold at a space (or between escapes), with a backslash so no space is lost.
      if (end > 0 && end < chars.length - 1 && (ch === ' ' || start >= end) && this.column + (end - start) > BEST_WIDTH && split) {
        this.write([...chars.slice(start, end), '\\'])
        if (start < end) start = end
        this.writeIndent()
        this.whitespace = false
        this.indention = false
        if (chars[start] === ' ') this.write('\\')
      }
    }

    this.writeIndicator('"', false)
  }
}

/** The text of a scalar and whether it may be written plain without changing its type. */
function scalarText(value: unknown): {text: string; implicit: boolean} {
  if (value === null || value === undefined) return {text: 'null', implicit: true}
  if (typeof value === 'boolean') return {text: value ? 'true' : 'false', implicit: true}
  if (typeof value === 'bigint') return {text: value.toString(), implicit: true}
  if (typeof value === 'number') return {text: floatText(value), implicit: true}
  const text = String(value)
  return {text, implicit: !looksLikeNonString(text)}
}

/** PyYAML's represent_int / represent_float. */
function floatText(value: number): string {
  if (isInt(value)) return String(value)
  if (Number.isNaN(value)) return '.nan'
  if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf'
  const text = floatRepr(value).toLowerCase()
  return !text.includes('.') && text.includes('e') ? text.replace('e', '.0e') : text
}

function needsEscape(ch: string): boolean {
  if ('"\\\u0085\u2028\u2029\uFEFF'.includes(ch)) return true
  const code = ch.codePointAt(0)!
  // allow_unicode keeps the BMP's printable characters; anything beyond the BMP is escaped.
  return !((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd))
}

function escape(ch: string): string {
  const named = ESCAPES[ch]
  if (named) return `\\${named}`
  const code = ch.codePointAt(0)!
  if (code <= 0xff) return `\\x${hexUpper(code, 2)}`
  if (code <= 0xffff) return `\\u${hexUpper(code, 4)}`
  return `\\U${hexUpper(code, 8)}`
}

function hexUpper(code: number, width: number): string {
  return code.toString(16).toUpperCase().padStart(width, '0')
}

/** PyYAML's analyze_scalar: which styles can hold `text` faithfully. */
function analyzeScalar(text: string): Analysis {
  const chars = [...text]
  if (chars.length === 0) {
    return {chars, empty: true, multiline: false, allowFlowPlain: false, allowBlockPlain: true, allowSingleQuoted: true}
  }

  let blockIndicators = text.startsWith('---') || text.startsWith('...')
  let flowIndicators = blockIndicators
  let lineBreaks = false
  let specialCharacters = false
  let leadingSpace = false
  let leadingBreak = false
  let trailingSpace = false
  let trailingBreak = false
  let breakSpace = false
  let spaceBreak = false
  let precededByWhitespace = true
  let followedByWhitespace = chars.length === 1 || SPACES_AND_BREAKS.includes(chars[1])
  let previousSpace = false
  let previousBreak = false
  const last = chars.length - 1

  for (let index = 0; index < chars.length; index++) {
    const ch = chars[index]
    if (index === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(ch)) {
        flowIndicators = true
        blockIndicators = true
      }

      if ('?:'.includes(ch)) {
        flowIndicators = true
        if (followedByWhitespace) blockIndicators = true
      }

      if (ch === '-' && followedByWhitespace) {
        flowIndicators = true
        blockIndicators = true
      }
    } else {
      if (',?[]{}'.includes(ch)) flowIndicators = true
      if (ch === ':') {
        flowIndicators = true
        if (followedByWhitespace) blockIndicators = true
      }

      if (ch === '#' && precededByWhitespace) {
        flowIndicators = true
        blockIndicators = true
      }
    }

    if (BREAKS.includes(ch)) lineBreaks = true
    const code = ch.codePointAt(0)!
    if (!(ch === '\n' || (code >= 0x20 && code <= 0x7e))) {
      const unicode = code === 0x85 || (code >= 0xa0 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code < 0x10ffff)
      // With allow_unicode, printable non-ASCII is fine; everything else needs double quotes.
      if (!unicode || ch === '\uFEFF') specialCharacters = true
    }

    if (ch === ' ') {
      if (index === 0) leadingSpace = true
      if (index === last) trailingSpace = true
      if (previousBreak) breakSpace = true
      previousSpace = true
      previousBreak = false
    } else if (BREAKS.includes(ch)) {
      if (index === 0) leadingBreak = true
      if (index === last) trailingBreak = true
      if (previousSpace) spaceBreak = true
      previousSpace = false
      previousBreak = true
    } else {
      previousSpace = false
      previousBreak = false
    }

    precededByWhitespace = SPACES_AND_BREAKS.includes(ch)
    followedByWhitespace = index + 2 >= chars.length || SPACES_AND_BREAKS.includes(chars[index + 2])
  }

  let allowFlowPlain = true
  let allowBlockPlain = true
  let allowSingleQuoted = true
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) allowFlowPlain = allowBlockPlain = false
  if (breakSpace) allowFlowPlain = allowBlockPlain = allowSingleQuoted = false
  if (spaceBreak || specialCharacters) allowFlowPlain = allowBlockPlain = allowSingleQuoted = false
  if (lineBreaks) allowFlowPlain = allowBlockPlain = false
  if (flowIndicators) allowFlowPlain = false
  if (blockIndicators) allowBlockPlain = false
  return {chars, empty: false, multiline: lineBreaks, allowFlowPlain, allowBlockPlain, allowSingleQuoted}
}
