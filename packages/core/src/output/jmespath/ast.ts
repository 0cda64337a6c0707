/**
 * The syntax tree of a JMESPath expression, with the node kinds Python's jmespath parser makes
 * (its `ast` module), so the interpreter can follow that library's visitor rule by rule.
 */

export type Node =
  | {type: 'field'; name: string}
  | {type: 'current'}
  | {type: 'identity'}
  | {type: 'literal'; value: unknown}
  | {type: 'subexpression'; children: Node[]}
  | {type: 'index_expression'; children: Node[]}
  | {type: 'index'; index: number}
  | {type: 'slice'; start: number | null; stop: number | null; step: number | null}
  | {type: 'projection'; left: Node; right: Node}
  | {type: 'value_projection'; left: Node; right: Node}
  | {type: 'filter_projection'; left: Node; right: Node; condition: Node}
  | {type: 'flatten'; child: Node}
  | {type: 'pipe'; left: Node; right: Node}
  | {type: 'or'; left: Node; right: Node}
  | {type: 'and'; left: Node; right: Node}
  | {type: 'not'; child: Node}
  | {type: 'comparator'; operator: Comparator; left: Node; right: Node}
  | {type: 'multi_select_list'; children: Node[]}
  | {type: 'multi_select_dict'; pairs: [string, Node][]}
  | {type: 'function'; name: string; args: Node[]}
  | {type: 'expref'; child: Node}

export type Comparator = 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte'
