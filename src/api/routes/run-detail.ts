import {createRoute, z} from '@hono/zod-openapi'
import {runDetail} from '../../lib/catalog/run-detail.js'
import type {Api, ApiDeps} from '../deps.js'
import {ApiError} from '../errors.js'
import {cachedJson} from '../respond.js'
import {readErrors} from './errors-doc.js'

const route = createRoute({
  method: 'get',
  path: '/api/runs/{id}',
  tags: ['catalog'],
  summary: 'One run: its context, its source file (ledger facts) and its results with every metric in its unit',
  request: {params: z.object({id: z.coerce.number().int().min(1).openapi({param: {name: 'id', in: 'path'}, example: 1})})},
  responses: {
    200: {
      description: 'The run',
      content: {'application/json': {schema: z.object({
        run: z.record(z.string(), z.unknown()),
        name: z.string(),
        file: z.record(z.string(), z.unknown()).nullable(),
        results: z.array(z.record(z.string(), z.unknown())),
        counts: z.object({performance: z.number().int(), compatibility: z.number().int(), integration: z.number().int(), webPlatform: z.number().int()}),
      }).openapi('RunDetail')}},
    },
    404: {description: 'No run has this id', content: {'application/json': {schema: z.object({error: z.object({code: z.string(), message: z.string()})})}}},
    ...readErrors,
  },
})

export function registerRunDetail(app: Api, deps: ApiDeps): void {
  app.openapi(route, async (c) => {
    const {id} = c.req.valid('param')
    // Existence first (a cheap read), so a 404 is never cached as a body.
    const exists = await deps.reads.use((bench) => bench.db.scalar<number>('SELECT count(*) FROM test_runs WHERE run_id = ?', [id]))
    if (!Number(exists)) throw new ApiError(404, 'not_found', `no run has id ${id}`)
    return cachedJson(c, deps, `run:${id}`, async (db) => runDetail(db, id)) as never
  })
}
