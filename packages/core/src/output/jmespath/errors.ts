/**
 * The three ways a query fails, as az tells them apart: a syntax error (argparse refuses the
 * `--query` value: a usage error), an error of jmespath while searching (az's "Invalid jmespath
 * query supplied" command error), and an exception of Python itself that jmespath lets through
 * (comparing a number with a string, a slice step of 0), where az fails with a traceback.
 */

/** The expression does not parse (jmespath's ParseError, LexerError and EmptyExpressionError). */
export class JmesPathSyntaxError extends Error {
  override name = 'JmesPathSyntaxError'
}

/** A JMESPathError raised while searching; the message is Python jmespath's, word for word. */
export class JmesPathError extends Error {
  override name = 'JmesPathError'
}

/** A Python exception jmespath does not catch; the message is Python's. */
export class PythonError extends Error {
  override name = 'PythonError'
}
