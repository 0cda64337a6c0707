/**
 * azureProfile.json: the stored subscriptions, per cloud, and the default one. Reached through
 * `service('profile')`.
 */
export {formatProfile, parseProfileText} from './profile-file.js'
export {pythonJsonDumps} from './python-json.js'
export {LOGIN_MESSAGE, ProfileService} from './service.js'
export type {CloudSwitchOutcome, ListOptions, ProfileServiceOptions, SaveOptions} from './service.js'
export {matchesSubscription, normalizeSubscription, pickWorkingSubscription, toAccountListEntry} from './subscription.js'
export type {
  AccountListEntry,
  ManagedByTenant,
  NewSubscription,
  ProfileDocument,
  StoredSubscription,
  SubscriptionFields,
  SubscriptionUser,
} from './types.js'
