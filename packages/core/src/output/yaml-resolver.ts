/**
 * PyYAML's implicit resolvers: a string that would read back as a bool, int, float, null,
 * timestamp, merge key or value key cannot be written plain, so the emitter quotes it.
 * Python's `$` also matches before a final newline, hence the `\n?`.
 */
const IMPLICIT_TYPES = [
  /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)\n?$/,
  /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\n?$/,
  /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)\n?$/,
  /^(?:<<)\n?$/,
  /^(?:~|null|Null|NULL)\n?$/,
  /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9]{2})?))?)\n?$/,
  /^(?:=)\n?$/,
]

/** Whether PyYAML would read `text`, written plain, as something other than a string. */
export function looksLikeNonString(text: string): boolean {
  // The empty string reads back as null; PyYAML picks resolvers by first character, so only '' itself.
  return text === '' || IMPLICIT_TYPES.some((pattern) => pattern.test(text))
}
