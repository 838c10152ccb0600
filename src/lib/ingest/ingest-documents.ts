import {createHash} from 'node:crypto'
import type {BenchDb} from '../db/bench-db.js'
import {BenchError} from '../errors.js'
import {LedgerIndex} from './ledger-index.js'
import {rawStorageOf} from './raw-storage.js'
import {DEFAULT_MAX_FILE_SIZE, formatBytes} from './read-file.js'
import {IngestSession} from './session.js'
import type {FileOutcome, RunSummary} from './summary.js'
import type {Category} from './types.js'
import {ciContext} from './context/ci-env.js'
import {checkContext, type ExplicitContextInput} from './context/explicit.js'
import type {WriteScope} from './writer.js'

export interface DocumentInput {
  /** Where the document came from (for provenance); default `submitted/<sha256>.json`. */
  path?: string
  /** The document exactly as received (hashed and stored as is). */
  bytes: Buffer | Uint8Array | string
  mtime?: Date
  /** Context of this document alone (e.g. one API request's), over the call's `context`. */
  context?: ExplicitContextInput
}

export interface IngestDocumentsOptions {
  categories?: Category[]
  dryRun?: boolean
  maxBytes?: number
  /**
   * The ledger as a long-lived sole writer (the REST server) keeps it between calls, instead of
   * loading it on every call; the calls update it. After a call that threw, drop it: a write
   * may have committed without being recorded in it.
   */
  index?: LedgerIndex
  /**
   * Run context for every document of the call, over what the documents say (checked first: a bad
   * value is a usage error and nothing is written). Documents already stored keep their context.
   */
  context?: ExplicitContextInput
  /** Environment to read the CI job's context from (default process.env; false: none, as the server does). */
  env?: Record<string, string | undefined> | false
}

export interface IngestDocumentsResult {
  summary: RunSummary
  documents: FileOutcome[]
  /** Models whose rows were written, and whether older rows were replaced (see writeScopeOf). */
  touched: WriteScope
}

/**
 * The library (and REST `POST /api/results`) entry: the same engine as `db:convert`, fed from
 * memory instead of files. Same validation, same ledger; an identical document sent twice is a
 * no-op (recognised by its sha256), and all documents of one call share one transaction.
 * A document without a path is named by its hash, so a retry finds it again.
 */
export async function ingestDocuments(bench: BenchDb, docs: DocumentInput[], options: IngestDocumentsOptions = {}): Promise<IngestDocumentsResult> {
  if (bench.db.readOnly && !options.dryRun) throw new BenchError('usage', `${bench.path} is open read-only`)
  const context = checkContext(options.context)
  const perDocument = docs.map((d) => (d.context ? checkContext(d.context) : undefined))
  const index = options.index ?? (await LedgerIndex.load(bench.db, {dryRun: options.dryRun}))
  const session = new IngestSession(options.dryRun ? null : bench, index, {
    categories: options.categories ? new Set(options.categories) : undefined,
    dryRun: options.dryRun,
    keepFiles: true,
    batchFiles: Math.max(docs.length, 1),
    batchBytes: Number.MAX_SAFE_INTEGER,
    rawStorage: options.dryRun ? undefined : await rawStorageOf(bench.db),
    context,
    ciContext: options.env === false ? undefined : ciContext(options.env ?? process.env),
  })
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_SIZE
  const inputs = docs.map((d) => {
    const bytes = typeof d.bytes === 'string' ? Buffer.from(d.bytes, 'utf8') : Buffer.from(d.bytes.buffer, d.bytes.byteOffset, d.bytes.byteLength)
    const sha = createHash('sha256').update(bytes).digest('hex')
    return {d, bytes, sha, path: d.path ?? `submitted/${sha}.json`}
  })
  // The ledger rows of every path and content of the call, in two queries.
  await index.lookupPaths(inputs.map((i) => i.path))
  await index.lookupContents(inputs.map((i) => i.sha))
  for (const [i, {d, bytes, sha, path}] of inputs.entries()) {
    const mtimeMs = (d.mtime ?? new Date()).getTime()
    // Without a path, content decides: bytes already stored anywhere are simply "unchanged".
    const known = d.path === undefined ? await index.content(sha) : null
    const knownRow = known ? await index.row(known.path) : null
    // Stored content is "unchanged"; content that was judged unrecognized is judged again under
    // its first name (the session answers as it did then, writing nothing): a retry must not
    // look stored.
    if (known && knownRow?.status !== 'unrecognized') {
      session.recordUnchanged(known.path, knownRow ?? undefined)
      continue
    }
    if (bytes.length > maxBytes) {
      await session.submitProblem(path, bytes.length, null, `document is ${formatBytes(bytes.length)}, over the size limit of ${formatBytes(maxBytes)}`, `at most ${formatBytes(maxBytes)}`)
    } else if (bytes.length === 0) {
      await session.submitProblem(path, 0, null, 'empty document (0 bytes)', 'a JSON document')
    } else {
      await session.submit({path: known?.path ?? path, size: bytes.length, mtimeMs: d.path === undefined ? null : mtimeMs, bytes, observedAt: new Date(mtimeMs), sha256: sha, context: perDocument[i]})
    }
  }
  await session.finish()
  return {summary: session.summary.finish(), documents: session.summary.files ?? [], touched: session.touched}
}
