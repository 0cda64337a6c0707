import {AzCommand} from '@azx/core'
import * as Flags from '@oclif/core/flags'

import {signOut} from '../sign-out.js'

export default class Logout extends AzCommand<undefined> {
  static override description =
    "Removes the account's tokens from the token cache, its subscriptions from azureProfile.json and, for a service principal, " +
    'its stored credential. Works offline. Without --username, signs out the account of the default subscription.'

  static override examples = [
    {command: '<%= config.bin %> logout', description: 'Log out the active user.'},
    {command: '<%= config.bin %> logout --username johndoe@contoso.com', description: 'Log out a given user or service principal.'},
  ]

  static override flags = {
    username: Flags.string({summary: 'Account user, if missing, logout the current active account.'}),
  }

  static override summary = 'Log out to remove access to Azure subscriptions.'

  public async run(): Promise<undefined> {
    const {flags} = await this.parse(Logout)
    await signOut(flags.username)
    return undefined
  }
}
