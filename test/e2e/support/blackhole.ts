/**
 * A TCP address that never answers, as IMDS is in a container or on a laptop: connecting to it
 * hangs. A listening socket whose one-place accept queue is full (and that never accepts) makes
 * the kernel drop further connection attempts; Node cannot make one (it accepts at once), so a
 * small Python program holds it. It exits when its stdin closes.
 */
import {spawn} from 'node:child_process'
import type {ChildProcess} from 'node:child_process'

const PROGRAM = `
import socket, sys
server = socket.socket()
server.bind(('127.0.0.1', 0))
server.listen(0)
port = server.getsockname()[1]
fillers = []
for _ in range(3):
    filler = socket.socket()
    filler.setblocking(False)
    try:
        filler.connect(('127.0.0.1', port))
    except BlockingIOError:
        pass
    fillers.append(filler)
print(port, flush=True)
sys.stdin.read()
`

export interface Blackhole {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string
  close(): void
}

export function startBlackhole(): Promise<Blackhole> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn('python3', ['-c', PROGRAM], {stdio: ['pipe', 'pipe', 'inherit']})
    child.once('error', reject)
    child.stdout!.setEncoding('utf8').once('data', (line: string) => {
      resolve({close: () => child.stdin!.end(), url: `http://127.0.0.1:${line.trim()}`})
    })
  })
}
