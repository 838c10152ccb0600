import {createRoute, z} from '@hono/zod-openapi'
import type {Api, ApiDeps} from '../deps.js'
import {cachedJson} from '../respond.js'
import {readErrors} from './errors-doc.js'
import {bool, multi} from './compare-runs.js'
import {keyOf} from './params.js'

/**
 * GET /api/changes: `bench db:compare --history --json` over HTTP: change points over every series'
 * whole history, one alert per change (newest first, series that moved at the same run grouped),
 * and slow drifts. The dashboard's alerts view draws it.
 */

export const ChangesQuery = z.object({
  metric: z.string().min(1).max(100).default('throughput').openapi({description: 'throughput, latency, p50, p90, p99, memory, or any catalogue or stored metric', example: 'latency'}),
  threshold: z.string().min(1).max(20).optional().openapi({description: 'Smallest change reported, in percent (default 5%)', example: '5%'}),
  alpha: z.string().min(1).max(20).optional().openapi({description: 'Error rate of the intervals shown (default 0.05: 90 % intervals)', example: '0.05'}),
  model: multi('Only these models (model_name)', 'bert-base-uncased'),
  family: multi('Only these model families', 'bert'),
  hardware: multi('Only these hardware types', 'cuda'),
  machine: multi('Only series from these machines', 'ci-runner-3'),
  include_simulated: bool.optional().openapi({type: 'string', enum: ['true', 'false'], description: 'Include simulated results (default false)'}),
})

const point = z.object({runId: z.number().int(), at: z.string().nullable(), value: z.number()})
const ChangesSchema = z.object({
  metric: z.object({name: z.string(), label: z.string(), unit: z.string(), better: z.enum(['higher', 'lower'])}),
  settings: z.object({threshold: z.number(), alpha: z.number()}).passthrough(),
  summary: z.object({series: z.number().int(), alerts: z.number().int(), changes: z.number().int(), regressions: z.number().int(), drifts: z.number().int()}),
  alerts: z.array(z.object({
    runId: z.number().int(), at: z.string().nullable(), commit: z.string().nullable(), branch: z.string().nullable(),
    previousRunId: z.number().int().nullable(), previousCommit: z.string().nullable(), severity: z.enum(['regressed', 'improved']),
    series: z.array(z.object({
      id: z.string(), key: z.object({modelName: z.string()}).passthrough(), change: z.number(),
      interval: z.object({low: z.number(), high: z.number(), level: z.number()}), direction: z.enum(['regressed', 'improved']),
      runsBefore: z.number().int(), runsAfter: z.number().int(), noise: z.number(), points: z.array(point),
    })),
  })).openapi({description: 'One alert per change (the first run after it), newest first; series that moved at that run are grouped'}),
  drifts: z.array(z.object({id: z.string(), fromRunId: z.number().int(), toRunId: z.number().int(), perRun: z.number(), total: z.number(),
    direction: z.enum(['regressed', 'improved'])}).passthrough()),
}).openapi('Changes', {description: 'The ChangesResult of `bench db:compare --history --json`'})

const route = createRoute({
  method: 'get',
  path: '/api/changes',
  tags: ['results'],
  summary: 'Change points and drift over each series\' whole history (the same as `bench db:compare --history`)',
  description: 'Binary segmentation with a robust cost, calibrated for about 1 % false change points per series; each change is ' +
    'reported once, at the first run after it, with its commit, branch, size and interval. An unknown metric or a threshold of 0 is a 400.',
  request: {query: ChangesQuery},
  responses: {200: {description: 'The alerts and drifts', content: {'application/json': {schema: ChangesSchema}}}, ...readErrors},
})

export function registerChanges(app: Api, deps: ApiDeps): void {
  app.openapi(route, async (c) => {
    const q = c.req.valid('query')
    const {parseCompareRequest} = await import('../../lib/compare/request.js')
    const {scanHistory} = await import('../../lib/compare/history.js')
    const {options} = parseCompareRequest({metric: q.metric, threshold: q.threshold, alpha: q.alpha, model: q.model, family: q.family,
      hardware: q.hardware, machine: q.machine, includeSimulated: q.include_simulated ?? false})
    return cachedJson(c, deps, keyOf('changes', q), async (_db, bench) => scanHistory(bench, options)) as never
  })
}
