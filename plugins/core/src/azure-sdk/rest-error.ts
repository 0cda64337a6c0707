/**
 * Azure SDK errors (core-rest-pipeline's `RestError`) as az reports them: azure-core's text
 * `(Code) Message\nCode: Code\nMessage: Message`, exit 3 for a 404 (az's ResourceNotFoundError),
 * exit 1 otherwise. AzCommand applies this to whatever a command throws, so a plugin that calls an
 * SDK client needs no error handling of its own.
 */
import {CommandError, NotFoundError} from '../errors/index.js'
import type {AzError} from '../errors/index.js'

interface RestErrorLike extends Error {
  statusCode?: number
  code?: string
}

/**
 * az's error for an Azure SDK `RestError` (recognised by its name, so any copy of the SDK
 * works), or undefined for anything else.
 */
export function fromRestError(error: unknown): AzError | undefined {
  if (!(error instanceof Error) || error.name !== 'RestError') return undefined
  const {code, message, statusCode} = error as RestErrorLike
  const text = code && message && statusCode !== undefined ? `(${code}) ${message}\nCode: ${code}\nMessage: ${message}` : message
  return statusCode === 404 ? new NotFoundError(text, {cause: error}) : new CommandError(text, {cause: error})
}
