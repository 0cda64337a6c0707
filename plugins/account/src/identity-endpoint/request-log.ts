/**
 * The endpoint's log: one line per request with its time, client address, status, resource and
 * outcome. It is given only these fields, never a token or a header, so neither can reach it.
 * Resources come from clients: anything but printable ASCII is percent-encoded and long values are
 * cut, so a request cannot forge lines.
 */
export interface RequestLogEntry {
  time: Date
  client: string
  status: number
  /** What was asked for; undefined when the request named none. */
  resource?: string
  /** What happened, in a few words: `token valid until …`, `wrong X-IDENTITY-HEADER`. */
  outcome: string
  durationMs: number
}

const MAX_RESOURCE_LENGTH = 200

/** `2026-08-01T12:00:00.123Z 127.0.0.1 200 https://management.azure.com/ token valid until … (3 ms)` */
export function formatLogLine(entry: RequestLogEntry): string {
  const resource = entry.resource === undefined ? '-' : printable(entry.resource)
  return `${entry.time.toISOString()} ${printable(entry.client)} ${entry.status} ${resource} ${entry.outcome} (${Math.round(entry.durationMs)} ms)`
}

function printable(value: string): string {
  const cut = value.length > MAX_RESOURCE_LENGTH ? `${value.slice(0, MAX_RESOURCE_LENGTH)}...` : value
  return cut.replace(/[^\x21-\x7e]/gu, (character) => encodeURIComponent(character))
}
