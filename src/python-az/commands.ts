/**
 * The commands the Python az has and azx does not, as far as azx can know without running it: its
 * built-in top-level commands and groups, the ones it adds to groups azx shares with it, and the
 * top-level commands of the extensions the user installed (the Python az lists them in
 * `commandIndex.json` in the config dir once it has run there).
 */
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {configDir} from '@azx/core/paths'

/**
 * The top-level commands and groups of the Python az's own modules: az 2.45's command index, plus
 * `containerapp`, built in since 2.53.
 */
const BUILT_IN = [
  'account',
  'acr',
  'ad',
  'advisor',
  'afd',
  'aks',
  'ams',
  'apim',
  'appconfig',
  'appservice',
  'aro',
  'backup',
  'batch',
  'batchai',
  'bicep',
  'billing',
  'bot',
  'cache',
  'capacity',
  'cdn',
  'cloud',
  'cognitiveservices',
  'config',
  'configure',
  'connection',
  'consumption',
  'container',
  'containerapp',
  'cosmosdb',
  'databoxedge',
  'demo',
  'deployment',
  'deployment-scripts',
  'deploymentmanager',
  'disk',
  'disk-access',
  'disk-encryption-set',
  'dla',
  'dls',
  'dms',
  'eventgrid',
  'eventhubs',
  'extension',
  'feature',
  'feedback',
  'find',
  'functionapp',
  'group',
  'hdinsight',
  'identity',
  'image',
  'interactive',
  'iot',
  'keyvault',
  'kusto',
  'lab',
  'lock',
  'logicapp',
  'login',
  'logout',
  'managed-cassandra',
  'managedapp',
  'managedservices',
  'maps',
  'mariadb',
  'monitor',
  'mysql',
  'netappfiles',
  'network',
  'policy',
  'postgres',
  'ppg',
  'private-link',
  'provider',
  'redis',
  'relay',
  'resource',
  'resourcemanagement',
  'rest',
  'restore-point',
  'role',
  'search',
  'security',
  'self-test',
  'servicebus',
  'sf',
  'sig',
  'signalr',
  'snapshot',
  'sql',
  'sshkey',
  'staticwebapp',
  'storage',
  'survey',
  'synapse',
  'tag',
  'term',
  'ts',
  'upgrade',
  'version',
  'vm',
  'vmss',
  'webapp',
]

/**
 * What the Python az has inside the groups azx has too and azx does not: `account lock`,
 * `account management-group`, `config param-persist`, and the `account` extension's `alias` and
 * `subscription` (azx has its own `account list-locations`).
 */
const IN_SHARED_GROUPS: Readonly<Record<string, readonly string[]>> = {
  account: ['alias', 'lock', 'management-group', 'subscription'],
  config: ['param-persist'],
}

/** The Python az's commands, by the words that name them. */
export interface PythonAzCommands {
  /** Its top-level commands and groups. */
  readonly topLevel: ReadonlySet<string>
  /** Its commands and subgroups inside groups azx also has, by group. */
  readonly inSharedGroups: Readonly<Record<string, readonly string[]>>
}

/** The built-in commands plus those of the extensions recorded in the config dir's `commandIndex.json`. */
export function pythonAzCommands(env: NodeJS.ProcessEnv = process.env): PythonAzCommands {
  return {inSharedGroups: IN_SHARED_GROUPS, topLevel: new Set([...BUILT_IN, ...indexedCommands(env)])}
}

/** True when the Python az is known to have the command or group these words name (one or two words). */
export function pythonAzHas(commands: PythonAzCommands, words: readonly string[]): boolean {
  const [group, name] = words
  if (group === undefined || !commands.topLevel.has(group)) return false
  if (words.length === 1) return true
  return words.length === 2 && (commands.inSharedGroups[group] ?? []).includes(name)
}

/**
 * The top-level names in the Python az's command index (`commandIndex.json`, UTF-8 with a BOM:
 * `{"commandIndex": {"vm": [modules…], …}}`), or none when it has not written one.
 */
function indexedCommands(env: NodeJS.ProcessEnv): string[] {
  try {
    const text = readFileSync(join(configDir(env), 'commandIndex.json'), 'utf8').replace(/^\uFEFF/, '')
    const index = (JSON.parse(text) as {commandIndex?: unknown}).commandIndex
    return index && typeof index === 'object' ? Object.keys(index) : []
  } catch {
    return []
  }
}
