/**
 * pygments' YamlLexer (2.14), which knack uses for yamlc, with the ExtendedRegexLexer engine
 * that runs it: states of regular-expression rules, callbacks that track indentation, and a
 * fallback that resets to 'root' at each unmatched line end. The patterns are pygments' own,
 * rewritten for JavaScript: Python's multiline `^` and `$` and its Unicode `\s` spelled out.
 */
import {PYTHON_WHITESPACE} from '../python/text.js'
import type {Token} from './terminal-colors.js'

// Python's \s (str.isspace), for use inside a character class.
const S = PYTHON_WHITESPACE
// Python's \w.
const W = '\\p{L}\\p{N}_'
// Python's `$` under re.MULTILINE: before a newline or at the end.
const EOL = '(?=\\n|(?![^]))'
// Python's `^` under re.MULTILINE: at the start or after a newline.
const BOL = '(?<![^\\n])'

interface Context {
  text: string
  pos: number
  stack: string[]
  indentStack: number[]
  indent: number
  nextIndent: number
  blockScalarIndent: number | undefined
}

/** The part of a match a callback sees (a whole match, or one group of it under bygroups). */
interface Matched {
  text: string
  start: number
  group(index: number): string | undefined
}

type Callback = (match: Matched, context: Context) => Token[]
type Action = Callback | string | undefined
/** A negative number pops that many states; an array pushes them. */
type Transition = number | string[] | undefined

interface Rule {
  pattern: RegExp
  action: Action
  next: Transition
}

function rule(source: string, action: Action, next?: Transition | string): Rule {
  return {action, next: typeof next === 'string' ? [next] : next, pattern: new RegExp(source, 'duy')}
}

function something(type: string): Callback {
  return (match, context) => {
    if (!match.text) return []
    context.pos = match.start + match.text.length
    return [[type, match.text]]
  }
}

function resetIndent(type: string): Callback {
  return (match, context) => {
    context.indentStack = []
    context.indent = -1
    context.nextIndent = 0
    context.blockScalarIndent = undefined
    context.pos = match.start + match.text.length
    return [[type, match.text]]
  }
}

function saveIndent(type: string, start = false): Callback {
  return (match, context) => {
    let text = match.text
    let extra = ''
    if (start) {
      context.nextIndent = text.length
      if (context.nextIndent < context.indent) {
        while (context.nextIndent < context.indent) context.indent = context.indentStack.pop()!
        if (context.nextIndent > context.indent) {
          extra = text.slice(context.indent)
          text = text.slice(0, context.indent)
        }
      }
    } else {
      context.nextIndent += text.length
    }

    const tokens: Token[] = []
    if (text) tokens.push([type, text])
    if (extra) tokens.push([`${type}.Error`, extra])
    context.pos = match.start + match.text.length
    return tokens
  }
}

function setIndent(type: string, implicit = false): Callback {
  return (match, context) => {
    if (context.indent < context.nextIndent) {
      context.indentStack.push(context.indent)
      context.indent = context.nextIndent
    }

    if (!implicit) context.nextIndent += match.text.length
    context.pos = match.start + match.text.length
    return [[type, match.text]]
  }
}

function setBlockScalarIndent(type: string): Callback {
  return (match, context) => {
    context.blockScalarIndent = undefined
    if (!match.text) return []
    const increment = match.group(1)
    if (increment) context.blockScalarIndent = Math.max(context.indent, 0) + Number(increment)
    context.pos = match.start + match.text.length
    return [[type, match.text]]
  }
}

function parseBlockScalarEmptyLine(indentType: string, contentType: string): Callback {
  return (match, context) => {
    const text = match.text
    const tokens: Token[] = []
    const indent = context.blockScalarIndent
    if (indent === undefined || text.length <= indent) {
      if (text) tokens.push([indentType, text])
    } else {
      tokens.push([indentType, text.slice(0, indent)], [contentType, text.slice(indent)])
    }

    context.pos = match.start + text.length
    return tokens
  }
}

function parseBlockScalarIndent(type: string): Callback {
  return (match, context) => {
    const text = match.text
    if (context.blockScalarIndent === undefined) {
      if (text.length <= Math.max(context.indent, 0)) {
        context.stack.pop()
        context.stack.pop()
        return []
      }

      context.blockScalarIndent = text.length
    } else if (text.length < context.blockScalarIndent) {
      context.stack.pop()
      context.stack.pop()
      return []
    }

    if (!text) return []
    context.pos = match.start + text.length
    return [[type, text]]
  }
}

function parsePlainScalarIndent(type: string): Callback {
  return (match, context) => {
    const text = match.text
    if (text.length <= context.indent) {
      context.stack.pop()
      context.stack.pop()
      return []
    }

    if (!text) return []
    context.pos = match.start + text.length
    return [[type, text]]
  }
}

