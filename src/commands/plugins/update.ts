import {commands} from '@oclif/plugin-plugins'

import {refreshCommandIndex} from '../../command-index/upkeep.js'

const PluginsUpdate: (typeof commands)['plugins:update'] = commands['plugins:update']

/** @oclif/plugin-plugins' `plugins update`, then the command index made again (src/command-index/upkeep.ts). */
export default class Update extends PluginsUpdate {
  public override async run(): Promise<void> {
    await super.run()
    await refreshCommandIndex(this.config)
  }
}
