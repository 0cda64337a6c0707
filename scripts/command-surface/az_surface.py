"""The Python az's command surface, read from the parser az itself builds.

Usage: python3 az_surface.py GROUP...   (run with the Python that runs az: /usr/bin/python3 for Debian's)

Prints JSON: az's version and, for every command whose first word is one of GROUP, its options
(option strings, nargs, choices, required, hidden) and positional arguments. Each command's parser
is the one `az <command>` builds before it parses the rest of the line: AzCliCommandInvoker.execute
runs with the command's words, up to the point where it would parse them.
"""
import argparse
import json
import os
import sys
import tempfile


class ParserBuilt(Exception):
    """Raised in place of parsing: execute() has built the parser, which is all we need."""


def isolate_from_user_settings():
    """A fresh config dir and no AZURE_* variables: no extensions, settings or command index of the user's."""
    for name in [name for name in os.environ if name.upper().startswith('AZURE_')]:
        del os.environ[name]
    os.environ['AZURE_CONFIG_DIR'] = tempfile.mkdtemp(prefix='az-surface-')
    os.environ['AZURE_CORE_COLLECT_TELEMETRY'] = 'false'


def new_invocation():
    from azure.cli.core import get_default_cli
    cli = get_default_cli()
    cli.invocation = cli.invocation_cls(cli_ctx=cli, parser_cls=cli.parser_cls,
                                        commands_loader_cls=cli.commands_loader_cls, help_cls=cli.help_cls)
    return cli.invocation


def command_names(groups):
    """Every command az has under the groups, from the full command table (all modules, as `az` loads them)."""
    invocation = new_invocation()
    invocation.commands_loader.load_command_table(None)
    return sorted(name for name in invocation.commands_loader.command_table if name.split()[0] in groups)


def command_parser(name):
    """The parser of one command, with the global options its parents give it; its global option strings."""
    invocation = new_invocation()

    def parse_args(_args):
        raise ParserBuilt()

    invocation.parser.parse_args = parse_args
    try:
        invocation.execute(name.split())
    except ParserBuilt:
        pass
    # pylint: disable=protected-access
    global_options = {tuple(action.option_strings) for action in invocation._global_parser._actions}
    return invocation.parser.subparser_map[name], global_options


def describe(action, global_options):
    entry = {'names': list(action.option_strings), 'nargs': action.nargs}
    if action.choices is not None:
        entry['choices'] = list(action.choices)
    if action.required:
        entry['required'] = True
    if action.help == argparse.SUPPRESS:
        entry['hidden'] = True
    if getattr(action, 'deprecate_info', None) is not None:
        entry['deprecated'] = True
    if tuple(action.option_strings) in global_options or isinstance(action, argparse._HelpAction):  # pylint: disable=protected-access
        entry['global'] = True
    return entry


def surface(name):
    from knack.arguments import IgnoreAction
    parser, global_options = command_parser(name)
    options, args = [], []
    for action in parser._actions:  # pylint: disable=protected-access
        # az's own placeholders (--cmd, --___SUBSCRIPTION): nothing a user can give.
        if isinstance(action, IgnoreAction):
            continue
        entry = describe(action, global_options)
        if action.option_strings:
            options.append(entry)
        else:
            del entry['names']
            args.append({'name': action.dest, **entry})
    return {'args': args, 'options': options}


def main(groups):
    isolate_from_user_settings()
    from azure.cli.core import __version__
    commands = {name: surface(name) for name in command_names(set(groups))}
    json.dump({'az': __version__, 'commands': commands}, sys.stdout)


if __name__ == '__main__':
    main(sys.argv[1:])
