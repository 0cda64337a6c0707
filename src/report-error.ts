/**
 * An azx error printed as AzCommand prints it, for the host's code that runs outside AzCommand (the
 * command-not-found path, `az plugins install`): `ERROR: ` and the message, the recommendations
 * below it, and az's exit code.
 */
import type {AzError} from '@azx/core/errors'

export function reportError(error: AzError): void {
  process.stderr.write([`ERROR: ${error.message}`, ...error.recommendations, ''].join('\n'))
  process.exitCode = error.exitCode
}
