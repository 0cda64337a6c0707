/**
 * az 2.45 marks the `config` group experimental and prints this warning (on stderr, unless
 * `--only-show-errors`) every time one of its commands runs; azx prints it too so scripts that
 * compare stderr, or filter it out, see the same text.
 */
export const EXPERIMENTAL_WARNING =
  "Command group 'config' is experimental and under development. Reference and support levels: https://aka.ms/CLI_refstatus"
