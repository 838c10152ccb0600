import {createRoute, z} from '@hono/zod-openapi'
import type {Api, ApiDeps} from '../deps.js'
import {reportLibrary} from '../report-port.js'
import {readErrors} from './errors-doc.js'
import {FilterQuery, keyOf, toFilters} from './params.js'
import {sendRendered} from './rendered.js'

export const REPORT_TYPES = ['performance', 'summary', 'hardware', 'compatibility', 'integration', 'web-platform'] as const

const route = createRoute({
  method: 'get',
  path: '/api/reports/{type}',
  tags: ['reports'],
  summary: 'A report as JSON, CSV, HTML or Markdown (the same as `bench db:query --report TYPE --format F`)',
  request: {
    params: z.object({type: z.enum(REPORT_TYPES).openapi({param: {name: 'type', in: 'path'}, example: 'performance'})}),
    query: FilterQuery.extend({format: z.enum(['json', 'csv', 'html', 'markdown']).default('json')}),
  },
  responses: {
    200: {
      description: 'The report',
      content: {
        'application/json': {schema: z.object({kind: z.string()}).passthrough()},
        'text/csv': {schema: z.string()},
        'text/html': {schema: z.string()},
        'text/markdown': {schema: z.string()},
      },
    },
    404: {description: 'Unknown report type', content: {'application/json': {schema: z.object({error: z.object({code: z.string(), message: z.string()})})}}},
    ...readErrors,
  },
})

export function registerReports(app: Api, deps: ApiDeps): void {
  app.openapi(route, async (c) => {
    const {type} = c.req.valid('param')
    const q = c.req.valid('query')
    const lib = await reportLibrary()
    return sendRendered(c, deps, keyOf(`report:${type}`, q), async (bench) =>
      lib.renderResult(await lib.answer(bench, {mode: 'report', report: type, filters: toFilters(q)}), q.format)) as never
  })
}
