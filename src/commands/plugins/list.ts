import {AzCommand} from '@azx/core'

interface InstalledPlugin {
  name: string
  type: string
  version: string
}

export default class PluginsList extends AzCommand<InstalledPlugin[]> {
  static override description =
    'The plugins installed with `az plugins install` or `az plugins link` (az calls them extensions), ' +
    'rendered with the global output flags; `az plugins` prints the same as text, with the core plugins.'

  static override examples = [
    {command: '<%= config.bin %> plugins list', description: 'List the installed plugins as JSON.'},
    {command: '<%= config.bin %> plugins list -o table', description: 'List them as a table.'},
  ]

  static override summary = 'List the installed plugins.'

  public async run(): Promise<InstalledPlugin[]> {
    await this.parse(PluginsList)
    return this.config
      .getPluginsList()
      .filter((plugin) => plugin.type === 'user' || plugin.type === 'link')
      .map((plugin) => ({name: plugin.name, type: plugin.type, version: plugin.version}))
  }
}
