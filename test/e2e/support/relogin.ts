/**
 * The advice az prints after an error that only a new sign-in can fix, read off stderr as a person
 * would copy it: the preamble, `az logout`, then the `az login …` line.
 */
const PREAMBLE = 'Run the command below to authenticate interactively; additional arguments may be added as needed:'

/** The words of `az login …` (double quotes removed), as a shell would split the line. */
function shellWords(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map(([, quoted, bare]) => quoted ?? bare)
}

/** The commands of the advice in `stderr`, as argument lists without the leading `az`; throws when there is none. */
export function printedRelogin(stderr: string): {logout: string[]; login: string[]; loginLine: string} {
  const lines = stderr.split('\n')
  const start = lines.indexOf(PREAMBLE)
  if (start === -1 || lines[start + 1] !== 'az logout' || !lines[start + 2]?.startsWith('az login'))
    throw new Error(`no re-login advice in:\n${stderr}`)
  return {login: shellWords(lines[start + 2]).slice(1), loginLine: lines[start + 2], logout: ['logout']}
}

/** The claims JSON of a `--claims-challenge "…"` argument. */
export function decodedClaims(login: string[]): unknown {
  const value = login[login.indexOf('--claims-challenge') + 1]
  return JSON.parse(Buffer.from(value, 'base64').toString('utf8'))
}
