/**
 * A top-down operator precedence parser for JMESPath with the binding powers and rules of Python
 * jmespath 1.0.1, quirks included: function arguments and multiselect-hash pairs need no comma
 * between them, and a slice right after an index (`a[0][1:]`) does not start a projection.
 */
import type {Comparator, Node} from './ast.js'
import {JmesPathSyntaxError} from './errors.js'
import {tokenize} from './lexer.js'
import type {Token, TokenType} from './lexer.js'

const BINDING_POWER: Record<TokenType, number> = {
  and: 3,
  colon: 0,
  comma: 0,
  current: 0,
  dot: 40,
  eof: 0,
  eq: 5,
  expref: 0,
  filter: 21,
  flatten: 9,
  gt: 5,
  gte: 5,
  lbrace: 50,
  lbracket: 55,
  literal: 0,
  lparen: 60,
  lt: 5,
  lte: 5,
  ne: 5,
  not: 45,
  number: 0,
  or: 2,
  pipe: 1,
  quoted_identifier: 0,
  rbrace: 0,
  rbracket: 0,
  rparen: 0,
  star: 20,
  unquoted_identifier: 0,
}
/** Tokens with less binding power end a projection. */
const PROJECTION_STOP = 10
const COMPARATORS = new Set<TokenType>(['eq', 'ne', 'lt', 'lte', 'gt', 'gte'])
const IDENTITY: Node = {type: 'identity'}

/** The expression's tree; throws JmesPathSyntaxError where Python's jmespath.compile raises. */
export function parse(expression: string): Node {
  return new Parser(tokenize(expression)).parseAll()
}

class Parser {
  private index = 0

  constructor(private readonly tokens: Token[]) {}

  parseAll(): Node {
    const node = this.expression(0)
    if (this.current() !== 'eof') throw this.error(this.token(), 'Unexpected token')
    return node
  }

  private expression(bindingPower: number): Node {
    const token = this.token()
    this.index++
    let left = this.nud(token)
    while (bindingPower < BINDING_POWER[this.current()]) {
      const operator = this.token()
      this.index++
      left = this.led(operator, left)
    }

    return left
  }

  private nud(token: Token): Node {
    switch (token.type) {
      case 'literal':
        return {type: 'literal', value: token.value}
      case 'unquoted_identifier':
        return {name: token.value as string, type: 'field'}
      case 'quoted_identifier':
        if (this.current() === 'lparen') throw this.error(this.token(), 'Quoted identifier not allowed for function names.')
        return {name: token.value as string, type: 'field'}
      case 'star':
        return {left: IDENTITY, right: this.current() === 'rbracket' ? IDENTITY : this.projectionRight(BINDING_POWER.star), type: 'value_projection'}
      case 'filter':
        return this.filter(IDENTITY)
      case 'lbrace':
        return this.multiSelectHash()
      case 'lparen': {
        const inner = this.expression(0)
        this.match('rparen')
        return inner
      }

      case 'flatten':
        return {left: {child: IDENTITY, type: 'flatten'}, right: this.projectionRight(BINDING_POWER.flatten), type: 'projection'}
      case 'not':
        return {child: this.expression(BINDING_POWER.not), type: 'not'}
      case 'lbracket':
        if (this.current() === 'number' || this.current() === 'colon') return this.projectIfSlice(IDENTITY, this.indexExpression())
        if (this.current() === 'star' && this.lookahead(1) === 'rbracket') {
          this.index += 2
          return {left: IDENTITY, right: this.projectionRight(BINDING_POWER.star), type: 'projection'}
        }

        return this.multiSelectList()
      case 'current':
        return {type: 'current'}
      case 'expref':
        return {child: this.expression(BINDING_POWER.expref), type: 'expref'}
      case 'eof':
        throw new JmesPathSyntaxError('Invalid jmespath expression: Incomplete expression')
      default:
        throw this.error(token, 'invalid token')
    }
  }

  private led(token: Token, left: Node): Node {
    switch (token.type) {
      case 'dot':
        return this.dot(left)
      case 'pipe':
        return {left, right: this.expression(BINDING_POWER.pipe), type: 'pipe'}
      case 'or':
        return {left, right: this.expression(BINDING_POWER.or), type: 'or'}
      case 'and':
        return {left, right: this.expression(BINDING_POWER.and), type: 'and'}
      case 'lparen':
        return this.functionCall(left)
      case 'filter':
        return this.filter(left)
      case 'flatten':
        return {left: {child: left, type: 'flatten'}, right: this.projectionRight(BINDING_POWER.flatten), type: 'projection'}
      case 'lbracket':
        return this.bracket(left)
      default:
        if (COMPARATORS.has(token.type)) {
          return {left, operator: token.type as Comparator, right: this.expression(BINDING_POWER[token.type]), type: 'comparator'}
        }

        throw this.error(token, 'invalid token')
    }
  }

