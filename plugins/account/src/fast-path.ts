/**
 * The account commands azx answers before oclif loads (see @azx/core/fast-path): a cached access
 * token and the current subscription. Each runs what its oclif command runs, and declines (returns
 * undefined, or throws) whenever the command must decide, e.g. a token MSAL has to refresh.
 */
import type {FastCommands} from '@azx/core/fast-path'
import {service} from '@azx/core/registry'

import {accessTokenRequest, getCachedAccessToken} from './access-token.js'
import type {AccessTokenFlags} from './access-token.js'

export const fastCommands: FastCommands = {
  commands: {
    'account:get-access-token': {
      async run(flags) {
        const token = await getCachedAccessToken(accessTokenRequest(flags as AccessTokenFlags))
        return token && {data: token}
      },
    },
    'account:show': {run: async (flags) => ({data: await (await service('profile')).getSubscription((flags as AccessTokenFlags).subscription)})},
  },
  manifest: new URL('../oclif.manifest.json', import.meta.url),
}
