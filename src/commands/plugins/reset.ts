import {commands} from '@oclif/plugin-plugins'

import {refreshCommandIndex} from '../../command-index/upkeep.js'

const PluginsReset: (typeof commands)['plugins:reset'] = commands['plugins:reset']

/** @oclif/plugin-plugins' `plugins reset`, then the command index made again (src/command-index/upkeep.ts). */
export default class Reset extends PluginsReset {
  public override async run(): Promise<void> {
    await super.run()
    await refreshCommandIndex(this.config)
  }
}
