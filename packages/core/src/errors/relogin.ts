/**
 * az's advice to sign in again, as today's az words it (azure/cli/core/auth/util.py): the exact
 * `az login` that gets a token the refused one could not, naming the tenant (MFA is per tenant),
 * the scopes (a resource may demand more than ARM) and the claims a resource asked for in a
 * challenge (Conditional Access, continuous access evaluation), base64 so a shell leaves them alone.
 */

/** What the new sign-in must cover. */
interface ReloginTarget {
  tenant?: string
  scopes?: readonly string[]
  /** The claims JSON of a challenge, as a resource or Entra ID sent it (decoded). */
  claims?: string
}

const RELOGIN_PREAMBLE = 'Run the command below to authenticate interactively; additional arguments may be added as needed:'

/** `az login --tenant "T" --scope "S1" "S2" --claims-challenge "BASE64"`, with what is known. */
function reloginCommand(target: ReloginTarget): string {
  const words = ['az login']
  if (target.tenant) words.push('--tenant', `"${target.tenant}"`)
  if (target.scopes && target.scopes.length > 0) words.push('--scope', ...target.scopes.map((scope) => `"${scope}"`))
  if (target.claims) words.push('--claims-challenge', `"${Buffer.from(target.claims, 'utf8').toString('base64')}"`)
  return words.join(' ')
}

/**
 * The lines az prints below the error. `az logout` comes first so that nothing cached for the
 * account survives into the new sign-in.
 */
export function reloginLines(target: ReloginTarget): string[] {
  return [RELOGIN_PREAMBLE, 'az logout', reloginCommand(target)]
}
