import {existsSync, mkdirSync} from 'node:fs'
import {join} from 'node:path'

import {CommandError, isAzError} from '@azx/core/errors'
import type {Interfaces} from '@oclif/core'
import * as Flags from '@oclif/core/flags'
import {commands} from '@oclif/plugin-plugins'

import {askYesNo, canAsk} from '../../plugin-install/consent.js'
import {installSpec} from '../../plugin-install/local-path.js'
import type {PluginSpec} from '../../plugin-install/local-path.js'
import {refreshCommandIndex} from '../../command-index/upkeep.js'
import {installScripts, keepScriptsOffInDataDir, setInstallScripts} from '../../plugin-install/npm-scripts.js'
import {packageName} from '../../plugin-install/package-name.js'
import {needsConsent, readTrustList, trustListPath} from '../../plugin-install/trust.js'
import {reportError} from '../../report-error.js'

const OclifPluginsInstall: (typeof commands)['plugins:install'] = commands['plugins:install']
type Plugins = Parameters<InstanceType<typeof OclifPluginsInstall>['parsePlugin']>[0]

/** azx's own flags, which @oclif/plugin-plugins' parser must not see. */
const OWN_FLAGS = new Set(['--allow-scripts', '--yes', '-y'])

/**
 * @oclif/plugin-plugins' `plugins install`, with two checks of azx's own before npm runs: a plugin
 * from outside the `@azx` scope that is not in the trust list is installed only after the user says
 * yes on the terminal (or passed --yes), and npm's install scripts stay off unless --allow-scripts.
 * Local paths (`./x.tgz`, `../folder`) install the file or folder. The command index is made again
 * afterwards, with the plugin's bundle (src/command-index/upkeep.ts).
 */
export default class PluginsInstall extends OclifPluginsInstall {
  // Restated: oclif's parser reads the command class's own static members, not inherited ones.
  static override args = OclifPluginsInstall.args
  static override strict = false

  static override description = [
    'Uses npm to install a plugin: a short name (`group` finds @azx/plugin-group), an npm ' +
      'package name, a local tarball or folder (./my-plugin-1.0.0.tgz), or a repository URL.',
    'A plugin runs with your permissions and your Azure sign-in. Plugins of the @azx scope and those ' +
      'listed in the trust list (<%= config.configDir %>/trusted-plugins.json, a JSON array of ' +
      'package names) install at once; any other asks first on a terminal, and without one needs --yes.',
    'npm runs no install scripts (preinstall, install, postinstall) of the plugin or its dependencies, as `az extension add` runs no code; ' +
      '--allow-scripts runs them for this install (a plugin with native modules may need it).',
    "Use the <%= config.scopedEnvVarKey('NPM_LOG_LEVEL') %> environment variable to set the npm loglevel.\n" +
      "Use the <%= config.scopedEnvVarKey('NPM_REGISTRY') %> environment variable to set the npm registry.",
  ].join('\n\n')

  static override examples = [
    {command: '<%= config.bin %> <%= command.id %> group', description: 'Install @azx/plugin-group from the npm registry.'},
    {command: '<%= config.bin %> <%= command.id %> ./contoso-azx-plugin-1.0.0.tgz', description: 'Install a plugin from a tarball.'},
    {
      command: '<%= config.bin %> <%= command.id %> @contoso/azx-plugin --yes',
      description: "Install a third-party plugin in a script, without the terminal's question.",
    },
    {
      command: '<%= config.bin %> <%= command.id %> @contoso/azx-plugin --allow-scripts',
      description: 'Install a plugin that must build native modules when it installs.',
    },
  ]

  static override flags = {
    ...OclifPluginsInstall.flags,
    'allow-scripts': Flags.boolean({summary: "Let npm run the plugin's and its dependencies' install scripts."}),
    yes: Flags.boolean({char: 'y', summary: 'Install a plugin from outside @azx that is not in the trust list without asking.'}),
  }

  static override summary = 'Install a plugin into az.'

  private consent = {trustList: [] as string[], trustListPath: '', yes: false}
  private readonly installing: string[] = []

  public override async run(): Promise<void> {
    const {flags} = await this.parse(PluginsInstall)
    const path = trustListPath(this.config.configDir)
    this.consent = {trustList: readTrustList(path), trustListPath: path, yes: flags.yes}
    setInstallScripts(flags['allow-scripts'])
    this.argv = this.argv.filter((arg) => !OWN_FLAGS.has(arg))
    await super.run()
    if (!flags['allow-scripts']) this.warnAboutSkippedScripts()
    await refreshCommandIndex(this.config)
  }

  /**
   * What plugin-plugins makes of the argument, with local paths resolved, once the user agreed to
   * install it. It runs for each argument just before npm installs it.
   */
  public override async parsePlugin(plugins: Plugins, input: string): Promise<PluginSpec> {
    const spec = installSpec(await super.parsePlugin(plugins, input))
    const name = await packageName(spec)
    if (needsConsent(name, this.consent.trustList)) {
      // A name the registry does not know is an error before it is a question.
      if (spec.type === 'npm') await this.ensureInRegistry(plugins, spec.name, spec.tag)
      await this.askConsent(name ?? input, input)
    }

    if (name) this.installing.push(name)
    mkdirSync(this.config.dataDir, {recursive: true})
    keepScriptsOffInDataDir(this.config.dataDir)
    return spec
  }

  /** azx's errors as AzCommand prints them; anything else as plugin-plugins does. */
  protected override async catch(error: Interfaces.CommandError): Promise<unknown> {
    if (!isAzError(error)) return super.catch(error)
    reportError(error)
    return undefined
  }

  private async askConsent(name: string, input: string): Promise<void> {
    const {trustListPath: file, yes} = this.consent
    if (yes) return
    const stranger = `${name} is not an azx plugin (@azx) and is not in your trust list (${file})`
    if (!canAsk()) {
      throw new CommandError(`${stranger}, and there is no terminal to ask whether to install it.`, {
        recommendations: [`To install it, run 'az plugins install ${input} --yes', or add "${name}" to ${file}.`],
      })
    }

    if (!(await askYesNo(`${stranger}. A plugin runs with your permissions and your Azure sign-in. Install it?`))) {
      throw new CommandError(`${name} was not installed.`)
    }

    process.stderr.write(`To install ${name} without this question, add "${name}" to ${file}.\n`)
  }

  /** plugin-plugins' own check (it runs it again before it installs), with its message. */
  private async ensureInRegistry(plugins: Plugins, name: string, tag: string): Promise<void> {
    try {
      await plugins.npm.view([`${name}@${tag}`, 'version'], {
        cwd: existsSync(this.config.dataDir) ? this.config.dataDir : process.cwd(),
        logLevel: 'silent',
      })
    } catch {
      throw new CommandError(`${name} does not exist in the registry.`)
    }
  }

  private warnAboutSkippedScripts(): void {
    for (const name of this.installing) {
      const scripts = installScripts(join(this.config.dataDir, 'node_modules', name))
      if (scripts.length === 0) continue
      process.stderr.write(
        `WARNING: npm did not run the install scripts of ${name} (${scripts.join(', ')}). ` +
          'If the plugin needs them, install it again with --allow-scripts.\n',
      )
    }
  }
}
