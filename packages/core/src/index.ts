/**
 * @azx/core: the SDK every az plugin builds on.
 *
 * Everything exported here is public and kept stable within a major version (see docs/plugins.md).
 * Heavy modules (MSAL, prompts, JMESPath) are loaded only inside the functions that need them,
 * so importing this module is cheap.
 */
export {AzCommand, flagSpelling} from './command/index.js'
export type {AzArgs, AzFlags} from './command/index.js'
export {resolveSubscriptionContext} from './command/subscription-context.js'
export type {ArmClientOptions, SubscriptionContext} from './command/subscription-context.js'
export {AzxCredential} from './credential/token-credential.js'
export type {AzxCredentialOptions} from './credential/token-credential.js'
export {fromRestError} from './azure-sdk/rest-error.js'
export {sdkHttpClient} from './azure-sdk/http-client.js'
export type {SdkHttpClient, SdkHttpHeaders, SdkHttpRequest, SdkHttpResponse} from './azure-sdk/http-client.js'
export {AzError, closestWord, CommandError, ExitCode, isAzError, NotFoundError, usageHelpLines, UsageError} from './errors/index.js'
export type {AzErrorOptions, ExitCodeValue, UsageErrorOptions} from './errors/index.js'
export {enumFlag, globalFlags, outputFlag, queryFlag, subscriptionFlag} from './flags/index.js'
export {configureLogging, log, Logger, redact} from './logger/index.js'
export type {LoggingOptions, LogLevel} from './logger/index.js'
// The renderers are behind `@azx/core/output`: every command imports this module, few render by hand.
export {OUTPUT_FORMATS} from './output/formats.js'
export type {OutputFormat, TableTransformer} from './output/formats.js'
export type {CompiledQuery} from './output/query.js'
export {ConfigFile, configDir, configFile} from './paths/index.js'
export {defineService, registryOwner, resetServiceInstances, service} from './registry/index.js'
export type {CoreServices} from './registry/index.js'
export {parseSettingAssignment, parseSettingKey, splitSettingQuery} from './settings/keys.js'
export type {SettingAssignment, SettingKey} from './settings/keys.js'
export type {ScopeOptions, SettingEntry, SettingsService} from './settings/index.js'
export {API_PROFILES, BUILT_IN_CLOUDS, DEFAULT_CLOUD_NAME, ENDPOINT_NAMES, isApiProfile, isBuiltInCloud, SUFFIX_NAMES} from './clouds/builtin.js'
export type {ApiProfile, CloudEndpoints, CloudSuffixes, EndpointName, SuffixName} from './clouds/builtin.js'
export type {Cloud, CloudInput} from './clouds/cloud.js'
export {requiredEndpoint} from './clouds/endpoints.js'
export {cloudInputFromConfig, mergeCloudInputs} from './clouds/input.js'
export {toCloudOutput} from './clouds/output.js'
export type {CloudOutput} from './clouds/output.js'
export type {CloudService, CloudServiceOptions, CloudSwitch} from './clouds/service.js'
export {LOGIN_MESSAGE} from './profile/service.js'
export {normalizeSubscription, toAccountListEntry} from './profile/subscription.js'
export type {CloudSwitchOutcome, ListOptions, ProfileService, SaveOptions} from './profile/service.js'
export type {
  AccountListEntry,
  ManagedByTenant,
  NewSubscription,
  ProfileDocument,
  StoredSubscription,
  SubscriptionFields,
  SubscriptionUser,
} from './profile/types.js'
export type {CacheDocument, CacheEntry, CacheRemoval, CacheSection, CachedAccount, TokenCacheOptions, TokenCacheService} from './token-cache/index.js'
export type {
  ArmAuthorization,
  ArmError,
  ArmErrorDetails,
  ArmNotFoundError,
  ArmPage,
  ArmRequestOptions,
  ClaimsChallengeError,
  HttpNetworkError,
  HttpRequest,
  HttpResponse,
  HttpService,
  MsalNetworkClient,
  MsalNetworkClientOptions,
  RetryOptions,
} from './http/index.js'
