import {createRoute, z} from '@hono/zod-openapi'
import type {Api, ApiDeps} from '../deps.js'
import {reportLibrary, type QuestionRequest} from '../report-port.js'
import {MetricParam} from './compare-hardware.js'
import {readErrors} from './errors-doc.js'
import {FilterQuery, keyOf, toFilters} from './params.js'
import {sendRendered} from './rendered.js'

export const CHART_FILES = ['compare.png', 'trend.png', 'matrix.png'] as const

const route = createRoute({
  method: 'get',
  path: '/api/charts/{chart}',
  tags: ['reports'],
  summary: 'A PNG chart: hardware comparison (bars), trend (lines) or compatibility matrix (grid)',
  description: 'Takes the parameters of /api/compare/hardware, /api/trend or /api/compatibility respectively.',
  request: {
    // `{chart}` is the whole last segment (compare.png, ...): Hono would read `{kind}.png` as a
    // parameter named "kind.png".
    params: z.object({chart: z.enum(CHART_FILES).openapi({param: {name: 'chart', in: 'path'}, example: 'compare.png'})}),
    query: FilterQuery.extend({metric: MetricParam, baseline: z.string().min(1).max(50).default('cpu'), by: z.enum(['model', 'family']).default('model')}),
  },
  responses: {200: {description: 'PNG image', content: {'image/png': {schema: z.string().openapi({format: 'binary'})}}}, ...readErrors},
})

export function registerCharts(app: Api, deps: ApiDeps): void {
  app.openapi(route, async (c) => {
    const kind = c.req.valid('param').chart.replace(/\.png$/, '')
    const q = c.req.valid('query')
    const filters = toFilters(q)
    const request: QuestionRequest =
      kind === 'compare' ? {mode: 'compare', metric: q.metric, baseline: q.baseline, filters}
      : kind === 'trend' ? {mode: 'trend', metric: q.metric, filters}
      : {mode: 'matrix', by: q.by, filters}
    const lib = await reportLibrary()
    return sendRendered(c, deps, keyOf(`chart:${kind}`, q), async (bench) => lib.renderResult(await lib.answer(bench, request), 'png')) as never
  })
}
