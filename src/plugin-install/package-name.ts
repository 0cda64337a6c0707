/**
 * The name of the package an install spec installs, known before npm runs: an npm name as given,
 * a local folder's or tarball's from its package.json. A repository's is known only once fetched.
 */
import {createReadStream, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {createGunzip} from 'node:zlib'

import type {PluginSpec} from './local-path.js'

const BLOCK = 512

/** The package name, or undefined when it cannot be told without fetching or it cannot be read. */
export async function packageName(spec: PluginSpec): Promise<string | undefined> {
  if (spec.type === 'npm') return spec.name
  if (!spec.url.startsWith('file:')) return undefined
  const path = spec.url.slice('file:'.length)
  try {
    const text = statSync(path).isDirectory() ? readFileSync(join(path, 'package.json'), 'utf8') : await tarballPackageJson(path)
    const name = text === undefined ? undefined : (JSON.parse(text) as {name?: unknown}).name
    return typeof name === 'string' ? name : undefined
  } catch {
    return undefined
  }
}

/**
 * The text of `<top folder>/package.json` in a tarball (gzipped or not), as npm finds it: the
 * package is the tarball's single top folder, `package/` when npm packed it. Reading stops there.
 */
async function tarballPackageJson(path: string): Promise<string | undefined> {
  const file = createReadStream(path)
  const gzipped = await startsWithGzipMagic(path)
  const stream = gzipped ? file.pipe(createGunzip()) : file
  const reader = new TarReader()
  try {
    for await (const chunk of stream) {
      const found = reader.push(chunk as Buffer)
      if (found !== undefined) return found
      if (reader.ended) return undefined
    }

    return undefined
  } finally {
    file.destroy()
    stream.destroy()
  }
}

async function startsWithGzipMagic(path: string): Promise<boolean> {
  const stream = createReadStream(path, {end: 1})
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(chunk as Buffer)
  const head = Buffer.concat(chunks)
  return head[0] === 0x1f && head[1] === 0x8b
}

/** Reads tar headers as bytes arrive, skipping the contents of every entry but the ones it needs. */
class TarReader {
  ended = false
  private buffer = Buffer.alloc(0)
  /** Bytes of the current entry (its data and the padding to a whole block) not read yet. */
  private pending = 0
  private size = 0
  /** The current entry's data, when it is needed: package.json, or a long name for the next entry. */
  private wanted: {kind: 'L' | 'package' | 'x'; parts: Buffer[]} | undefined
  private longName: string | undefined

  /** Feeds bytes; returns package.json's text once it has all of it. */
  push(chunk: Buffer): string | undefined {
    this.buffer = Buffer.concat([this.buffer, chunk])
    for (;;) {
      if (this.pending > 0) {
        const take = Math.min(this.pending, this.buffer.length)
        this.wanted?.parts.push(this.buffer.subarray(0, take))
        this.pending -= take
        this.buffer = this.buffer.subarray(take)
        if (this.pending > 0) return undefined
        const entry = this.wanted
        this.wanted = undefined
        const content = entry ? Buffer.concat(entry.parts).subarray(0, this.size).toString('utf8') : undefined
        if (entry?.kind === 'package') return content
        if (entry?.kind === 'L') this.longName = content?.replace(/\0.*$/s, '')
        if (entry?.kind === 'x') this.longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(content ?? '')?.[1]
      }

      if (this.buffer.length < BLOCK) return undefined
      const header = this.buffer.subarray(0, BLOCK)
      this.buffer = this.buffer.subarray(BLOCK)
      if (header.every((byte) => byte === 0)) {
        this.ended = true
        return undefined
      }

      this.size = Number.parseInt(text(header, 124, 12).trim() || '0', 8)
      this.pending = this.size + ((BLOCK - (this.size % BLOCK)) % BLOCK)
      const type = String.fromCodePoint(header[156] || 0x30)
      const prefix = text(header, 345, 155)
      const name = (this.longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100))).replace(/^\.\//, '')
      if (type === 'L' || type === 'x') {
        this.wanted = {kind: type, parts: []}
        continue
      }

      this.longName = undefined
      if (type === '0' && /^[^/]+\/package\.json$/.test(name)) {
        if (this.size === 0) return ''
        this.wanted = {kind: 'package', parts: []}
      }
    }
  }
}

/** A NUL-terminated field of a tar header. */
function text(header: Buffer, offset: number, length: number): string {
  const field = header.subarray(offset, offset + length)
  const end = field.indexOf(0)
  return field.subarray(0, end === -1 ? field.length : end).toString('utf8')
}
