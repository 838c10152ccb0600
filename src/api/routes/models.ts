import {createRoute, z} from '@hono/zod-openapi'
import {listModels} from '../../lib/catalog/models.js'
import type {Api, ApiDeps} from '../deps.js'
import {cachedJson} from '../respond.js'
import {readErrors} from './errors-doc.js'
import {keyOf} from './params.js'

export const ModelSchema = z
  .object({
    model_id: z.number().int(),
    model_name: z.string(),
    model_family: z.string().nullable(),
    modality: z.string().nullable(),
    source: z.string().nullable(),
    parameters_million: z.number().nullable(),
    performance_results: z.number().int(),
    compatible_hardware: z.array(z.string()),
  })
  .openapi('Model')

const route = createRoute({
  method: 'get',
  path: '/api/models',
  tags: ['catalog'],
  summary: 'Models with their evidence counts',
  request: {query: z.object({family: z.string().min(1).max(100).optional()})},
  responses: {200: {description: 'Models by name', content: {'application/json': {schema: z.object({items: z.array(ModelSchema)})}}}, ...readErrors},
})

export function registerModels(app: Api, deps: ApiDeps): void {
  app.openapi(route, async (c) => {
    const q = c.req.valid('query')
    return cachedJson(c, deps, keyOf('models', q), async (db) => ({items: await listModels(db, {family: q.family})})) as never
  })
}
