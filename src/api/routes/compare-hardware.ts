import {createRoute, z} from '@hono/zod-openapi'
import type {Api, ApiDeps} from '../deps.js'
import {reportLibrary} from '../report-port.js'
import {cachedJson} from '../respond.js'
import {readErrors} from './errors-doc.js'
import {FilterQuery, keyOf, toFilters} from './params.js'
import {metricInfo} from '../../lib/report/metrics.js'

/** Any catalogued metric (GET /api/metrics lists them), alias or statistic suffix; an unknown one is a 400 with suggestions. */
export const MetricParam = z.string().min(1).max(100).default('throughput')
  .superRefine((name, ctx) => {
    try {
      metricInfo(name)
    } catch (err) {
      ctx.addIssue({code: z.ZodIssueCode.custom, message: (err as Error).message})
    }
  })
  .openapi({description: 'A catalogued metric (see /api/metrics), an alias, or one with a statistic suffix (ttft_p99)', example: 'tokens_per_second'})

const route = createRoute({
  method: 'get',
  path: '/api/compare/hardware',
  tags: ['results'],
  summary: 'A metric per series (hardware, device, machine, precision, batch size), with speed-ups against a baseline hardware',
  description: 'For a model, a family, or every model the filters allow; the summary is the geometric mean speed-up per hardware.',
  request: {query: FilterQuery.extend({metric: MetricParam, baseline: z.string().min(1).max(50).default('cpu')})},
  responses: {200: {description: 'The comparison', content: {'application/json': {schema: z.object({kind: z.literal('comparison'), metric: z.string(), baseline: z.string(), hardware: z.array(z.string()), rows: z.array(z.object({hardware: z.string(), value: z.number(), speedup: z.number().nullable()}).passthrough()), summary: z.array(z.object({hardware: z.string(), speedup: z.number().nullable()}).passthrough())}).passthrough().openapi('HardwareComparison')}}}, ...readErrors},
})

export function registerCompareHardware(app: Api, deps: ApiDeps): void {
  app.openapi(route, async (c) => {
    const q = c.req.valid('query')
    const lib = await reportLibrary()
    return cachedJson(c, deps, keyOf('compare', q), (_db, bench) => lib.answer(bench, {mode: 'compare', metric: q.metric, baseline: q.baseline, filters: toFilters(q)})) as never
  })
}
