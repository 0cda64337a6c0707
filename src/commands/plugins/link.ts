import {commands} from '@oclif/plugin-plugins'

import {refreshCommandIndex} from '../../command-index/upkeep.js'

const PluginsLink: (typeof commands)['plugins:link'] = commands['plugins:link']

/** @oclif/plugin-plugins' `plugins link`, then the command index made again (src/command-index/upkeep.ts). */
export default class Link extends PluginsLink {
  // Restated: oclif's parser reads the command class's own static members, not inherited ones.
  static override args = PluginsLink.args

  public override async run(): Promise<void> {
    await super.run()
    await refreshCommandIndex(this.config)
  }
}
