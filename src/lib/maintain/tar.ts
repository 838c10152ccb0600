import {once} from 'node:events'
import type {Writable} from 'node:stream'

/**
 * A minimal POSIX tar (ustar + pax extended headers for long or non-ASCII names) writer and
 * streaming reader, enough for benchdb's JSON archives without a dependency. The output opens
 * with any tar (`tar xzf archive.tar.gz`).
 */

const BLOCK = 512

export interface TarEntry {
  name: string
  bytes: Buffer
  mtimeMs: number
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0'
}

function header(name: string, size: number, mtimeMs: number, type: string): Buffer {
  const h = Buffer.alloc(BLOCK)
  h.write(name, 0, 100, 'utf8')
  h.write(octal(0o644, 8), 100, 'ascii')
  h.write(octal(0, 8), 108, 'ascii')
  h.write(octal(0, 8), 116, 'ascii')
  h.write(octal(size, 12), 124, 'ascii')
  h.write(octal(Math.max(0, Math.floor(mtimeMs / 1000)), 12), 136, 'ascii')
  h.write('        ', 148, 'ascii')
  h.write(type, 156, 'ascii')
  h.write('ustar\0', 257, 'ascii')
  h.write('00', 263, 'ascii')
  let sum = 0
  for (const b of h) sum += b
  h.write(octal(sum, 7) + ' ', 148, 'ascii')
  return h
}

function padding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK)
}

/** A pax record `"<len> path=<value>\n"`, where len counts the whole record including itself. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`
  let len = Buffer.byteLength(body) + 1
  while (String(len).length + Buffer.byteLength(body) !== len) len++
  return `${len}${body}`
}

/** The blocks of one file entry (a pax header first when the name does not fit ustar). */
export function encodeEntry(entry: TarEntry): Buffer[] {
  const parts: Buffer[] = []
  const nameBytes = Buffer.byteLength(entry.name)
  let shortName = entry.name
  // eslint-disable-next-line no-control-regex
  if (nameBytes > 99 || /[^\x20-\x7e]/.test(entry.name)) {
    const pax = Buffer.from(paxRecord('path', entry.name), 'utf8')
    shortName = 'PaxHeader/' + entry.name.replace(/[^\x20-\x7e]/g, '_').slice(-80)
    parts.push(header(shortName, pax.length, entry.mtimeMs, 'x'), pax, padding(pax.length))
    shortName = shortName.slice(10)
  }
  parts.push(header(shortName, entry.bytes.length, entry.mtimeMs, '0'), entry.bytes, padding(entry.bytes.length))
  return parts
}

/** Writes entries to a stream (usually a gzip stream), honouring back-pressure. */
export class TarWriter {
  constructor(private readonly out: Writable) {}

  async add(entry: TarEntry): Promise<void> {
    for (const part of encodeEntry(entry)) {
      if (part.length > 0 && !this.out.write(part)) await once(this.out, 'drain')
    }
  }

  /** Two zero blocks end the archive. */
  async finish(): Promise<void> {
    if (!this.out.write(Buffer.alloc(BLOCK * 2))) await once(this.out, 'drain')
  }
}

function readString(buf: Buffer, offset: number, length: number): string {
  const slice = buf.subarray(offset, offset + length)
  const end = slice.indexOf(0)
  return slice.subarray(0, end === -1 ? length : end).toString('utf8')
}

function readOctal(buf: Buffer, offset: number, length: number): number {
  const text = readString(buf, offset, length).trim()
  return text === '' ? 0 : parseInt(text, 8)
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {}
  let pos = 0
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos)
    if (space === -1) break
    const len = Number(data.subarray(pos, space).toString('ascii'))
    if (!Number.isFinite(len) || len <= 0) break
    const record = data.subarray(space + 1, pos + len - 1).toString('utf8')
    const eq = record.indexOf('=')
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1)
    pos += len
  }
  return out
}

export class TarFormatError extends Error {}

/**
 * Reads entries from a decompressed tar stream. Throws TarFormatError on a bad checksum or a
 * truncated archive, so a half-written archive can never pass for a complete one.
 */
export async function* readTar(stream: AsyncIterable<Buffer>): AsyncGenerator<TarEntry> {
  const it = stream[Symbol.asyncIterator]()
  let buf: Buffer = Buffer.alloc(0)
  const need = async (n: number): Promise<void> => {
    if (buf.length >= n) return
    const parts = [buf]
    let len = buf.length
    while (len < n) {
      const r = await it.next()
      if (r.done) throw new TarFormatError('archive is truncated')
      parts.push(r.value as Buffer)
      len += r.value.length
    }
    buf = Buffer.concat(parts, len)
  }
  const take = async (n: number): Promise<Buffer> => {
    await need(n)
    const out = buf.subarray(0, n)
    buf = buf.subarray(n)
    return out
  }
  let pax: Record<string, string> = {}
  for (;;) {
    const h = await take(BLOCK)
    if (h.every((b) => b === 0)) {
      const second = await take(BLOCK)
      if (!second.every((b) => b === 0)) throw new TarFormatError('archive has a stray zero block')
      return
    }
    const stored = readOctal(h, 148, 8)
    let sum = 0
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]
    if (sum !== stored) throw new TarFormatError('archive header checksum does not match')
    const size = readOctal(h, 124, 12)
    const type = String.fromCharCode(h[156] || 0x30)
    const prefix = readString(h, 345, 155)
    const name = (prefix ? prefix + '/' : '') + readString(h, 0, 100)
    const data = Buffer.from(await take(size))
    await take((BLOCK - (size % BLOCK)) % BLOCK)
    if (type === 'x') {
      pax = parsePax(data)
      continue
    }
    if (type === 'g') continue
    if (type === '0' || type === '\0') {
      yield {name: pax.path ?? name, bytes: data, mtimeMs: readOctal(h, 136, 12) * 1000}
    }
    pax = {}
  }
}
