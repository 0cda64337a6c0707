/**
 * `.publishsettings` files from the older `azure` CLI (`azure account import`). They carry
 * management certificates, which only ever worked with Azure Service Management; ASM was retired on
 * 31 August 2024, so azx reads the file only to say what it holds and what to do instead.
 */
import {readFile} from 'node:fs/promises'

import {CommandError} from '@azx/core'

interface PublishedSubscription {
  id: string
  name: string
  /** The Service Management endpoint the file names. */
  managementUrl?: string
}

interface PublishSettings {
  schemaVersion: '1.0' | '2.0'
  subscriptions: PublishedSubscription[]
}

const ATTRIBUTE = /([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g

/** The start tags of an element; `>` may appear unescaped inside quoted attribute values. */
function startTags(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}\\b(?:[^>"']|"[^"]*"|'[^']*')*>`, 'g'))].map(([tag]) => tag)
}

function attributes(tag: string): Record<string, string> {
  const found: Record<string, string> = {}
  for (const match of tag.matchAll(ATTRIBUTE)) found[match[1]] = decodeEntities(match[2] ?? match[3])
  return found
}

const NAMED_ENTITIES: Record<string, string> = {amp: '&', apos: "'", gt: '>', lt: '<', quot: '"'}

function decodeEntities(text: string): string {
  return text.replaceAll(/&(?:(lt|gt|quot|apos|amp)|#(\d+)|#x([\da-f]+));/gi, (entity, name?: string, decimal?: string, hex?: string) => {
    if (name) return NAMED_ENTITIES[name] ?? entity
    const codePoint = decimal ? Number(decimal) : Number.parseInt(hex!, 16)
    return codePoint <= 0x10_ffff ? String.fromCodePoint(codePoint) : entity
  })
}

/** Parses schema 1.0 (certificate on the profile) and 2.0 (`SchemaVersion="2.0"`, certificate per subscription). */
export function parsePublishSettings(text: string, path: string): PublishSettings {
  // Comments are not content: a commented-out subscription is not in the file.
  const xml = text.replace(/^\uFEFF/, '').replaceAll(/<!--[\s\S]*?-->/g, '')
  const [profileTag] = startTags(xml, 'PublishProfile')
  if (!/<PublishData\b/.test(xml) || !profileTag) {
    throw new CommandError(`'${path}' is not a publish settings file: it has no PublishData/PublishProfile element.`)
  }

  const profile = attributes(profileTag)
  const schemaVersion = profile.SchemaVersion === '2.0' ? '2.0' : '1.0'
  if (schemaVersion === '1.0' && profile.ManagementCertificate === undefined) {
    throw new CommandError(`'${path}' is not a publish settings file: its PublishProfile has no SchemaVersion and no ManagementCertificate.`)
  }

  const subscriptions = startTags(xml, 'Subscription').map((tag) => {
    const subscription = attributes(tag)
    const managementUrl = subscription.ServiceManagementUrl ?? profile.Url
    return {id: subscription.Id ?? '', name: subscription.Name ?? '', ...(managementUrl ? {managementUrl} : {})}
  })
  return {schemaVersion, subscriptions}
}

/** Reads the file and fails, always, with what it holds and what to do instead. Nothing is stored. */
export async function explainPublishSettings(path: string): Promise<never> {
  let xml: string
  try {
    xml = await readFile(path, 'utf8')
  } catch (error) {
    throw new CommandError(`Cannot read '${path}': ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`)
  }

  const settings = parsePublishSettings(xml, path)
  const listed = settings.subscriptions.map(
    (subscription) => `  ${subscription.id}  ${subscription.name}${subscription.managementUrl ? `  (${subscription.managementUrl})` : ''}`,
  )
  throw new CommandError(
    `'${path}' is a publish settings file (schema ${settings.schemaVersion}) with management certificates ` +
      `for ${settings.subscriptions.length} subscription(s), which azx does not import:\n${listed.join('\n')}`,
    {
      recommendations: [
        'Management certificates only ever worked with Azure Service Management (classic), ' +
          'which was retired on 31 August 2024; Azure Resource Manager never accepted them.',
        'Sign in with `az login` instead, or, for automation, with a service principal: ' +
          '`az login --service-principal -u APP_ID --tenant TENANT --certificate PEM_FILE`.',
        `Nothing was stored. The file holds a private key in plain text: delete '${path}' once you no longer need it.`,
      ],
    },
  )
}
