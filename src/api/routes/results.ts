import {createRoute, z} from '@hono/zod-openapi'
import type {DocumentInput} from '../../lib/ingest/ingest-documents.js'
import {requireToken} from '../auth.js'
import type {Api, ApiDeps} from '../deps.js'
import {ApiError} from '../errors.js'
import {writeErrors} from './errors-doc.js'
import {requestContext} from '../request-context.js'

const Outcome = z
  .object({
    path: z.string(),
    status: z.enum(['ingested', 'unchanged', 'duplicate', 'rejected', 'unrecognized', 'skipped']),
    category: z.string().nullable(),
    shape: z.string().nullable(),
    rows: z.record(z.string(), z.number()).nullable(),
    reason: z.string().nullable(),
    pointer: z.string().nullable(),
    expected: z.string().nullable(),
    sha256: z.string().nullable(),
  })
  .passthrough()
  .openapi('IngestOutcome')

const IngestAnswer = z
  .object({
    summary: z.object({ingested: z.number().int(), unchanged: z.number().int(), duplicate: z.number().int(), rejected: z.number().int(), unrecognized: z.number().int(), rows: z.record(z.string(), z.number())}).passthrough(),
    documents: z.array(Outcome),
  })
  .openapi('IngestResult')

const route = createRoute({
  method: 'post',
  path: '/api/results',
  tags: ['ingest'],
  summary: 'Store result documents: one JSON document, or NDJSON (one document per line)',
  description:
    'Any shape `bench db:convert` knows. Same detection, validation and ledger as the converter: a document whose ' +
    'bytes are already stored is `unchanged` (a retried request is a no-op). All documents of one request are written ' +
    'in one transaction. 201 when something was stored, 200 when nothing was new, 422 when a document was rejected ' +
    '(error.details.documents carries the reason and JSON pointer of each; valid documents of the batch are still stored). ' +
    'Send a batch as `application/x-ndjson`, one document per line. Run context for the documents of the request: query ' +
    'parameters `git_commit` (4-64 hex digits), `git_branch`, `repository`, `machine`, `run_name`, `ci_run_id`, `ci_run_url` and ' +
    '`tag=key=value` (repeatable), or headers `X-Bench-Git-Commit`, `X-Bench-Git-Branch`, ..., `X-Bench-Tag: k=v, k2=v2`; ' +
    'they win over what the documents say. A bad value is a 400 naming it and nothing is stored. Bytes already stored keep ' +
    'the context of their first ingest.',
  security: [{bearer: []}],
  request: {body: {required: true, content: {
    'application/json': {schema: z.unknown().openapi({description: 'One result document (object or array, any shape the converter knows)'})},
    'application/x-ndjson': {schema: z.string().openapi({description: 'Several documents, one per line'})},
  }}},
  responses: {
    200: {description: 'Nothing new: every document was already stored', content: {'application/json': {schema: IngestAnswer}}},
    201: {description: 'Stored', content: {'application/json': {schema: IngestAnswer}}},
    ...writeErrors,
  },
})

export const MAX_DOCUMENTS_PER_REQUEST = 1000

export function registerResults(app: Api, deps: ApiDeps): void {
  app.use('/api/results', requireToken(deps.token, 'writing results'))
  // Hono caches the first body read and derives the others from it: were the validator's JSON read
  // first, the handler's bytes would be that value re-serialised (BOM, CRLF and invalid bytes gone).
  // Reading the bytes first makes every later read derive from them.
  app.use('/api/results', async (c, next) => {
    if (c.req.method === 'POST') await c.req.arrayBuffer()
    await next()
  })
  app.openapi(route, async (c) => {
    // Checked before the body: a bad context value stores nothing.
    const context = requestContext(c)
    // The body's bytes, exactly as sent: a BOM, CRLF line ends and invalid UTF-8 reach the ledger's
    // hash (and the stored raw document) untouched, so the same file converted from disk later is
    // recognised as already stored, and an undecodable one is rejected as it would be from disk.
    const body = Buffer.from(await c.req.arrayBuffer())
    const ndjson = /^application\/(x-)?ndjson\b/i.test(c.req.header('Content-Type') ?? '')
    // application/json: exactly one document, whatever its top level (some known shapes are arrays).
    // application/x-ndjson: a batch, one document per line.
    const parts = ndjson ? ndjsonLines(body) : [{line: 1, bytes: body}]
    for (const p of parts) {
      try {
        JSON.parse(looseText(p.bytes))
      } catch (err) {
        throw new ApiError(400, 'invalid_json', `${ndjson ? `line ${p.line}: ` : ''}the request body is not valid JSON: ${(err as Error).message}`)
      }
    }
    if (parts.length === 0) throw new ApiError(400, 'bad_request', 'the request holds no documents')
    if (parts.length > MAX_DOCUMENTS_PER_REQUEST) throw new ApiError(413, 'payload_too_large', `at most ${MAX_DOCUMENTS_PER_REQUEST} documents per request`)
    const docs: DocumentInput[] = parts.map((p) => ({bytes: p.bytes, context}))
    // One ingest at a time, concurrent requests grouped into one transaction (see WriteQueue);
    // the response cache is invalidated before this answer goes out.
    const result = await deps.writes.submit(docs)
    const documents = result.documents.map((d, i) => (ndjson ? {...d, line: parts[i]?.line} : d))
    const bad = documents.filter((d) => d.status === 'rejected' || d.status === 'unrecognized')
    if (bad.length > 0) {
      const first = bad[0]
      throw new ApiError(422, 'invalid_document', `${bad.length} of ${documents.length} document(s) not stored: ${first.reason ?? first.status}${first.pointer ? ` at ${first.pointer}` : ''}`, {
        summary: result.summary,
        documents,
      })
    }
    return c.json({summary: result.summary, documents}, result.summary.ingested > 0 ? 201 : 200) as never
  })
}

/** For the syntax check only: BOM skipped, invalid bytes replaced (the ingest judges the bytes themselves). */
function looseText(bytes: Buffer): string {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
  return (bom ? bytes.subarray(3) : bytes).toString('utf8')
}

/** Non-blank lines of an NDJSON body as bytes, without surrounding spaces, tabs and CRs. */
function ndjsonLines(body: Buffer): {line: number; bytes: Buffer}[] {
  const lines: {line: number; bytes: Buffer}[] = []
  const blank = (b: number) => b === 0x20 || b === 0x09 || b === 0x0d
  for (let start = 0, line = 1; start <= body.length; line++) {
    let end = body.indexOf(0x0a, start)
    if (end < 0) end = body.length
    let a = start
    let z = end
    while (a < z && blank(body[a])) a++
    while (z > a && blank(body[z - 1])) z--
    if (z > a) lines.push({line, bytes: body.subarray(a, z)})
    start = end + 1
  }
  return lines
}
