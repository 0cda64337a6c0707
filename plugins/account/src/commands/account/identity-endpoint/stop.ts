import {AzCommand} from '@azx/core'

import {stopEndpoints} from '../../../identity-endpoint/records.js'
import {integerFlag} from '../../../integer-flag.js'

export default class AccountIdentityEndpointStop extends AzCommand<undefined> {
  static override description =
    'Ends the identity endpoints that `az account identity-endpoint start --detach` started with this config dir, or the ' +
    'one on --port: each answers the requests under way, then stops. Without --port and with none running, it only warns.'
  static override examples = [
    {command: '<%= config.bin %> account identity-endpoint stop', description: 'Stop every endpoint running in the background.'},
    {command: '<%= config.bin %> account identity-endpoint stop --port 50342', description: 'Stop the one on port 50342.'},
  ]

  static override flags = {
    port: integerFlag({max: 65_535, min: 1, summary: 'Stop only the endpoint on this port.'}),
  }

  static override summary = 'Stop identity endpoints running in the background.'

  public async run(): Promise<undefined> {
    const {flags} = await this.parse(AccountIdentityEndpointStop)
    const stopped = await stopEndpoints(flags.port)
    if (stopped.length === 0) this.logger.warning('No identity endpoint is running in the background.')
    for (const record of stopped) this.logger.info(`Stopped the identity endpoint on port ${record.port} (process ${record.pid}).`)
    return undefined
  }
}
