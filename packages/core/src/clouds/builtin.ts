/**
 * The clouds az knows without any configuration, their endpoint and suffix names, and the API
 * profiles a cloud may use. The values are az's (2.45 `az cloud show`); AzureGermanCloud, which
 * 2.45 still lists, was shut down in 2021 and later removed from az, so azx does not carry it.
 */

/**
 * Endpoint names as az stores them (`endpoint_<name>` in clouds.config), in az's order. The order
 * matters: az writes a cloud's keys in this order, and `--query` output keeps it.
 */
export const ENDPOINT_NAMES = [
  'management',
  'resource_manager',
  'sql_management',
  'batch_resource_id',
  'gallery',
  'active_directory',
  'active_directory_resource_id',
  'active_directory_graph_resource_id',
  'microsoft_graph_resource_id',
  'active_directory_data_lake_resource_id',
  'vm_image_alias_doc',
  'media_resource_id',
  'ossrdbms_resource_id',
  'log_analytics_resource_id',
  'app_insights_resource_id',
  'app_insights_telemetry_channel_resource_id',
  'synapse_analytics_resource_id',
  'attestation_resource_id',
  'portal',
  'azmirror_storage_account_resource_id',
] as const

/** Suffix names as az stores them (`suffix_<name>`), in az's order. */
export const SUFFIX_NAMES = [
  'storage_endpoint',
  'storage_sync_endpoint',
  'keyvault_dns',
  'mhsm_dns',
  'sql_server_hostname',
  'mysql_server_endpoint',
  'postgresql_server_endpoint',
  'mariadb_server_endpoint',
  'azure_datalake_store_file_system_endpoint',
  'azure_datalake_analytics_catalog_and_job_endpoint',
  'acr_login_server_endpoint',
  'synapse_analytics_endpoint',
  'attestation_endpoint',
] as const

export type EndpointName = (typeof ENDPOINT_NAMES)[number]
export type SuffixName = (typeof SUFFIX_NAMES)[number]

/**
 * A cloud's endpoints by snake_case name; an unset endpoint is absent. Names az does not know may
 * appear too: az keeps whatever `endpoint_*` keys clouds.config holds, and so does azx.
 */
export type CloudEndpoints = Readonly<Partial<Record<EndpointName, string>>> & Readonly<Record<string, string | undefined>>

/** A cloud's DNS suffixes by snake_case name; an unset suffix is absent. */
export type CloudSuffixes = Readonly<Partial<Record<SuffixName, string>>> & Readonly<Record<string, string | undefined>>

/** The API profiles az supports, in az's order (`az cloud list-profiles`). */
export const API_PROFILES = ['latest', '2017-03-09-profile', '2018-03-01-hybrid', '2019-03-01-hybrid', '2020-09-01-hybrid'] as const

export type ApiProfile = (typeof API_PROFILES)[number]

/** The profile of a cloud that names none. */
export const DEFAULT_PROFILE: ApiProfile = 'latest'

/** The cloud az uses when `[cloud] name` is unset. */
export const DEFAULT_CLOUD_NAME = 'AzureCloud'

export interface BuiltInCloud {
  readonly name: string
  readonly endpoints: CloudEndpoints
  readonly suffixes: CloudSuffixes
}

const VM_IMAGE_ALIAS_DOC = 'https://raw.githubusercontent.com/Azure/azure-rest-api-specs/main/arm-compute/quickstart-templates/aliases.json'

const AZURE_CLOUD: BuiltInCloud = {
  name: 'AzureCloud',
  endpoints: {
    management: 'https://management.core.windows.net/',
    resource_manager: 'https://management.azure.com/',
    sql_management: 'https://management.core.windows.net:8443/',
    batch_resource_id: 'https://batch.core.windows.net/',
    gallery: 'https://gallery.azure.com/',
    active_directory: 'https://login.microsoftonline.com',
    active_directory_resource_id: 'https://management.core.windows.net/',
    active_directory_graph_resource_id: 'https://graph.windows.net/',
    microsoft_graph_resource_id: 'https://graph.microsoft.com/',
    active_directory_data_lake_resource_id: 'https://datalake.azure.net/',
    vm_image_alias_doc: VM_IMAGE_ALIAS_DOC,
    media_resource_id: 'https://rest.media.azure.net',
    ossrdbms_resource_id: 'https://ossrdbms-aad.database.windows.net',
    log_analytics_resource_id: 'https://api.loganalytics.io',
    app_insights_resource_id: 'https://api.applicationinsights.io',
    app_insights_telemetry_channel_resource_id: 'https://dc.applicationinsights.azure.com/v2/track',
    synapse_analytics_resource_id: 'https://dev.azuresynapse.net',
    attestation_resource_id: 'https://attest.azure.net',
    portal: 'https://portal.azure.com',
  },
  suffixes: {
    storage_endpoint: 'core.windows.net',
    storage_sync_endpoint: 'afs.azure.net',
    keyvault_dns: '.vault.azure.net',
    mhsm_dns: '.managedhsm.azure.net',
    sql_server_hostname: '.database.windows.net',
    mysql_server_endpoint: '.mysql.database.azure.com',
    postgresql_server_endpoint: '.postgres.database.azure.com',
    mariadb_server_endpoint: '.mariadb.database.azure.com',
    azure_datalake_store_file_system_endpoint: 'azuredatalakestore.net',
    azure_datalake_analytics_catalog_and_job_endpoint: 'azuredatalakeanalytics.net',
    acr_login_server_endpoint: '.azurecr.io',
    synapse_analytics_endpoint: '.dev.azuresynapse.net',
    attestation_endpoint: '.attest.azure.net',
  },
}

