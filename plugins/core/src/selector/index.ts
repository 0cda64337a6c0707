/**
 * The subscription selector of `az login` (az's "login experience v2"): a numbered table of the
 * subscriptions found, the default marked `*`, and a prompt where a number selects and Enter keeps
 * the default. The choice logic is pure (selection.ts); the prompt is @inquirer/prompts, loaded
 * only when the selector really runs.
 */
export {selectorTable, shouldShowSelector} from './selection.js'
export type {SelectableSubscription, SelectorDecision} from './selection.js'
export {runSubscriptionSelector} from './prompt.js'
export type {SelectorIo} from './prompt.js'
