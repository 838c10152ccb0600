import {createRoute, z} from '@hono/zod-openapi'
import {METRICS, STATISTICS} from '../../lib/metrics/catalogue.js'
import type {Api} from '../deps.js'

const MetricSchema = z
  .object({
    name: z.string(),
    label: z.string(),
    unit: z.string(),
    direction: z.enum(['higher', 'lower']),
    kind: z.string(),
    aliases: z.array(z.string()),
  })
  .openapi('Metric')

const route = createRoute({
  method: 'get',
  path: '/api/metrics',
  tags: ['catalog'],
  summary: 'The metric catalogue: every metric `metric=` takes, with its unit and better direction',
  description: 'A name may also carry a statistic suffix (ttft_p99, latency_median); dispersion statistics (stddev, mad, cv) have no better direction.',
  responses: {
    200: {
      description: 'Metrics in catalogue order, and the statistic suffixes',
      content: {'application/json': {schema: z.object({items: z.array(MetricSchema), statistics: z.array(z.object({name: z.string(), directional: z.boolean()}))})}},
    },
  },
})

// The catalogue is code, not data: one answer for the life of the process.
const BODY = {
  items: METRICS.map((m) => ({name: m.name, label: m.label, unit: m.unit, direction: m.direction, kind: m.kind, aliases: m.aliases ?? []})),
  statistics: Object.entries(STATISTICS).map(([name, s]) => ({name, directional: s.directional})),
}

export function registerMetrics(app: Api): void {
  app.openapi(route, (c) => c.json(BODY, 200))
}
