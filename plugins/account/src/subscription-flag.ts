import * as Flags from '@oclif/core/flags'

/** The subscription of the `az account` commands: `--subscription`/`-s`, with az's aliases `--name`/`-n`. */
export const optionalSubscriptionFlag = Flags.string({aliases: ['name'], char: 's', charAliases: ['n'], summary: 'Name or ID of subscription.'})

/** The same, required (`az account set`). */
export const requiredSubscriptionFlag = Flags.string({
  aliases: ['name'],
  char: 's',
  charAliases: ['n'],
  required: true,
  summary: 'Name or ID of subscription.',
})
