"""The libraries az is built on, asked what they make of the inputs azx is compared on.

Used by the parity tests (test/parity) and by scripts/output-goldens.mjs. It runs under Debian's
/usr/bin/python3, whose dist-packages hold what the azure-cli package brings: knack, PyYAML,
tabulate, Pygments and jmespath. It reads one batch of jobs per line on stdin (a JSON array) and
writes one line of results (a JSON array, ASCII only) per batch, until stdin closes, so one
process serves every batch of a test file.

Jobs, each a JSON object with a "kind":
  hello                            the versions of the libraries
  render  format data [query] [transformer]
                                   what az prints: the query applied as knack applies it, then
                                   knack's formatter; 'transformer' stands for a command's table
                                   view whose output is 'data' itself
  tabulate rows headers            tabulate(rows, headers, tablefmt='simple', disable_numparse=True)
  search  expression data [json]   jmespath as knack's --query compiles and searches
  ini     text                     configparser as az reads its config files, values interpolated,
                                   and the text it writes back
  python  op value                 repr/strip/rstrip/splitlines/sorted as Python 3 does them
  unassigned                       the code point ranges Python's Unicode database leaves unassigned
Every result is {"ok": ...} or {"error": ...}; "crash" names an exception az would not survive;
"quirks" lists what jmespath did that azx deliberately does not (see test/parity/query.test.ts).
"""
import collections
import configparser
import io
import json
import math
import sys
import unicodedata

import jmespath
import jmespath.lexer
import knack
import knack.output
import pygments
import tabulate as tabulate_module
import yaml
from knack.util import CLIError, CommandResultItem

FORMATTERS = {
    'json': knack.output.format_json,
    'jsonc': knack.output.format_json_color,
    'yaml': knack.output.format_yaml,
    'yamlc': knack.output.format_yaml_color,
    'table': knack.output.format_table,
    'tsv': knack.output.format_tsv,
    'none': knack.output.format_none,
}


def knack_version():
    from importlib.metadata import version
    return version('knack')


def hello(_job):
    return {
        'python': sys.version.split()[0],
        'unicode': unicodedata.unidata_version,
        'knack': knack_version(),
        'PyYAML': yaml.__version__,
        'tabulate': tabulate_module.__version__,
        'Pygments': pygments.__version__,
        'jmespath': jmespath.__version__,
    }


def compile_query(expression):
    """knack's CLIQuery.jmespath_type under argparse: a ValueError or TypeError is a usage error."""
    try:
        return jmespath.compile(expression)
    except KeyError as error:
        raise ValueError(str(error)) from error


def render(job):
    """The printed text, and with a query also its result as typed() describes it."""
    result = job['data']
    query = job.get('query')
    if query is not None:
        try:
            compiled = compile_query(query)
        except (ValueError, TypeError) as error:
            return {'error': 'usage', 'message': str(error)}
        try:
            result = compiled.search(result, jmespath.Options(collections.OrderedDict))
        except jmespath.exceptions.JMESPathError as error:
            return {'error': 'query', 'message': str(error)}
    # knack prints nothing for a command without a result.
    if result is None:
        return {'ok': ''}
    transformer = (lambda data: data) if job.get('transformer') else None
    item = CommandResultItem(result, table_transformer=transformer, is_query_active=query is not None)
    try:
        answer = {'ok': FORMATTERS[job['format']](item)}
    except CLIError as error:
        answer = {'error': 'command', 'message': str(error)}
    if query is not None:
        try:
            answer['result'] = typed(result)
        except TypeError:
            answer['result'] = None
    return answer


def run_tabulate(job):
    return {'ok': tabulate_module.tabulate(job['rows'], job['headers'], tablefmt='simple', disable_numparse=True)}


# What jmespath did that azx deliberately does not do, noted while a job runs (see test/parity/query.test.ts).
QUIRKS = []


def merge_noting_quirks(original):
    """jmespath checks only merge()'s first argument; the others go to dict.update, which takes lists of pairs."""
    def merge(self, *arguments):
        if any(not isinstance(argument, dict) for argument in arguments[1:]):
            QUIRKS.append('merge of a non-object')
        return original(self, *arguments)
    return merge


def is_integral_float(value):
    """A float JavaScript cannot tell from an int: integral, not -0.0, within the safe integers."""
    return (isinstance(value, float) and value.is_integer() and abs(value) <= 2 ** 53 - 1
            and not (value == 0 and math.copysign(1, value) < 0))


def note_integral_floats(value):
    if is_integral_float(value):
        QUIRKS.append('integral float')
    elif isinstance(value, list):
        for item in value:
            note_integral_floats(item)
    elif isinstance(value, dict):
        for item in value.values():
            note_integral_floats(item)
    return value


