import {parentPort, workerData} from 'node:worker_threads'
import {loadClassifier, prepareDocument} from './prepare.js'
import {readSourceFile} from './read-file.js'
import type {PrepareReply, PrepareRequest, PrepareResult, PrepareWorkerData} from './prepare-pool.js'
import type {Category} from './types.js'

/**
 * Worker side of PreparePool: reads, hashes, parses and classifies groups of files, and posts
 * back plain verdicts plus every file's bytes packed into ONE transferred buffer (transferring
 * thousands of small buffers one by one costs more than the copy it saves).
 */
const data = workerData as PrepareWorkerData
const categories = data.categories ? new Set<Category>(data.categories) : undefined
await loadClassifier()

parentPort!.on('message', (msg: PrepareRequest) => {
  const results: PrepareResult[] = []
  const chunks: Uint8Array[] = []
  let total = 0
  for (const f of msg.files) {
    const read = readSourceFile(f.path, f.size, data.maxFileSize)
    if (!read.ok) {
      results.push({ok: false, reason: read.reason, expected: read.expected})
      continue
    }
    const prepared = prepareDocument(read.bytes, {path: f.path, mtime: new Date(f.mtimeMs), root: f.root}, categories)
    results.push({ok: true, offset: total, length: read.bytes.length, prepared})
    chunks.push(read.bytes)
    total += read.bytes.length
  }
  const buffer = new Uint8Array(total)
  let at = 0
  for (const c of chunks) {
    buffer.set(c, at)
    at += c.length
  }
  const exact = results.every((r) => !r.ok || r.prepared.verdict.kind !== 'mapped' || !r.prepared.verdict.packed.notJsonSafe)
  const reply: PrepareReply = {id: msg.id, results: exact ? JSON.stringify(results) : results, buffer: buffer.buffer}
  parentPort!.postMessage(reply, [buffer.buffer])
})
parentPort!.postMessage({ready: true})
