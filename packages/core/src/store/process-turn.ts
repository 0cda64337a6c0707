/**
 * One holder at a time within this process, in the order they asked: the in-process half of a lock
 * whose other half is a lock file. The lock file names its owner by PID, so a second holder in the
 * same process would take it for its own or wait on itself; its turn comes first instead.
 */
export class ProcessTurn {
  private last: Promise<void> = Promise.resolve()

  /** Waits until every earlier holder has ended its turn; the returned function ends this one. */
  async take(): Promise<() => void> {
    const previous = this.last
    let end!: () => void
    this.last = new Promise((resolve) => {
      end = resolve
    })
    await previous
    return end
  }
}
