import {createRoute, z} from '@hono/zod-openapi'
import {listRuns} from '../../lib/catalog/runs.js'
import type {Api, ApiDeps} from '../deps.js'
import {cachedJson} from '../respond.js'
import {readErrors} from './errors-doc.js'
import {keyOf, pageSchema, PageQuery} from './params.js'

export const RunSchema = z
  .object({
    run_id: z.number().int(),
    test_name: z.string(),
    test_type: z.string(),
    started_at: z.string().nullable(),
    completed_at: z.string().nullable(),
    execution_time_seconds: z.number().nullable(),
    success: z.boolean().nullable(),
    git_commit: z.string().nullable(),
    git_branch: z.string().nullable(),
    performance_results: z.number().int(),
    compatibility_results: z.number().int(),
    integration_results: z.number().int(),
  })
  .openapi('Run')

const route = createRoute({
  method: 'get',
  path: '/api/runs',
  tags: ['catalog'],
  summary: 'Test runs, newest first',
  request: {
    query: PageQuery.extend({
      since: z.string().min(10).max(40).optional().openapi({example: '2025-03-01'}),
      test_type: z.string().min(1).max(50).optional().openapi({example: 'performance'}),
    }),
  },
  responses: {200: {description: 'A page of runs', content: {'application/json': {schema: pageSchema(RunSchema, 'RunPage')}}}, ...readErrors},
})

export function registerRuns(app: Api, deps: ApiDeps): void {
  app.openapi(route, async (c) => {
    const q = c.req.valid('query')
    return cachedJson(c, deps, keyOf('runs', q), (db) =>
      listRuns(db, {since: q.since, testType: q.test_type}, {limit: q.limit, offset: q.offset})) as never
  })
}
