/**
 * oclif's help, with the Python az in it: `az --help` lists the command groups that go to the
 * Python az, and help for a command azx does not have (`az vm list --help`, `az help vm`) is the
 * Python az's, through the command-not-found path.
 */
import {isAzError} from '@azx/core/errors'
import {getHelpFlagAdditions, Help, standardizeIDFromArgv} from '@oclif/core/help'

import {handleUnknownCommand} from './command-not-found/index.js'
import {INSTALL_PYTHON_AZ} from './command-not-found/message.js'
import {pythonAzCommands} from './python-az/commands.js'
import {delegationTarget} from './python-az/delegation.js'
import type {DelegationTarget} from './python-az/delegation.js'

export default class AzHelp extends Help {
  public override async showHelp(argv: string[]): Promise<void> {
    const subject = this.subject(argv)
    if (subject === undefined || this.config.findCommand(subject) || this.config.findTopic(subject)) {
      await super.showHelp(argv)
      return
    }

    // `az help vm` asks for the help `az vm --help` prints.
    const helpFlags = getHelpFlagAdditions(this.config)
    const words = argv[0] === 'help' ? argv.slice(1) : argv
    await handleUnknownCommand(this.config, words.some((arg) => helpFlags.includes(arg)) ? words : [...words, '--help'])
  }

  protected override async showRootHelp(): Promise<void> {
    await super.showRootHelp()
    const azxWords = new Set([...this.config.commandIDs, ...this.config.topics.map((topic) => topic.name)].map((id) => id.split(':')[0]))
    const commands = pythonAzCommands()
    const groups = [...commands.topLevel].filter((name) => !azxWords.has(name)).sort()
    const inShared = Object.entries(commands.inSharedGroups).flatMap(([group, names]) => names.map((name) => `${group} ${name}`))
    const list = `${groups.join(', ')}; ${inShared.join(', ')}; and the commands of its extensions.`
    this.log(this.section('PYTHON AZ', this.wrap(`${whereTheyGo(await this.delegationTarget())} ${list}`)))
    this.log('')
  }

  /** Where the other commands go; help is shown even when the config file cannot be read (then it says so). */
  private async delegationTarget(): Promise<DelegationTarget | {kind: 'unreadable'; reason: string}> {
    try {
      return await delegationTarget(this.config.root)
    } catch (error) {
      if (!isAzError(error)) throw error
      return {kind: 'unreadable', reason: error.message}
    }
  }

  /** The command or topic help is asked for, as oclif finds it (its own function is not exported). */
  private subject(argv: string[]): string | undefined {
    const helpFlags = getHelpFlagAdditions(this.config)
    const words = standardizeIDFromArgv(
      argv.filter((arg) => !helpFlags.includes(arg)),
      this.config,
    )
    for (const word of words) {
      if (word === '--' || word.startsWith('-')) return undefined
      if (word !== 'help') return word
    }

    return undefined
  }
}

function whereTheyGo(target: DelegationTarget | {kind: 'unreadable'; reason: string}): string {
  switch (target.kind) {
    case 'unreadable': {
      return `Every other command is the Python az's (azure-cli), if core.delegate_to_python_az allows it: ${target.reason}`
    }

    case 'found': {
      return `Every other command runs in the Python az (${target.path}), on the same config dir and sign-in:`
    }

    case 'missing': {
      return `Every other command is the Python az's (azure-cli), which is not installed (${INSTALL_PYTHON_AZ}):`
    }

    case 'off': {
      return `Every other command is the Python az's (azure-cli), which azx does not run while core.delegate_to_python_az is false:`
    }

    case 'unusable': {
      return (
        `Every other command is the Python az's (azure-cli); AZX_PYTHON_AZ names ` +
        `'${target.path}', which azx cannot run as the Python az (${target.reason}):`
      )
    }
  }
}
