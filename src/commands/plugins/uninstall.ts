import {commands} from '@oclif/plugin-plugins'

import {refreshCommandIndex} from '../../command-index/upkeep.js'

const PluginsUninstall: (typeof commands)['plugins:uninstall'] = commands['plugins:uninstall']

/** @oclif/plugin-plugins' `plugins uninstall`, then the command index made again (src/command-index/upkeep.ts). */
export default class Uninstall extends PluginsUninstall {
  // Restated: oclif's parser reads the command class's own static members, not inherited ones.
  static override args = PluginsUninstall.args
  static override strict = false

  public override async run(): Promise<void> {
    await super.run()
    await refreshCommandIndex(this.config)
  }
}
