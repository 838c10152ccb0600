import {z} from '@hono/zod-openapi'
import {MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE, type ResultFilters} from '../../lib/catalog/filters.js'
import type {ReportFilters} from '../../lib/report/filters.js'

/** Query-string pieces shared by several routes (declared once so the OpenAPI docs agree). */

const bool = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1')

/**
 * A name filter: one value, or several (repeated `?model=a&model=b`, or a comma list `?model=a,b`)
 * meaning any of them, as the CLI's repeated `--model`. The library splits comma lists, keeping a
 * name that itself contains a comma whole (known-values.ts).
 */
export const nameList = (max: number, description: string, example: string) =>
  z.union([z.string().min(1).max(max), z.array(z.string().min(1).max(max)).max(100)])
    .openapi({description: `${description}; repeat the parameter or give a comma list for any of several`, example})

export const FilterQuery = z.object({
  model: nameList(300, 'Exact model name', 'bert-base-uncased').optional(),
  family: nameList(100, 'Model family', 'bert').optional(),
  hardware: nameList(50, 'Hardware type', 'cuda').optional(),
  batch_size: z.coerce.number().int().min(1).max(1_000_000).optional().openapi({example: 8}),
  precision: z.string().min(1).max(30).optional().openapi({example: 'fp16'}),
  since: z.string().min(10).max(40).optional().openapi({description: 'Only evidence at or after this ISO date', example: '2025-03-01'}),
  include_simulated: bool.optional().openapi({type: 'string', enum: ['true', 'false'], description: 'Include simulated results (default false)'}),
  inferred: bool.optional().openapi({type: 'string', enum: ['true', 'false'], description: 'Include performance rows read by the inferring fallback (default true; false hides them)'}),
  all: bool.optional().openapi({type: 'string', enum: ['true', 'false'], description: 'Summary and matrix: every model, also those without any data (default false: left out and counted in hiddenRows / hiddenModels)'}),
})

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE).openapi({description: `Page size (max ${MAX_PAGE_SIZE})`}),
  offset: z.coerce.number().int().min(0).default(0),
})

export function toFilters(q: z.infer<typeof FilterQuery>): ResultFilters & ReportFilters {
  return {
    model: q.model, family: q.family, hardware: q.hardware, batchSize: q.batch_size, precision: q.precision,
    since: q.since, includeSimulated: q.include_simulated ?? false, excludeInferred: q.inferred === false, all: q.all ?? false,
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
