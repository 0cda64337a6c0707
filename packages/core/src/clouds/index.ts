/**
 * @azx/core/clouds: Azure clouds for code that runs without oclif, also exported by
 * @azx/core: the built-in clouds (AzureCloud, AzureChinaCloud, AzureUSGovernment), the types of a
 * cloud read with clouds.config applied, and the lookup of an endpoint a command needs. The clouds
 * themselves come from `service('clouds')`.
 */
export {BUILT_IN_CLOUDS, DEFAULT_CLOUD_NAME, ENDPOINT_NAMES, isBuiltInCloud, SUFFIX_NAMES} from './builtin.js'
export type {CloudEndpoints, CloudSuffixes, EndpointName, SuffixName} from './builtin.js'
export type {Cloud} from './cloud.js'
export {requiredEndpoint} from './endpoints.js'
export type {CloudService} from './service.js'