/** pygments' bygroups: one action per group; callbacks see just their group. */
function byGroups(...actions: Action[]): Callback {
  return (match, context) => {
    const tokens: Token[] = []
    const whole = match as Matched & {groupStart(index: number): number; end: number}
    actions.forEach((action, index) => {
      const data = match.group(index + 1)
      if (action === undefined || data === undefined) return
      const start = whole.groupStart(index + 1)
      if (typeof action === 'string') {
        if (data) tokens.push([action, data])
        return
      }

      context.pos = start
      tokens.push(...action({group: () => data, start, text: data}, context))
    })
    context.pos = whole.end
    return tokens
  }
}

const WHITESPACE = 'Text.Whitespace'
const INDICATOR = 'Punctuation.Indicator'
const STRING = 'Literal.String'
const PLAIN = 'Literal.Scalar.Plain'

let compiled: Record<string, Rule[]> | undefined

/** The lexer's states, compiled on first use so that loading this module costs nothing. */
function lexerStates(): Record<string, Rule[]> {
  compiled ??= buildStates()
  return compiled
}

function buildStates(): Record<string, Rule[]> {
  const descriptors = [
    rule(`!<[${W}#;/?:@&=+$,.!~*'()\\[\\]%-]+>`, 'Keyword.Type'),
    rule(`!(?:[${W}-]+!)?[${W}#;/?:@&=+$,.!~*'()\\[\\]%-]*`, 'Keyword.Type'),
    rule(`&[${W}-]+`, 'Name.Label'),
    rule(`\\*[${W}-]+`, 'Name.Variable'),
  ]

  const blockNodes = [rule(`:(?=[ ]|${EOL})`, setIndent(INDICATOR, true)), rule('[|>]', INDICATOR, ['block-scalar-content', 'block-scalar-header'])]

  const flowNodes = [
    rule('\\[', INDICATOR, 'flow-sequence'),
    rule('\\{', INDICATOR, 'flow-mapping'),
    rule("'", STRING, 'single-quoted-scalar'),
    rule('"', STRING, 'double-quoted-scalar'),
  ]

  const flowCollection = [
    rule('[ ]+', WHITESPACE),
    rule('\\n+', WHITESPACE),
    rule('#[^\\n]*', 'Comment.Single'),
    rule('[?:,]', INDICATOR),
    ...descriptors,
    ...flowNodes,
    rule(`(?=[^${S}?:,\\[\\]{}#&*!|>'"%@\`])`, something('Name.Variable'), 'plain-scalar-in-flow-context'),
  ]

  const quotedScalarWhitespaces = [
    rule(`${BOL}[ ]+`, WHITESPACE),
    rule(`[ ]+${EOL}`, WHITESPACE),
    rule('\\n+', WHITESPACE),
    rule('[ ]+', 'Name.Variable'),
  ]

  return {
    root: [
      rule(`[ ]+(?=#|${EOL})`, WHITESPACE),
      rule('\\n+', WHITESPACE),
      rule('#[^\\n]*', 'Comment.Single'),
      rule(`${BOL}%YAML(?=[ ]|${EOL})`, resetIndent('Name.Tag'), 'yaml-directive'),
      rule(`${BOL}%TAG(?=[ ]|${EOL})`, resetIndent('Name.Tag'), 'tag-directive'),
      rule(`${BOL}(?:---|\\.\\.\\.)(?=[ ]|${EOL})`, resetIndent('Name.Namespace'), 'block-line'),
      rule(`[ ]*(?![${S}]|${EOL})`, saveIndent(WHITESPACE, true), ['block-line', 'indentation']),
    ],
    'ignored-line': [rule(`[ ]+(?=#|${EOL})`, WHITESPACE), rule('#[^\\n]*', 'Comment.Single'), rule('\\n', WHITESPACE, -2)],
    'yaml-directive': [rule('([ ]+)([0-9]+\\.[0-9]+)', byGroups(WHITESPACE, 'Literal.Number'), 'ignored-line')],
    'tag-directive': [
      rule(
        `([ ]+)(!|![${W}-]*!)([ ]+)(!|!?[${W};/?:@&=+$,.!~*'()\\[\\]%-]+)`,
        byGroups(WHITESPACE, 'Keyword.Type', WHITESPACE, 'Keyword.Type'),
        'ignored-line',
      ),
    ],
    indentation: [
      rule(`[ ]*${EOL}`, something(WHITESPACE), -2),
      rule(`[ ]+(?=[?:-](?:[ ]|${EOL}))`, saveIndent(WHITESPACE)),
      rule(`[?:-](?=[ ]|${EOL})`, setIndent(INDICATOR)),
      rule('[ ]*', saveIndent(WHITESPACE), -1),
    ],
    'block-line': [
      rule(`[ ]*(?=#|${EOL})`, something(WHITESPACE), -1),
      rule('[ ]+', WHITESPACE),
      rule(`([^#,?\\[\\]{}"'\\n]+)(:)(?=[ ]|${EOL})`, byGroups('Name.Tag', setIndent('Punctuation', true))),
      ...descriptors,
      ...blockNodes,
      ...flowNodes,
      rule(`(?=[^${S}?:,\\[\\]{}#&*!|>'"%@\`-]|[?:-][^${S}])`, something('Name.Variable'), 'plain-scalar-in-block-context'),
    ],
    'flow-sequence': [...flowCollection, rule('\\]', INDICATOR, -1)],
    'flow-mapping': [
      rule(`([^,:?\\[\\]{}"'\\n]+)(:)(?=[ ]|${EOL})`, byGroups('Name.Tag', 'Punctuation')),
      ...flowCollection,
      rule('\\}', INDICATOR, -1),
    ],
    'block-scalar-content': [
      rule('\\n', WHITESPACE),
      rule(`${BOL}[ ]+${EOL}`, parseBlockScalarEmptyLine(WHITESPACE, 'Name.Constant')),
      rule(`${BOL}[ ]*`, parseBlockScalarIndent(WHITESPACE)),
      rule(`(?:[^${S}]|[\\t ])+`, 'Name.Constant'),
    ],
    'block-scalar-header': [
      rule(`([1-9])?[+-]?(?=[ ]|${EOL})`, setBlockScalarIndent(INDICATOR), 'ignored-line'),
      rule(`[+-]?([1-9])?(?=[ ]|${EOL})`, setBlockScalarIndent(INDICATOR), 'ignored-line'),
    ],
    'single-quoted-scalar': [...quotedScalarWhitespaces, rule("''", 'Literal.String.Escape'), rule(`[^${S}']+`, STRING), rule("'", STRING, -1)],
    'double-quoted-scalar': [
      ...quotedScalarWhitespaces,
      rule('\\\\[0abt\\tn\\nvfre "\\\\N_LP]', STRING),
      rule('\\\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})', 'Literal.String.Escape'),
      rule(`[^${S}"\\\\]+`, STRING),
      rule('"', STRING, -1),
    ],
    'plain-scalar-in-block-context-new-line': [
      rule(`${BOL}[ ]+${EOL}`, WHITESPACE),
      rule('\\n+', WHITESPACE),
      rule(`${BOL}(?=---|\\.\\.\\.)`, something('Name.Namespace'), -3),
      rule(`${BOL}[ ]*`, parsePlainScalarIndent(WHITESPACE), -1),
    ],
    'plain-scalar-in-block-context': [
      rule(`[ ]*(?=:[ ]|:${EOL})`, something(WHITESPACE), -1),
      rule('[ ]+(?=#)', WHITESPACE, -1),
      rule(`[ ]+${EOL}`, WHITESPACE),
      rule('\\n+', WHITESPACE, 'plain-scalar-in-block-context-new-line'),
      rule('[ ]+', PLAIN),
      rule(`(?::(?![${S}])|[^${S}:])+`, PLAIN),
    ],
    'plain-scalar-in-flow-context': [
      rule('[ ]*(?=[,:?\\[\\]{}])', something(WHITESPACE), -1),
      rule('[ ]+(?=#)', WHITESPACE, -1),
      rule(`${BOL}[ ]+`, WHITESPACE),
      rule(`[ ]+${EOL}`, WHITESPACE),
      rule('\\n+', WHITESPACE),
      rule('[ ]+', 'Name.Variable'),
      rule(`[^${S},:?\\[\\]{}]+`, 'Name.Variable'),
    ],
  }
}

