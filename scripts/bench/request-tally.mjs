// What the CLIs asked the emulator while they were measured: a cached command should ask nothing,
// and a sign-in's count of round trips explains much of its time under added latency.

export class RequestTally {
  /** `runs`: how many measured calls each CLI makes, to report per call. */
  constructor(emulator, runs) {
    this.emulator = emulator
    this.runs = runs
    this.byCli = new Map()
  }

  /**
   * Runs `work` (one call of `cli`, alone on the emulator) with a cleared request log and, when
   * `counted`, files what it asked under `cli`.
   */
  async around(cli, counted, work) {
    this.emulator.requests.clear()
    const value = await work()
    if (counted && (cli === 'azx' || cli === 'az')) {
      const tally = this.byCli.get(cli) ?? new Map()
      for (const entry of this.emulator.requests.entries()) tally.set(this.#name(entry), (tally.get(this.#name(entry)) ?? 0) + 1)
      this.byCli.set(cli, tally)
    }

    return value
  }

  /** `CONNECT azure.microsoft.com`, `POST token refresh_token`, `GET instance-discovery (login.microsoftonline.com)`… */
  #name(entry) {
    const host = entry.host.replace(/:\d+$/, '')
    if (entry.method === 'CONNECT') return `CONNECT ${host}`
    const what = [entry.method, entry.route, entry.grantType?.replace('urn:ietf:params:oauth:grant-type:', '')].filter(Boolean).join(' ')
    return host === 'localhost' ? what : `${what} (${host})`
  }

  /** One sentence per CLI: its requests per call, most frequent first. */
  describe(command) {
    return ['azx', 'az'].map((cli) => {
      const tally = [...(this.byCli.get(cli) ?? new Map())].sort((a, b) => b[1] - a[1])
      const total = tally.reduce((sum, [, count]) => sum + count, 0) / this.runs
      const perCall = tally.map(([what, count]) => `${Number((count / this.runs).toFixed(2))} × ${what}`).join(', ')
      const requests = `${Number(total.toFixed(2))} ${total === 1 ? 'request' : 'requests'} to the emulator per call (${perCall})`
      return `${cli} \`${command}\`: ${perCall ? requests : 'no request to the emulator'}.`
    })
  }
}
