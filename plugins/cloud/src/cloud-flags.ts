/**
 * The flags `az cloud register` and `az cloud update` share, with az's names and help, and the
 * CloudInput they make.
 */
import {readFile} from 'node:fs/promises'

import {API_PROFILES, cloudInputFromConfig, CommandError, enumFlag, mergeCloudInputs} from '@azx/core'
import type {CloudInput} from '@azx/core'
import * as Flags from '@oclif/core/flags'

/** `--profile`, one of az's API profiles. */
export const profileFlag = enumFlag({options: API_PROFILES, summary: 'Profile to use for this cloud.'})

/** Every flag that describes a cloud, with az's names and help, as register and update have them. */
export const cloudDefinitionFlags = {
  'cloud-config': Flags.string({helpValue: 'JSON|@FILE', summary: 'JSON encoded cloud configuration. Use @{file} to load from a file.'}),
  'endpoint-active-directory': Flags.string({summary: 'The Active Directory login endpoint.'}),
  'endpoint-active-directory-data-lake-resource-id': Flags.string({summary: 'The Active Directory resource ID for data lake services.'}),
  'endpoint-active-directory-graph-resource-id': Flags.string({summary: 'The Active Directory resource ID.'}),
  'endpoint-active-directory-resource-id': Flags.string({summary: 'The resource ID to obtain AD tokens for.'}),
  'endpoint-gallery': Flags.string({summary: 'The template gallery endpoint.'}),
  'endpoint-management': Flags.string({summary: 'The management service endpoint.'}),
  'endpoint-resource-manager': Flags.string({summary: 'The resource management endpoint.'}),
  'endpoint-sql-management': Flags.string({summary: 'The sql server management endpoint.'}),
  'endpoint-vm-image-alias-doc': Flags.string({summary: 'The uri of the document which caches commonly used virtual machine images.'}),
  profile: profileFlag,
  'suffix-acr-login-server-endpoint': Flags.string({summary: 'The Azure Container Registry login server suffix.'}),
  'suffix-azure-datalake-analytics-catalog-and-job-endpoint': Flags.string({summary: 'The Data Lake analytics job and catalog service dns suffix.'}),
  'suffix-azure-datalake-store-file-system-endpoint': Flags.string({summary: 'The Data Lake store filesystem service dns suffix.'}),
  'suffix-keyvault-dns': Flags.string({summary: 'The Key Vault service dns suffix.'}),
  'suffix-sql-server-hostname': Flags.string({summary: 'The dns suffix for sql servers.'}),
  'suffix-storage-endpoint': Flags.string({summary: 'The endpoint suffix for storage accounts.'}),
}

/** The values of {@link cloudDefinitionFlags} after parsing. */
type CloudDefinitionFlags = {'cloud-config'?: string; profile?: string} & Record<string, unknown>

/**
 * The cloud described by the flags: `--cloud-config` first, then every other flag over it (az
 * ignores the other flags when `--cloud-config` is given; azx lets them win instead of dropping them).
 */
export async function cloudInputFromFlags(flags: CloudDefinitionFlags): Promise<CloudInput> {
  const endpoints: Record<string, string> = {}
  const suffixes: Record<string, string> = {}
  for (const [flag, value] of Object.entries(flags)) {
    if (typeof value !== 'string') continue
    if (flag.startsWith('endpoint-')) endpoints[snake(flag.slice('endpoint-'.length))] = value
    else if (flag.startsWith('suffix-')) suffixes[snake(flag.slice('suffix-'.length))] = value
  }

  const given: CloudInput = {endpoints, profile: flags.profile, suffixes}
  if (flags['cloud-config'] === undefined) return given
  return mergeCloudInputs(cloudInputFromConfig(await parseCloudConfig(flags['cloud-config'])), given)
}

/** `--cloud-config` as JSON, read from a file when it starts with `@` (az's convention). */
async function parseCloudConfig(value: string): Promise<unknown> {
  let text = value
  if (value.startsWith('@')) {
    const path = value.slice(1).replace(/^"(.*)"$/, '$1')
    try {
      text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '')
    } catch (error) {
      throw new CommandError(`The file '${path}' given to --cloud-config could not be read: ${(error as Error).message}`, {cause: error})
    }
  }

  try {
    return JSON.parse(text)
  } catch (error) {
    throw new CommandError(`Failed to parse string as JSON:\n${text}\nError detail: ${(error as Error).message}`, {
      recommendations: [
        'The provided JSON string may have been parsed by the shell. ' +
          'See https://docs.microsoft.com/cli/azure/use-cli-effectively#use-quotation-marks-in-arguments',
      ],
    })
  }
}

function snake(flagName: string): string {
  return flagName.replaceAll('-', '_')
}
