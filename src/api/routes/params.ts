import {z} from '@hono/zod-openapi'
import {MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE, type ResultFilters} from '../../lib/catalog/filters.js'

/** Query-string pieces shared by several routes (declared once so the OpenAPI docs agree). */

const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')

export const FilterQuery = z.object({
  model: z.string().min(1).max(300).optional().openapi({description: 'Exact model name', example: 'bert-base-uncased'}),
  family: z.string().min(1).max(100).optional().openapi({description: 'Model family', example: 'bert'}),
  hardware: z.string().min(1).max(50).optional().openapi({description: 'Hardware type', example: 'cuda'}),
  batch_size: z.coerce.number().int().min(1).max(1_000_000).optional().openapi({example: 8}),
  precision: z.string().min(1).max(30).optional().openapi({example: 'fp16'}),
  since: z.string().min(10).max(40).optional().openapi({description: 'Only evidence at or after this ISO date', example: '2025-03-01'}),
  include_simulated: bool.optional().openapi({type: 'string', enum: ['true', 'false'], description: 'Include simulated results (default false)'}),
  inferred: bool.optional().openapi({type: 'string', enum: ['true', 'false'], description: 'Include performance rows read by the inferring fallback (default true; false hides them)'}),
})

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE).openapi({description: `Page size (max ${MAX_PAGE_SIZE})`}),
  offset: z.coerce.number().int().min(0).default(0),
})

export function toFilters(q: z.infer<typeof FilterQuery>): ResultFilters {
  return {
    model: q.model, family: q.family, hardware: q.hardware, batchSize: q.batch_size, precision: q.precision,
    since: q.since, includeSimulated: q.include_simulated ?? false, excludeInferred: q.inferred === false,
  }
}

/** A stable cache key from validated parameters (undefined values dropped, keys sorted). */
export function keyOf(route: string, params: Record<string, unknown>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b))
  return route + '?' + JSON.stringify(entries)
}

export const pageSchema = <T extends z.ZodTypeAny>(item: T, name: string) =>
  z
    .object({
      items: z.array(item),
      total: z.number().int(),
      limit: z.number().int(),
      offset: z.number().int(),
      nextOffset: z.number().int().nullable(),
    })
    .openapi(name)
