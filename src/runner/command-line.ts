/**
 * oclif's own reading of a command line (which words name the command, whether help is asked for),
 * for the runner. A module of the host's bundle rather than of the runner: the runner stays small,
 * and this part of @oclif/core loads from the bundle with its code cache.
 */
export {getHelpFlagAdditions, normalizeArgv} from '@oclif/core/help'
