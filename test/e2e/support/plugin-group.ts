/** The example plugin (test/fixtures/plugin-group) as the end-to-end tests install and run it. */
import {join} from 'node:path'

import {REPO_ROOT} from './cli.js'

export const PLUGIN_FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'plugin-group')

/** npm with no registry it can reach: an install must make do with what the tarball carries. */
export const NO_REGISTRY = {
  npm_config_fetch_retries: '0',
  npm_config_offline: 'true',
  npm_config_registry: 'http://127.0.0.1:9',
  npm_config_update_notifier: 'false',
}

/** How long `az plugins install` of its tarball may take on a busy machine. */
export const PLUGIN_INSTALL_TIMEOUT = 170_000

/** `az group list -o table` for the emulator's default subscription. */
export const GROUP_TABLE = `Name         Location    Status
-----------  ----------  ---------
rg-web       eastus      Succeeded
rg-data      westeurope  Succeeded
rg-identity  eastus      Succeeded
rg-vm        eastus      Succeeded
`
