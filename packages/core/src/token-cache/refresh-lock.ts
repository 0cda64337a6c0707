import {log} from '../logger/index.js'
import {ProcessTurn, withFileLock} from '../store/index.js'
import type {LockOptions} from '../store/index.js'

/**
 * A token request that MSAL could not answer from the cache waits this long for another process's
 * request to end, then goes ahead without the lock: a slow neighbour may cost one extra request,
 * never a failed command. Longer than one token request normally takes, shorter than the http
 * service's worst case (30 s per attempt plus retries).
 */
const WAIT_MS = 45_000

/**
 * One token request at a time per token cache, in this process and across processes: the lock a
 * refresh (or any token request MSAL could not answer from the cache) holds from before it reads
 * the cache again until its answer is stored.
 *
 * Why: a server that rotates refresh tokens may take each one once (OAuth 2.1), so a refresh must
 * send the refresh token the previous one returned; and when 32 processes need the same expired
 * token, the first to get the lock asks for it and the others find it in the cache when their
 * turn comes, so Entra ID sees one request instead of 32 (its request-loop throttling,
 * AADSTS50196, punishes the rest). The lock is a file of its own (`<cache>.refresh.lock`), not the
 * cache file's lock: holding it through a network request must not block the writers of the cache
 * file, the Python az's among them.
 */
export class RefreshLock {
  private readonly turn = new ProcessTurn()

  constructor(
    /** The cache file the lock is for; the lock file is `<path>.refresh.lock`. */
    private readonly cachePath: string,
    private readonly lockOptions: LockOptions = {},
  ) {}

  /** Runs `request` holding the lock: first this process's turn, then the cross-process lock. */
  async run<T>(request: () => Promise<T>): Promise<T> {
    const endTurn = await this.turn.take()
    try {
      return await this.holdingFileLock(request)
    } finally {
      endTurn()
    }
  }

  private async holdingFileLock<T>(request: () => Promise<T>): Promise<T> {
    let started = false
    try {
      return await withFileLock(
        `${this.cachePath}.refresh`,
        () => {
          started = true
          return request()
        },
        {staleMs: WAIT_MS, timeoutMs: WAIT_MS, ...this.lockOptions},
      )
    } catch (error) {
      if (started) throw error
      log().debug('token-cache', `Requesting a token without the refresh lock: ${(error as Error).message}`)
      return request()
    }
  }
}
