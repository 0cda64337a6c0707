/**
 * pygments' JsonLexer (2.14), which knack uses for jsonc: strings followed by ':' are keys
 * (Name.Tag), other strings Literal.String.Double; runs of punctuation and of whitespace are
 * single tokens; numbers, constants and comments as pygments scans them.
 */
import type {Token} from './terminal-colors.js'

const INTEGERS = new Set('-0123456789')
const FLOATS = new Set('.eE+')
const CONSTANTS = new Set('truefalsenull')
const HEXADECIMALS = new Set('0123456789abcdefABCDEF')
const PUNCTUATIONS = new Set('{}[],')
const WHITESPACES = new Set(' \n\r\t')

const STRING = 'Literal.String.Double'
const WHITESPACE = 'Text.Whitespace'

/** The tokens pygments' JsonLexer yields for `text`. */
export function* jsonTokens(text: string): Generator<Token> {
  let inString = false
  let inEscape = false
  let inUnicodeEscape = 0
  let inWhitespace = false
  let inConstant = false
  let inNumber = false
  let inFloat = false
  let inPunctuation = false
  let inCommentSingle = false
  let inCommentMultiline = false
  let expectingSecondCommentOpener = false
  let expectingSecondCommentCloser = false
  let start = 0
  // Strings (and the whitespace or comments after them) wait here until we know whether a ':' follows.
  let queue: Token[] = []

  for (let stop = 0; stop < text.length; stop++) {
    const character = text[stop]
    if (inString) {
      if (inUnicodeEscape) {
        if (HEXADECIMALS.has(character)) {
          inUnicodeEscape--
          if (!inUnicodeEscape) inEscape = false
        } else {
          inUnicodeEscape = 0
          inEscape = false
        }
      } else if (inEscape) {
        if (character === 'u') inUnicodeEscape = 4
        else inEscape = false
      } else if (character === '\\') {
        inEscape = true
      } else if (character === '"') {
        queue.push([STRING, text.slice(start, stop + 1)])
        inString = false
        inEscape = false
        inUnicodeEscape = 0
      }

      continue
    } else if (inWhitespace) {
      if (WHITESPACES.has(character)) continue
      if (queue.length > 0) queue.push([WHITESPACE, text.slice(start, stop)])
      else yield [WHITESPACE, text.slice(start, stop)]
      inWhitespace = false
    } else if (inConstant) {
      if (CONSTANTS.has(character)) continue
      yield ['Keyword.Constant', text.slice(start, stop)]
      inConstant = false
    } else if (inNumber) {
      if (INTEGERS.has(character)) continue
      if (FLOATS.has(character)) {
        inFloat = true
        continue
      }

      yield [inFloat ? 'Literal.Number.Float' : 'Literal.Number.Integer', text.slice(start, stop)]
      inNumber = false
      inFloat = false
    } else if (inPunctuation) {
      if (PUNCTUATIONS.has(character)) continue
      yield ['Punctuation', text.slice(start, stop)]
      inPunctuation = false
    } else if (inCommentSingle) {
      if (character !== '\n') continue
      if (queue.length > 0) queue.push(['Comment.Single', text.slice(start, stop)])
      else yield ['Comment.Single', text.slice(start, stop)]
      inCommentSingle = false
    } else if (inCommentMultiline) {
      if (character === '*') {
        expectingSecondCommentCloser = true
      } else if (expectingSecondCommentCloser) {
        expectingSecondCommentCloser = false
        if (character === '/') {
          if (queue.length > 0) queue.push(['Comment.Multiline', text.slice(start, stop + 1)])
          else yield ['Comment.Multiline', text.slice(start, stop + 1)]
          inCommentMultiline = false
        }
      }

      continue
    } else if (expectingSecondCommentOpener) {
      expectingSecondCommentOpener = false
      if (character === '/') {
        inCommentSingle = true
        continue
      } else if (character === '*') {
        inCommentMultiline = true
        continue
      }

      yield* queue
      queue = []
      yield ['Error', text.slice(start, stop)]
    }

    start = stop
    if (character === '"') {
      inString = true
    } else if (WHITESPACES.has(character)) {
      inWhitespace = true
    } else if (character === 'f' || character === 'n' || character === 't') {
      yield* queue
      queue = []
      inConstant = true
    } else if (INTEGERS.has(character)) {
      yield* queue
      queue = []
      inNumber = true
    } else if (character === ':') {
      // The queued strings turn out to be keys.
      for (const [type, value] of queue) yield [type === STRING ? 'Name.Tag' : type, value]
      queue = []
      inPunctuation = true
    } else if (PUNCTUATIONS.has(character)) {
      yield* queue
      queue = []
      inPunctuation = true
    } else if (character === '/') {
      expectingSecondCommentOpener = true
    } else {
      yield* queue
      queue = []
      yield ['Error', character]
    }
  }

  yield* queue
  const rest = text.slice(start)
  if (inString) yield ['Error', rest]
  else if (inFloat) yield ['Literal.Number.Float', rest]
  else if (inNumber) yield ['Literal.Number.Integer', rest]
  else if (inConstant) yield ['Keyword.Constant', rest]
  else if (inWhitespace) yield [WHITESPACE, rest]
  else if (inPunctuation) yield ['Punctuation', rest]
  else if (inCommentSingle) yield ['Comment.Single', rest]
  else if (inCommentMultiline || expectingSecondCommentOpener) yield ['Error', rest]
}
