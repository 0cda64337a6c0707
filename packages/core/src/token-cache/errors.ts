import {CommandError} from '../errors/index.js'

/**
 * A cache file that cannot be read: corrupt, truncated, or not a token cache at all. `problem`
 * comes from parseCacheText and never quotes the file (it may hold tokens).
 */
export function unreadableCacheError(path: string, problem: string): CommandError {
  return new CommandError(`The token cache '${path}' cannot be read: ${problem}.`, {
    recommendations: ["Run 'az account clear' to delete it (or move the file away to keep a copy), then sign in again with 'az login'."],
  })
}

/**
 * The encrypted store (core.encrypt_token_cache=true) cannot be used. `reason` says what failed;
 * the recommendations say how to turn encryption off, as az users do on headless machines.
 */
export function encryptedStoreError(reason: string): CommandError {
  return new CommandError(`The encrypted token cache (core.encrypt_token_cache=true) is not available: ${reason}`, {
    recommendations: [
      'To keep the tokens in a plaintext file that only you can read (mode 0600, as az does on Linux), turn encryption off and sign in again:',
      '  az config set core.encrypt_token_cache=false',
      'The environment variable AZURE_CORE_ENCRYPT_TOKEN_CACHE, when set, overrides the config file.',
    ],
  })
}

/** The first line of an error's message, shortened: enough to tell what failed, nothing more. */
export function briefly(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  const line = message.split('\n')[0].replaceAll(/\s+/g, ' ').trim()
  return line.length > 300 ? `${line.slice(0, 297)}...` : line
}
