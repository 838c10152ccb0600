import {createRoute, z} from '@hono/zod-openapi'
import {listHardware} from '../../lib/catalog/hardware.js'
import type {Api, ApiDeps} from '../deps.js'
import {cachedJson} from '../respond.js'
import {readErrors} from './errors-doc.js'
import {keyOf} from './params.js'

export const HardwareSchema = z
  .object({
    hardware_id: z.number().int(),
    hardware_type: z.string(),
    device_name: z.string().nullable(),
    platform: z.string().nullable(),
    platform_version: z.string().nullable(),
    driver_version: z.string().nullable(),
    memory_gb: z.number().nullable(),
    compute_units: z.number().int().nullable(),
    performance_results: z.number().int(),
    simulated_results: z.number().int(),
  })
  .openapi('Hardware')

const route = createRoute({
  method: 'get',
  path: '/api/hardware',
  tags: ['catalog'],
  summary: 'Hardware platforms with their evidence counts',
  request: {query: z.object({type: z.string().min(1).max(50).optional().openapi({example: 'cuda'})})},
  responses: {200: {description: 'Platforms by type', content: {'application/json': {schema: z.object({items: z.array(HardwareSchema)})}}}, ...readErrors},
})

export function registerHardware(app: Api, deps: ApiDeps): void {
  app.openapi(route, async (c) => {
    const q = c.req.valid('query')
    return cachedJson(c, deps, keyOf('hardware', q), async (db) => ({items: await listHardware(db, {type: q.type})})) as never
  })
}