/** The tokens pygments' YamlLexer yields for `text`. */
export function* yamlTokens(text: string): Generator<Token> {
  const states = lexerStates()
  const context: Context = {blockScalarIndent: undefined, indent: -1, indentStack: [], nextIndent: 0, pos: 0, stack: ['root'], text}
  let rules = states.root
  for (;;) {
    const matched = firstMatch(rules, context)
    if (!matched) {
      if (context.pos >= text.length) return
      if (text[context.pos] === '\n') {
        // An unmatched line end resets the lexer to 'root'.
        context.stack = ['root']
        rules = states.root
        yield ['Text', '\n']
        context.pos++
        continue
      }

      const char = String.fromCodePoint(text.codePointAt(context.pos)!)
      yield ['Error', char]
      context.pos += char.length
      continue
    }

    const {
      match,
      rule: {action, next},
    } = matched
    if (typeof action === 'string') {
      yield [action, match[0]]
      context.pos = match.index + match[0].length
    } else if (action) {
      yield* action(wrap(match), context)
      if (next === undefined) rules = states[context.stack[context.stack.length - 1]]
    }

    if (next !== undefined) {
      transition(context, next)
      rules = states[context.stack[context.stack.length - 1]]
    }
  }
}

function firstMatch(rules: Rule[], context: Context): {match: RegExpExecArray; rule: Rule} | undefined {
  for (const candidate of rules) {
    candidate.pattern.lastIndex = context.pos
    const match = candidate.pattern.exec(context.text)
    if (match) return {match, rule: candidate}
  }

  return undefined
}

function transition(context: Context, next: number | string[]): void {
  if (typeof next === 'number') {
    // pygments keeps the bottom state however far a rule pops.
    if (-next >= context.stack.length) context.stack.length = 1
    else context.stack.length += next
    return
  }

  for (const state of next) context.stack.push(state)
}

function wrap(match: RegExpExecArray): Matched & {groupStart(index: number): number; end: number} {
  return {
    end: match.index + match[0].length,
    group: (index) => match[index],
    groupStart: (index) => match.indices![index]![0],
    start: match.index,
    text: match[0],
  }
}
