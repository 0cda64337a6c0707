/**
 * az's two spellings of a name: snake_case in clouds.config (`resource_manager`) and camelCase in
 * output and in `--cloud-config` (`resourceManager`). The conversions are knack's, so odd names
 * (`vmImageAliasDoc`, `azmirrorStorageAccountResourceId`) come out as az spells them.
 */
import type {EndpointName} from './builtin.js'

/** `endpointResourceManager` → `endpoint_resource_manager`, as knack's to_snake_case. */
export function toSnakeCase(name: string): string {
  return name
    .replaceAll(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replaceAll(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
}

/** `resource_manager` → `resourceManager`, as knack's to_camel_case (a leading `_` is kept). */
export function toCamelCase(name: string): string {
  return name.replaceAll(/(?!^)_([a-zA-Z])/g, (_match, letter: string) => letter.toUpperCase())
}

/**
 * The endpoints `az cloud register` and `az cloud update` have a flag for (`--endpoint-<name>`), as
 * az has them; the others are set through `--cloud-config`.
 */
export const FLAGGED_ENDPOINTS: readonly EndpointName[] = [
  'active_directory',
  'active_directory_data_lake_resource_id',
  'active_directory_graph_resource_id',
  'active_directory_resource_id',
  'gallery',
  'management',
  'resource_manager',
  'sql_management',
  'vm_image_alias_doc',
]

/** `resource_manager` → `--endpoint-resource-manager`: the flag that sets an endpoint. */
export function endpointFlag(name: string): string {
  return `--endpoint-${name.replaceAll('_', '-')}`
}

/** `keyvault_dns` → `--suffix-keyvault-dns`: the flag that sets a suffix. */
export function suffixFlag(name: string): string {
  return `--suffix-${name.replaceAll('_', '-')}`
}
