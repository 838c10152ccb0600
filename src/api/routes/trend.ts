import {createRoute, z} from '@hono/zod-openapi'
import type {Api, ApiDeps} from '../deps.js'
import {reportLibrary} from '../report-port.js'
import {cachedJson} from '../respond.js'
import {MetricParam} from './compare-hardware.js'
import {readErrors} from './errors-doc.js'
import {FilterQuery, keyOf, nameList, toFilters} from './params.js'

const route = createRoute({
  method: 'get',
  path: '/api/trend',
  tags: ['results'],
  summary: 'A metric of one model on one hardware type over time: one series per device, machine, precision and batch size, one point per run',
  request: {query: FilterQuery.extend({model: nameList(300, 'Model name', 'bert-base-uncased'), hardware: nameList(50, 'Hardware type', 'cuda'), metric: MetricParam})},
  responses: {200: {description: 'The trend', content: {'application/json': {schema: z.object({kind: z.literal('trend'), model: z.string(), hardware: z.string(), metric: z.string(), series: z.array(z.object({batchSize: z.number().nullable(), points: z.array(z.object({measuredAt: z.string().nullable(), value: z.number()}).passthrough())}).passthrough())}).passthrough().openapi('Trend')}}}, ...readErrors},
})

export function registerTrend(app: Api, deps: ApiDeps): void {
  app.openapi(route, async (c) => {
    const q = c.req.valid('query')
    const lib = await reportLibrary()
    return cachedJson(c, deps, keyOf('trend', q), (_db, bench) => lib.answer(bench, {mode: 'trend', metric: q.metric, filters: toFilters(q)})) as never
  })
}
