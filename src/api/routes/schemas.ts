import {createRoute, z} from '@hono/zod-openapi'
import {NATIVE_SCHEMA_FILE, nativeSchemaText} from '../../schema/formats/benchdb_result.js'
import type {Api} from '../deps.js'
import {readErrors} from './errors-doc.js'

/** Schemas a client may fetch to validate what it will POST, by file name (the exact files the package ships). */
const SCHEMAS: Record<string, string> = {'benchdb-result-v1.json': nativeSchemaText}

const route = createRoute({
  method: 'get',
  path: '/api/schemas/{name}',
  tags: ['ingest'],
  summary: 'JSON Schema of an input format: benchdb-result-v1.json is the native result format (docs/formats.md)',
  description: `The bytes of src/schema/formats/${NATIVE_SCHEMA_FILE} as shipped in the package. Validate a document against it before POST /api/results.`,
  request: {params: z.object({name: z.enum(Object.keys(SCHEMAS) as [string, ...string[]]).openapi({param: {name: 'name', in: 'path'}, example: 'benchdb-result-v1.json'})})},
  responses: {
    200: {description: 'The JSON Schema (draft-07)', content: {'application/schema+json': {schema: z.object({title: z.string()}).passthrough()}}},
    ...readErrors,
  },
})

export function registerSchemas(app: Api): void {
  app.openapi(route, (c) => {
    const {name} = c.req.valid('param')
    // Static bytes: cacheable, and never the database's business.
    return c.body(SCHEMAS[name], 200, {'Content-Type': 'application/schema+json; charset=utf-8', 'Cache-Control': 'public, max-age=3600'}) as never
  })
}
