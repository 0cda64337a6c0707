/**
 * The subscription selector of `az login` (az's "login experience v2"): a numbered table of the
 * subscriptions found, the default marked `*`, and a prompt where a number selects and Enter keeps
 * the default. The table and the reading of an answer are pure (selection.ts); the prompt is
 * @inquirer/prompts, loaded only when the selector really runs. When login shows it is login's
 * decision (plugins/login, sign-in/selector-policy.ts).
 */
export {selectorTable} from './selection.js'
export type {SelectableSubscription} from './selection.js'
export {runSubscriptionSelector} from './prompt.js'
export type {SelectorIo} from './prompt.js'
