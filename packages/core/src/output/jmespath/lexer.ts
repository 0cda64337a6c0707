/**
 * The tokens of a JMESPath expression, split as Python jmespath's lexer splits them: ASCII
 * identifiers, quoted identifiers and JSON literals read by Python's json rules, raw strings with
 * only `\'` unescaped, integers of any size, and the operators.
 */
import {JmesPathSyntaxError} from './errors.js'
import {parseJsonLiteral, parseJsonString} from './json.js'
import {pythonLstrip} from '../../python/text.js'

export type TokenType =
  | 'dot'
  | 'star'
  | 'rbracket'
  | 'comma'
  | 'colon'
  | 'current'
  | 'lparen'
  | 'rparen'
  | 'lbrace'
  | 'rbrace'
  | 'unquoted_identifier'
  | 'quoted_identifier'
  | 'flatten'
  | 'filter'
  | 'lbracket'
  | 'literal'
  | 'number'
  | 'pipe'
  | 'or'
  | 'and'
  | 'expref'
  | 'lt'
  | 'lte'
  | 'gt'
  | 'gte'
  | 'eq'
  | 'ne'
  | 'not'
  | 'eof'

export interface Token {
  type: TokenType
  value: unknown
  start: number
}

const SIMPLE: Record<string, TokenType> = {
  '(': 'lparen',
  ')': 'rparen',
  ',': 'comma',
  '.': 'dot',
  ':': 'colon',
  '@': 'current',
  ']': 'rbracket',
  '*': 'star',
  '{': 'lbrace',
  '}': 'rbrace',
}
const START_IDENTIFIER = /[A-Za-z_]/
const IDENTIFIER = /[A-Za-z0-9_]/
const DIGIT = /[0-9]/
const WHITESPACE = new Set([' ', '\t', '\n', '\r'])
/** Operators of one character, or two when the second is the one given. */
const PAIRS: Record<string, [second: string, pair: TokenType, single: TokenType]> = {
  '!': ['=', 'ne', 'not'],
  '&': ['&', 'and', 'expref'],
  '<': ['=', 'lte', 'lt'],
  '>': ['=', 'gte', 'gt'],
  '|': ['|', 'or', 'pipe'],
}

/** The expression's tokens, ending with 'eof'. Positions count code points, as Python's do. */
export function tokenize(expression: string): Token[] {
  if (expression === '') throw new JmesPathSyntaxError('Invalid JMESPath expression: cannot be empty.')
  const chars = [...expression]
  const tokens: Token[] = []
  let position = 0
  while (position < chars.length) {
    const char = chars[position]
    const start = position
    if (SIMPLE[char]) {
      tokens.push({start, type: SIMPLE[char], value: char})
      position++
    } else if (START_IDENTIFIER.test(char)) {
      while (position < chars.length && IDENTIFIER.test(chars[position])) position++
      tokens.push({start, type: 'unquoted_identifier', value: chars.slice(start, position).join('')})
    } else if (WHITESPACE.has(char)) {
      position++
    } else if (char === '[') {
      const next = chars[position + 1]
      if (next === ']' || next === '?') {
        tokens.push({start, type: next === ']' ? 'flatten' : 'filter', value: `[${next}`})
        position += 2
      } else {
        tokens.push({start, type: 'lbracket', value: '['})
        position++
      }
    } else if (char === "'") {
      const [raw, end] = consumeUntil(chars, position, "'")
      tokens.push({start, type: 'literal', value: raw.replaceAll("\\'", "'")})
      position = end
    } else if (char === '`') {
      const [raw, end] = consumeUntil(chars, position, '`')
      tokens.push({start, type: 'literal', value: literal(raw.replaceAll('\\`', '`'))})
      position = end
    } else if (char === '"') {
      const [raw, end] = consumeUntil(chars, position, '"')
      tokens.push({start, type: 'quoted_identifier', value: quotedIdentifier(raw)})
      position = end
    } else if (DIGIT.test(char) || char === '-') {
      position++
      while (position < chars.length && DIGIT.test(chars[position])) position++
      const digits = chars.slice(start, position).join('')
      if (digits === '-') throw new JmesPathSyntaxError("Unknown token '-'")
      tokens.push({start, type: 'number', value: Number(digits)})
    } else if (PAIRS[char]) {
      const [second, pair, single] = PAIRS[char]
      const paired = chars[position + 1] === second
      tokens.push({start, type: paired ? pair : single, value: paired ? char + second : char})
      position += paired ? 2 : 1
    } else if (char === '=' && chars[position + 1] === '=') {
      tokens.push({start, type: 'eq', value: '=='})
      position += 2
    } else {
      throw new JmesPathSyntaxError(`Unknown token ${char}`)
    }
  }

  tokens.push({start: chars.length, type: 'eof', value: ''})
  return tokens
}

/**
 * The text up to the closing delimiter, where a backslash keeps itself and the character after
 * it (the delimiter included), and the position after the delimiter.
 */
function consumeUntil(chars: string[], start: number, delimiter: string): [string, number] {
  let text = ''
  let position = start + 1
  while (chars[position] !== delimiter) {
    if (chars[position] === '\\') {
      text += '\\'
      position++
    }

    if (position >= chars.length) throw new JmesPathSyntaxError(`Unclosed ${delimiter} delimiter`)
    text += chars[position]
    position++
  }

  return [text, position + 1]
}

/** A `literal`: JSON, or else (a deprecated form) the text read as the inside of a JSON string. */
function literal(text: string): unknown {
  try {
    return parseJsonLiteral(text)
  } catch {
    try {
      return parseJsonString(`"${pythonLstrip(text)}"`)
    } catch {
      throw new JmesPathSyntaxError(`Bad token ${text}`)
    }
  }
}

function quotedIdentifier(text: string): string {
  try {
    return parseJsonString(`"${text}"`)
  } catch (error) {
    throw new JmesPathSyntaxError((error as Error).message)
  }
}
