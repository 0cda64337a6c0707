import {AzCommand} from '@azx/core'
import * as Flags from '@oclif/core/flags'

import {pythonAzReport} from '../python-az/versions.js'
import {describeVersions, formatVersionText} from '../version-report.js'
import type {VersionReport} from '../version-report.js'

export default class Version extends AzCommand<VersionReport | undefined> {
  static override description =
    'Shows the versions of azx, @azx/core and every plugin, core and user-installed, as JSON, and those of the Python az that ' +
    'runs the commands azx does not have (unless core.delegate_to_python_az is false). `az --version` prints the same as text.'
  static override examples = [
    {command: '<%= config.bin %> version', description: 'Show the versions as JSON.'},
    {command: '<%= config.bin %> --version', description: 'Show the versions as text.'},
  ]
  static override flags = {
    text: Flags.boolean({hidden: true, summary: 'Print the versions as `az --version` does.'}),
  }

  static override summary = 'Show the versions of azx and its plugins.'

  public async run(): Promise<VersionReport | undefined> {
    const {flags} = await this.parse(Version)
    const source = {dataDir: this.config.dataDir, name: this.config.name, plugins: this.config.getPluginsList(), version: this.config.version}
    const report = describeVersions(source, await pythonAzReport(this.config.root, this.config.dataDir))
    if (!flags.text) return report
    process.stdout.write(formatVersionText(report, source))
    return undefined
  }
}
