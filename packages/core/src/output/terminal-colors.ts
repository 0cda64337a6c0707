/**
 * pygments' highlight(text, lexer, TerminalFormatter()) as knack calls it for jsonc and yamlc:
 * the lexer's input clean-up, then every token wrapped in the ANSI colour of its type (light
 * background scheme), line by line, so each line ends its own colours.
 */
import {pythonSplitlines} from '../python/text.js'

/** A token type as pygments names it below `Token`, e.g. 'Literal.String.Double', and its text. */
export type Token = readonly [type: string, text: string]

// TerminalFormatter's TERMINAL_COLORS, light-background column; a type without an entry takes its parent's.
const TOKEN_COLORS: Record<string, string> = {
  '': '',
  'Text.Whitespace': 'gray',
  Comment: 'gray',
  'Comment.Preproc': 'cyan',
  Keyword: 'blue',
  'Keyword.Type': 'cyan',
  'Operator.Word': 'magenta',
  'Name.Builtin': 'cyan',
  'Name.Function': 'green',
  'Name.Namespace': '_cyan_',
  'Name.Class': '_green_',
  'Name.Exception': 'cyan',
  'Name.Decorator': 'brightblack',
  'Name.Variable': 'red',
  'Name.Constant': 'red',
  'Name.Attribute': 'cyan',
  'Name.Tag': 'brightblue',
  'Literal.String': 'yellow',
  'Literal.Number': 'blue',
  'Generic.Deleted': 'brightred',
  'Generic.Inserted': 'green',
  'Generic.Heading': '**',
  'Generic.Subheading': '*magenta*',
  'Generic.Prompt': '**',
  'Generic.Error': 'brightred',
  Error: '_brightred_',
}

const ESC = '\u001B['
const RESET = `${ESC}39;49;00m`
const CODES: Record<string, string> = {'': '', bold: `${ESC}01m`, underline: `${ESC}04m`, blink: `${ESC}05m`}
for (const [index, name] of ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'gray'].entries()) CODES[name] = `${ESC}${30 + index}m`
for (const [index, name] of [
  'brightblack',
  'brightred',
  'brightgreen',
  'brightyellow',
  'brightblue',
  'brightmagenta',
  'brightcyan',
  'white',
].entries()) {
  CODES[name] = `${ESC}${90 + index}m`
}

CODES.white = CODES.bold

/** What pygments does to text before lexing: no BOM, '\n' line ends, no blank lines around, a final newline. */
export function prepareForLexer(text: string): string {
  const trimmed = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/^\n+|\n+$/g, '')
  return `${trimmed}\n`
}

/** TerminalFormatter's output for a token stream. */
export function formatTokens(tokens: Iterable<Token>): string {
  let out = ''
  for (const [type, text] of tokens) {
    const color = colorOf(type)
    for (const line of pythonSplitlines(text, true)) {
      const content = line.replace(/\n+$/, '')
      out += color ? ansiFormat(color, content) : content
      if (line.endsWith('\n')) out += '\n'
    }
  }

  return out
}

function colorOf(type: string): string {
  let current = type
  for (;;) {
    const color = TOKEN_COLORS[current]
    if (color !== undefined) return color
    current = current.includes('.') ? current.slice(0, current.lastIndexOf('.')) : ''
  }
}

/** pygments.console.ansiformat: `*bold*`, `_underlined_` and `+blinking+` around a colour name. */
function ansiFormat(attribute: string, text: string): string {
  let name = attribute
  let prefix = ''
  for (const [mark, code] of [
    ['+', CODES.blink],
    ['*', CODES.bold],
    ['_', CODES.underline],
  ] as const) {
    if (name.length > 0 && name.startsWith(mark) && name.endsWith(mark)) {
      prefix += code
      name = name.slice(1, -1)
    }
  }

  return `${prefix}${CODES[name]}${text}${RESET}`
}
