/**
 * jsonc and yamlc: knack's json and yaml text, coloured by pygments' lexers and TerminalFormatter.
 */
import {jsonTokens} from './json-lexer.js'
import {formatTokens, prepareForLexer} from './terminal-colors.js'
import {yamlTokens} from './yaml-lexer.js'

/** highlight(text, JsonLexer(), TerminalFormatter()) */
export function colorizeJson(text: string): string {
  return formatTokens(jsonTokens(prepareForLexer(text)))
}

/** highlight(text, YamlLexer(), TerminalFormatter()) */
export function colorizeYaml(text: string): string {
  return formatTokens(yamlTokens(prepareForLexer(text)))
}
