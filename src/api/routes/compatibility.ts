import {createRoute, z} from '@hono/zod-openapi'
import type {Api, ApiDeps} from '../deps.js'
import {reportLibrary} from '../report-port.js'
import {cachedJson} from '../respond.js'
import {readErrors} from './errors-doc.js'
import {FilterQuery, keyOf, toFilters} from './params.js'

const route = createRoute({
  method: 'get',
  path: '/api/compatibility',
  tags: ['results'],
  summary: 'Compatibility matrix: model (or family) x hardware',
  description:
    'Each cell is compatible, incompatible, partial or untested, with the latest failure reason and evidence date. ' +
    '`cells` is row-major: cells[i * hardware.length + j] is rows[i] on hardware[j].',
  request: {query: FilterQuery.extend({by: z.enum(['model', 'family']).default('model')})},
  responses: {200: {description: 'The matrix', content: {'application/json': {schema: z.object({kind: z.literal('matrix'), rows: z.array(z.string()), hardware: z.array(z.string()), cells: z.array(z.object({state: z.string()}).passthrough())}).passthrough().openapi('CompatibilityMatrix')}}}, ...readErrors},
})

export function registerCompatibility(app: Api, deps: ApiDeps): void {
  app.openapi(route, async (c) => {
    const q = c.req.valid('query')
    const lib = await reportLibrary()
    return cachedJson(c, deps, keyOf('compatibility', q), (_db, bench) => lib.answer(bench, {mode: 'matrix', by: q.by, filters: toFilters(q)})) as never
  })
}
