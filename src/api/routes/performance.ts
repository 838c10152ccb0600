import {createRoute, z} from '@hono/zod-openapi'
import {listPerformance} from '../../lib/catalog/performance.js'
import type {Api, ApiDeps} from '../deps.js'
import {cachedJson} from '../respond.js'
import {readErrors} from './errors-doc.js'
import {FilterQuery, keyOf, pageSchema, PageQuery, toFilters} from './params.js'

export const PerformanceSchema = z
  .object({
    result_id: z.number().int(),
    run_id: z.number().int().nullable(),
    model_name: z.string(),
    model_family: z.string().nullable(),
    hardware_type: z.string(),
    device_name: z.string().nullable(),
    test_case: z.string().nullable(),
    batch_size: z.number().int().nullable(),
    precision: z.string().nullable(),
    average_latency_ms: z.number().nullable(),
    throughput_items_per_second: z.number().nullable(),
    memory_peak_mb: z.number().nullable(),
    latency_p50_ms: z.number().nullable(),
    latency_p90_ms: z.number().nullable(),
    latency_p99_ms: z.number().nullable(),
    is_simulated: z.boolean(),
    is_inferred: z.boolean().openapi({description: 'Read by the inferring fallback from a layout no adapter knows'}),
    source_pointer: z.string().nullable().openapi({description: 'JSON pointer of the row in its file (inferred and native rows)'}),
    measured_at: z.string().nullable(),
  })
  .openapi('PerformanceResult')

const route = createRoute({
  method: 'get',
  path: '/api/performance',
  tags: ['results'],
  summary: 'Performance results with filters, newest first, paginated',
  description: 'Simulated results are excluded unless include_simulated=true. Use nextOffset to fetch the next page.',
  request: {query: FilterQuery.merge(PageQuery)},
  responses: {200: {description: 'A page of results', content: {'application/json': {schema: pageSchema(PerformanceSchema, 'PerformancePage')}}}, ...readErrors},
})

export function registerPerformance(app: Api, deps: ApiDeps): void {
  app.openapi(route, async (c) => {
    const q = c.req.valid('query')
    // With a model filter the answer depends only on that model's rows (and the dimension rows
    // they reference): writes for other models keep it cached.
    // Each value whole and split at commas: the names the answer may depend on, whichever they turn out to be.
    const scope = q.model !== undefined ? {models: [q.model].flat().flatMap((m) => [m, ...m.split(',').map((x) => x.trim())])} : undefined
    return cachedJson(c, deps, keyOf('performance', q), async (db, bench) => {
      // The same names as the reports (comma lists split, a name with a comma kept whole); an
      // unknown name stays an empty page here, as this listing always answered.
      const {resolveFilterNames} = await import('../../lib/report/known-values.js')
      return listPerformance(db, await resolveFilterNames(bench, toFilters(q), {keepUnknown: true}), {limit: q.limit, offset: q.offset})
    }, scope) as never
  })
}
