/**
 * configparser's boolean words, which az accepts for every on/off setting, in any case:
 * `1`, `yes`, `true`, `on` and `0`, `no`, `false`, `off`.
 */
export const TRUE_WORDS = ['true', 'yes', 'on', '1'] as const
export const FALSE_WORDS = ['false', 'no', 'off', '0'] as const

const WORDS = new Map<string, boolean>([...TRUE_WORDS.map((word) => [word, true] as const), ...FALSE_WORDS.map((word) => [word, false] as const)])

/** A configparser boolean, or undefined when the text is not one. */
export function parseBoolean(value: string): boolean | undefined {
  return WORDS.get(value.trim().toLowerCase())
}
