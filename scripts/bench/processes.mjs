// Running commands for the benchmarks: one at a time with its wall time, many at once, under
// python3's getrusage for peak memory, and several commands taken in turn.
//
// Always asynchronous: the emulator answers in this very process, so a spawnSync would freeze it
// while a CLI waits for an answer.
import {spawn} from 'node:child_process'

/** The children still running, so that an interrupted benchmark can stop them. */
const running = new Set()

/** Stops every child still running (SIGKILL): for a benchmark interrupted by a signal. */
export function killRunning() {
  for (const child of running) child.kill('SIGKILL')
}

/**
 * Runs `argv` and resolves with its exit code, output and wall time in ms (from spawn to exit, the
 * process's start-up included). Never rejects on a non-zero exit or a timeout (`timedOut`, SIGKILL).
 */
export function run(argv, {env, cwd, timeoutMs = 60_000} = {}) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint()
    const child = spawn(argv[0], argv.slice(1), {cwd, env, stdio: ['ignore', 'pipe', 'pipe']})
    running.add(child)
    let stdout = ''
    let stderr = ''
    let ms
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk))
    child.on('error', (error) => {
      clearTimeout(timer)
      running.delete(child)
      reject(error)
    })
    // 'exit' ends the timing; 'close' (all output read) may come a little later.
    child.on('exit', () => (ms = Number(process.hrtime.bigint() - start) / 1e6))
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      running.delete(child)
      resolve({code, signal, stdout, stderr, ms, timedOut})
    })
  })
}

/** A result as one line for an error message. */
export function describeFailure(argv, result) {
  const how = result.timedOut ? 'timed out' : `exited with ${result.code ?? result.signal}`
  return `${argv.join(' ')} ${how}: ${(result.stderr || result.stdout).trim().slice(0, 2000)}`
}

/** Runs `argv` and fails loudly unless it exits 0 (and `check`, given the result, returns nothing). */
export async function runChecked(argv, options = {}) {
  const result = await run(argv, options)
  const problem = result.code === 0 ? options.check?.(result) : undefined
  if (result.code !== 0 || problem) throw new Error(problem ? `${argv.join(' ')}: ${problem}` : describeFailure(argv, result))
  return result
}

/**
 * Starts `count` copies of `argv` at once and waits for all: the total wall time, and the results
 * that failed (a non-zero exit, or `check` returning a complaint).
 */
export async function runConcurrently(argv, count, {check, ...options} = {}) {
  const start = process.hrtime.bigint()
  const results = await Promise.all(Array.from({length: count}, () => run(argv, options)))
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  const failures = results.map((result) => (result.code === 0 ? check?.(result) : describeFailure(argv, result))).filter(Boolean)
  return {ms, failures}
}

// ru_maxrss of RUSAGE_CHILDREN is the largest resident set of any waited-for descendant, in KiB
// on Linux. python3 is only the observer: its own memory is not counted.
const PEAK_RSS =
  'import resource,subprocess,sys; r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL); ' +
  'print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)'

/** Peak resident memory of one run of `argv`, in MiB; fails loudly when the command does not exit with `expectCode` (0). */
export async function peakRssMiB(argv, {expectCode = 0, ...options} = {}) {
  const wrapped = ['python3', '-c', PEAK_RSS, ...argv]
  const result = await runChecked(wrapped, options)
  const [code, kib] = result.stdout.trim().split(/\s+/).map(Number)
  if (code !== expectCode || !Number.isFinite(kib))
    throw new Error(`${argv.join(' ')} exited with ${code} under python3's getrusage: ${result.stderr.trim()}`)
  return kib / 1024
}

/**
 * Takes the `cases` in turn, `warmups` rounds that are thrown away and then `runs` rounds, and
 * returns each case's measurements by name. The order rotates every round (a b c, b c a, c a b…),
 * so each case goes first as often as the others and a drift in the machine's load hits all alike.
 * `measure(case, round)` returns one number.
 */
export async function interleave(cases, {runs, warmups}, measure) {
  const values = Object.fromEntries(cases.map((entry) => [entry.name, []]))
  for (let round = 0; round < warmups + runs; round++) {
    for (let i = 0; i < cases.length; i++) {
      const entry = cases[(round + i) % cases.length]
      const value = await measure(entry, round)
      if (round >= warmups) values[entry.name].push(value)
    }
  }

  return values
}
