/**
 * Azure clouds: the built-in ones (AzureCloud, AzureChinaCloud, AzureUSGovernment), custom clouds
 * in `clouds.config`, and the active cloud. Reached through `service('clouds')`.
 */
export {API_PROFILES, BUILT_IN_CLOUDS, DEFAULT_CLOUD_NAME, DEFAULT_PROFILE, ENDPOINT_NAMES, isApiProfile, isBuiltInCloud, SUFFIX_NAMES} from './builtin.js'
export type {ApiProfile, BuiltInCloud, CloudEndpoints, CloudSuffixes, EndpointName, SuffixName} from './builtin.js'
export type {Cloud, CloudInput} from './cloud.js'
export {assertHttpsEndpoints, cloudInputFromConfig, mergeCloudInputs} from './input.js'
export {metadataUrl} from './metadata.js'
export {endpointFlag, suffixFlag, toCamelCase, toSnakeCase} from './names.js'
export {toCloudOutput} from './output.js'
export type {CloudOutput} from './output.js'
export {CloudService} from './service.js'
export type {CloudServiceOptions, CloudSwitch} from './service.js'