def noting_integral_floats(original):
    def function(*args):
        return note_integral_floats(original(*args))
    return function


FUNCTIONS = jmespath.functions.Functions.FUNCTION_TABLE
FUNCTIONS['merge']['function'] = merge_noting_quirks(FUNCTIONS['merge']['function'])
for name in ['abs', 'avg', 'sum', 'to_number']:
    FUNCTIONS[name]['function'] = noting_integral_floats(FUNCTIONS[name]['function'])
jmespath.lexer.loads = noting_integral_floats(jmespath.lexer.loads)


def typed(value):
    """A search result with what JSON cannot say: key order is kept, floats are marked."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return {'int': str(value)}
    if isinstance(value, float):
        return {'float': repr(value)}
    if isinstance(value, list):
        return {'list': [typed(item) for item in value]}
    if isinstance(value, dict):
        return {'ordered' if isinstance(value, collections.OrderedDict) else 'dict': [[key, typed(item)] for key, item in value.items()]}
    # An expression reference (&a) as a value: az fails to print it (or prints its address).
    raise TypeError('a result holds %r' % value)


def search(job):
    """The result as typed() describes it, or with "json" as to_string() writes it (compact, ASCII)."""
    try:
        compiled = compile_query(job['expression'])
    except (ValueError, TypeError) as error:
        return {'error': 'usage', 'message': str(error)}
    try:
        result = compiled.search(job['data'], jmespath.Options(collections.OrderedDict))
    except jmespath.exceptions.JMESPathError as error:
        return {'error': 'query', 'message': str(error)}
    if job.get('json'):
        return {'ok': json.dumps(result, separators=(',', ':'))}
    return {'ok': typed(result)}


def read_ini(job):
    """configparser.ConfigParser(), as knack's CLIConfig and az's cloud config read and write their files."""
    parser = configparser.ConfigParser()
    try:
        # Text mode with universal newlines, as a file opened by ConfigParser.read is.
        parser.read_file(io.StringIO(job['text'], newline=None))
    except configparser.DuplicateSectionError as error:
        return {'error': 'duplicate-section', 'section': error.section, 'line': error.lineno}
    except configparser.DuplicateOptionError as error:
        return {'error': 'duplicate-option', 'section': error.section, 'key': error.option, 'line': error.lineno}
    except configparser.MissingSectionHeaderError as error:
        return {'error': 'syntax', 'line': error.lineno}
    except configparser.ParsingError as error:
        return {'error': 'syntax', 'line': error.errors[0][0]}
    values = []
    for section in [parser.default_section, *parser.sections()]:
        for key in parser[section]:
            try:
                values.append([section, key, parser.get(section, key)])
            except configparser.InterpolationError as error:
                values.append([section, key, {'error': type(error).__name__}])
    written = io.StringIO()
    try:
        parser.write(written)
        written = written.getvalue()
    except ValueError as error:
        written = {'error': type(error).__name__}
    return {'ok': {
        'defaults': list(parser.defaults().items()),
        'sections': [[name, list(parser._sections[name].items())] for name in parser.sections()],
        'values': values,
        'written': written,
    }}


PYTHON_OPS = {
    'float-repr': lambda value: repr(float(value)),
    'repr': repr,
    'sorted': sorted,
    'strip': str.strip,
    'rstrip': str.rstrip,
    'splitlines': str.splitlines,
    'splitlines-keepends': lambda text: text.splitlines(True),
}


def python_op(job):
    return {'ok': PYTHON_OPS[job['op']](job['value'])}


def unassigned(_job):
    ranges = []
    for code in range(0x110000):
        if unicodedata.category(chr(code)) == 'Cn':
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return {'ok': ranges}


KINDS = {
    'hello': lambda job: {'ok': hello(job)},
    'render': render,
    'tabulate': run_tabulate,
    'search': search,
    'ini': read_ini,
    'python': python_op,
    'unassigned': unassigned,
}


def answer(job):
    del QUIRKS[:]
    # Parsed literals are noted as they are parsed: no expression may come from the cache.
    jmespath.parser.Parser.purge()
    try:
        result = KINDS[job['kind']](job)
    except Exception as error:  # pylint: disable=broad-except
        result = {'error': 'crash', 'message': '%s: %s' % (type(error).__name__, error)}
    if QUIRKS:
        result['quirks'] = sorted(set(QUIRKS))
    return result


def main():
    for line in sys.stdin:
        jobs = json.loads(line)
        sys.stdout.write(json.dumps([answer(job) for job in jobs], ensure_ascii=True) + '\n')
        sys.stdout.flush()


if __name__ == '__main__':
    main()