const AZURE_CHINA_CLOUD: BuiltInCloud = {
  name: 'AzureChinaCloud',
  endpoints: {
    management: 'https://management.core.chinacloudapi.cn/',
    resource_manager: 'https://management.chinacloudapi.cn',
    sql_management: 'https://management.core.chinacloudapi.cn:8443/',
    batch_resource_id: 'https://batch.chinacloudapi.cn/',
    gallery: 'https://gallery.chinacloudapi.cn/',
    active_directory: 'https://login.chinacloudapi.cn',
    active_directory_resource_id: 'https://management.core.chinacloudapi.cn/',
    active_directory_graph_resource_id: 'https://graph.chinacloudapi.cn/',
    microsoft_graph_resource_id: 'https://microsoftgraph.chinacloudapi.cn',
    vm_image_alias_doc: VM_IMAGE_ALIAS_DOC,
    media_resource_id: 'https://rest.media.chinacloudapi.cn',
    ossrdbms_resource_id: 'https://ossrdbms-aad.database.chinacloudapi.cn',
    log_analytics_resource_id: 'https://api.loganalytics.azure.cn',
    app_insights_resource_id: 'https://api.applicationinsights.azure.cn',
    app_insights_telemetry_channel_resource_id: 'https://dc.applicationinsights.azure.cn/v2/track',
    synapse_analytics_resource_id: 'https://dev.azuresynapse.azure.cn',
    portal: 'https://portal.azure.cn',
  },
  suffixes: {
    storage_endpoint: 'core.chinacloudapi.cn',
    keyvault_dns: '.vault.azure.cn',
    mhsm_dns: '.managedhsm.azure.cn',
    sql_server_hostname: '.database.chinacloudapi.cn',
    mysql_server_endpoint: '.mysql.database.chinacloudapi.cn',
    postgresql_server_endpoint: '.postgres.database.chinacloudapi.cn',
    mariadb_server_endpoint: '.mariadb.database.chinacloudapi.cn',
    acr_login_server_endpoint: '.azurecr.cn',
    synapse_analytics_endpoint: '.dev.azuresynapse.azure.cn',
  },
}

const AZURE_US_GOVERNMENT: BuiltInCloud = {
  name: 'AzureUSGovernment',
  endpoints: {
    management: 'https://management.core.usgovcloudapi.net/',
    resource_manager: 'https://management.usgovcloudapi.net/',
    sql_management: 'https://management.core.usgovcloudapi.net:8443/',
    batch_resource_id: 'https://batch.core.usgovcloudapi.net/',
    gallery: 'https://gallery.usgovcloudapi.net/',
    active_directory: 'https://login.microsoftonline.us',
    active_directory_resource_id: 'https://management.core.usgovcloudapi.net/',
    active_directory_graph_resource_id: 'https://graph.windows.net/',
    microsoft_graph_resource_id: 'https://graph.microsoft.us/',
    vm_image_alias_doc: VM_IMAGE_ALIAS_DOC,
    media_resource_id: 'https://rest.media.usgovcloudapi.net',
    ossrdbms_resource_id: 'https://ossrdbms-aad.database.usgovcloudapi.net',
    log_analytics_resource_id: 'https://api.loganalytics.us',
    app_insights_resource_id: 'https://api.applicationinsights.us',
    app_insights_telemetry_channel_resource_id: 'https://dc.applicationinsights.us/v2/track',
    synapse_analytics_resource_id: 'https://dev.azuresynapse.usgovcloudapi.net',
    portal: 'https://portal.azure.us',
  },
  suffixes: {
    storage_endpoint: 'core.usgovcloudapi.net',
    storage_sync_endpoint: 'afs.azure.us',
    keyvault_dns: '.vault.usgovcloudapi.net',
    mhsm_dns: '.managedhsm.usgovcloudapi.net',
    sql_server_hostname: '.database.usgovcloudapi.net',
    mysql_server_endpoint: '.mysql.database.usgovcloudapi.net',
    postgresql_server_endpoint: '.postgres.database.usgovcloudapi.net',
    mariadb_server_endpoint: '.mariadb.database.usgovcloudapi.net',
    acr_login_server_endpoint: '.azurecr.us',
    synapse_analytics_endpoint: '.dev.azuresynapse.usgovcloudapi.net',
  },
}

/** The built-in clouds, in the order `az cloud list` shows them. */
export const BUILT_IN_CLOUDS: readonly BuiltInCloud[] = [AZURE_CLOUD, AZURE_CHINA_CLOUD, AZURE_US_GOVERNMENT]

/** True for the name of a built-in cloud (exact, as az compares it). */
export function isBuiltInCloud(name: string): boolean {
  return BUILT_IN_CLOUDS.some((cloud) => cloud.name === name)
}

/** True for a profile az supports. */
export function isApiProfile(value: string): value is ApiProfile {
  return (API_PROFILES as readonly string[]).includes(value)
}