  private dot(left: Node): Node {
    if (this.current() === 'star') {
      this.index++
      return {left, right: this.projectionRight(BINDING_POWER.dot), type: 'value_projection'}
    }

    const right = this.dotRight(BINDING_POWER.dot)
    if (left.type === 'subexpression') {
      left.children.push(right)
      return left
    }

    return {children: [left, right], type: 'subexpression'}
  }

  private functionCall(left: Node): Node {
    if (left.type !== 'field') throw new JmesPathSyntaxError('Invalid function name')
    const args: Node[] = []
    while (this.current() !== 'rparen') {
      const argument = this.expression(0)
      if (this.current() === 'comma') this.match('comma')
      args.push(argument)
    }

    this.match('rparen')
    return {args, name: left.name, type: 'function'}
  }

  private filter(left: Node): Node {
    const condition = this.expression(0)
    this.match('rbracket')
    const right = this.current() === 'flatten' ? IDENTITY : this.projectionRight(BINDING_POWER.filter)
    return {condition, left, right, type: 'filter_projection'}
  }

  private bracket(left: Node): Node {
    if (this.current() === 'number' || this.current() === 'colon') {
      const right = this.indexExpression()
      if (left.type === 'index_expression') {
        left.children.push(right)
        return left
      }

      return this.projectIfSlice(left, right)
    }

    this.match('star')
    this.match('rbracket')
    return {left, right: this.projectionRight(BINDING_POWER.star), type: 'projection'}
  }

  private indexExpression(): Node {
    if (this.lookahead(0) === 'colon' || this.lookahead(1) === 'colon') return this.sliceExpression()
    const index = this.token().value as number
    this.index++
    this.match('rbracket')
    return {index, type: 'index'}
  }

  private sliceExpression(): Node {
    const parts: (number | null)[] = [null, null, null]
    let part = 0
    let current = this.current()
    while (current !== 'rbracket' && part < 3) {
      if (current === 'colon') {
        part++
        if (part === 3) throw this.error(this.token(), 'syntax error')
        this.index++
      } else if (current === 'number') {
        parts[part] = this.token().value as number
        this.index++
      } else {
        throw this.error(this.token(), 'syntax error')
      }

      current = this.current()
    }

    this.match('rbracket')
    const [start, stop, step] = parts
    return {start, step, stop, type: 'slice'}
  }

  private projectIfSlice(left: Node, right: Node): Node {
    const indexed: Node = {children: [left, right], type: 'index_expression'}
    return right.type === 'slice' ? {left: indexed, right: this.projectionRight(BINDING_POWER.star), type: 'projection'} : indexed
  }

  private multiSelectList(): Node {
    const children: Node[] = []
    for (;;) {
      children.push(this.expression(0))
      if (this.current() === 'rbracket') break
      this.match('comma')
    }

    this.match('rbracket')
    return {children, type: 'multi_select_list'}
  }

  private multiSelectHash(): Node {
    const pairs: [string, Node][] = []
    for (;;) {
      const key = this.token()
      if (key.type !== 'quoted_identifier' && key.type !== 'unquoted_identifier') throw this.unexpected(key)
      this.index++
      this.match('colon')
      pairs.push([key.value as string, this.expression(0)])
      if (this.current() === 'comma') {
        this.match('comma')
      } else if (this.current() === 'rbrace') {
        this.match('rbrace')
        break
      }
    }

    return {pairs, type: 'multi_select_dict'}
  }

  private projectionRight(bindingPower: number): Node {
    const current = this.current()
    if (BINDING_POWER[current] < PROJECTION_STOP) return IDENTITY
    if (current === 'lbracket' || current === 'filter') return this.expression(bindingPower)
    if (current === 'dot') {
      this.match('dot')
      return this.dotRight(bindingPower)
    }

    throw this.error(this.token(), 'syntax error')
  }

  private dotRight(bindingPower: number): Node {
    const current = this.current()
    if (current === 'quoted_identifier' || current === 'unquoted_identifier' || current === 'star') return this.expression(bindingPower)
    if (current === 'lbracket') {
      this.match('lbracket')
      return this.multiSelectList()
    }

    if (current === 'lbrace') {
      this.match('lbrace')
      return this.multiSelectHash()
    }

    throw this.unexpected(this.token())
  }

  private match(type: TokenType): void {
    if (this.current() !== type) throw this.unexpected(this.token())
    this.index++
  }

  private current(): TokenType {
    return this.tokens[this.index].type
  }

  private lookahead(distance: number): TokenType | undefined {
    return this.tokens[this.index + distance]?.type
  }

  private token(): Token {
    return this.tokens[this.index]
  }

  private unexpected(token: Token): JmesPathSyntaxError {
    return token.type === 'eof'
      ? new JmesPathSyntaxError('Invalid jmespath expression: Incomplete expression')
      : this.error(token, 'unexpected token')
  }

  private error(token: Token, reason: string): JmesPathSyntaxError {
    return new JmesPathSyntaxError(`${reason}: Parse error at column ${token.start}, token ${token.type.toUpperCase()}`)
  }
}
