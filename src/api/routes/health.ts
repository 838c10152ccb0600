import {createRoute, z} from '@hono/zod-openapi'
import {healthReport} from '../../lib/catalog/health.js'
import type {Api, ApiDeps} from '../deps.js'
import {readErrors} from './errors-doc.js'

const HealthSchema = z
  .object({
    status: z.literal('ok'),
    benchdbVersion: z.string(),
    schemaVersion: z.number().int(),
    latestSchemaVersion: z.number().int(),
    tables: z.record(z.string(), z.number().int()),
  })
  .openapi('Health')

const route = createRoute({
  method: 'get',
  path: '/health',
  tags: ['meta'],
  summary: 'Database reachable, schema version and row counts',
  responses: {200: {description: 'Healthy', content: {'application/json': {schema: HealthSchema}}}, ...readErrors},
})

export function registerHealth(app: Api, deps: ApiDeps): void {
  // Not cached: a health check must prove the database answers now.
  app.openapi(route, async (c) => c.json(await deps.reads.use((bench) => healthReport(bench)), 200))
}
