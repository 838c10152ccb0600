import {createRoute, z} from '@hono/zod-openapi'
import type {ComparisonResult, FailOn} from '../../lib/compare/compare.js'
import type {Api, ApiDeps} from '../deps.js'
import {cachedJson} from '../respond.js'
import {readErrors} from './errors-doc.js'
import {keyOf} from './params.js'
import {sendRendered} from './rendered.js'

/**
 * GET /api/compare/runs: `bench db:compare` over HTTP. The query string carries the CLI's flags as
 * text and goes through the same parseCompareRequest -> compareRuns -> renderComparison as the
 * command, so both front ends validate, decide and render identically.
 *
 * `fail_on` does not change the HTTP status (200 whenever the comparison ran): a CI gate is the
 * CLI's exit code; the JSON answer says whether the gate would fail (`gate.failed`).
 */

export const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')

/** Several values either repeated (`?hardware=cpu&hardware=cuda`) or comma-separated (`?hardware=cpu,cuda`). */
export const multi = (description: string, example: string) =>
  z.union([z.string().min(1).max(300), z.array(z.string().min(1).max(300)).max(100)]).optional()
    .openapi({description: `${description}; repeat the parameter or separate values with commas`, example})

const selector = (description: string, example: string) =>
  z.string().min(1).max(200).optional().openapi({description, example})

/** Text responses of the non-JSON formats (width as the CLI prints into a file or pipe). */
const RENDERED: Record<'markdown' | 'html' | 'text', string> = {
  markdown: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  text: 'text/plain; charset=utf-8',
}
const TEXT_WIDTH = 180

export const CompareRunsQuery = z.object({
  baseline: selector('Runs to compare against (SELECTOR, default window:20): a run id, latest, window:N, window:N@BRANCH, a date or date range (2025-03-01..2025-03-10), commit:SHA, branch:NAME, or a bare commit/branch', 'window:20'),
  candidate: selector('Runs under test (SELECTOR, default latest)', 'latest'),
  metric: z.string().min(1).max(100).default('throughput').openapi({description: 'throughput, latency, p50, p90, p99, memory, or any catalogue or stored metric (an unknown one is a 400 with a suggestion)', example: 'latency'}),
  threshold: z.string().min(1).max(20).optional().openapi({description: 'Minimum change that matters, in percent (default 5%)', example: '5%'}),
  alpha: z.string().min(1).max(20).optional().openapi({description: 'Error rate of each verdict (one-sided) and false discovery rate across series (default 0.05; the interval is 1-2*alpha)', example: '0.05'}),
  model: multi('Only these models (model_name)', 'bert-base-uncased'),
  family: multi('Only these model families', 'bert'),
  hardware: multi('Only these hardware types', 'cuda'),
  machine: multi('Only series from these machines (test_runs.machine)', 'ci-runner-3'),
  exclude_regressions: bool.optional().openapi({type: 'string', enum: ['true', 'false'], description: 'Leave baseline runs that regressed themselves out of window baselines (default false)'}),
  include_simulated: bool.optional().openapi({type: 'string', enum: ['true', 'false'], description: 'Include simulated results (default false)'}),
  format: z.enum(['json', 'markdown', 'html', 'text']).default('json'),
  fail_on: z.enum(['regression', 'any', 'never']).default('regression')
    .openapi({description: 'Which outcome makes `gate.failed` true (the HTTP status stays 200; CI gates with the CLI exit code or this field)'}),
})

// The response is documented loosely here: its exact contract is the published JSON Schema
// (src/schema/output/compare.ts, compareOutputSchema) plus `gate`.
const ComparisonSchema = z
  .object({
    metric: z.object({name: z.string(), label: z.string(), unit: z.string(), better: z.enum(['higher', 'lower'])}),
    settings: z.object({threshold: z.number(), alpha: z.number()}).passthrough(),
    baseline: z.object({selector: z.string(), runs: z.array(z.object({runId: z.number().int()}).passthrough())}),
    candidate: z.object({selector: z.string(), runs: z.array(z.object({runId: z.number().int()}).passthrough())}),
    summary: z.object({series: z.number().int(), regressed: z.number().int(), improved: z.number().int(), unchanged: z.number().int(), inconclusive: z.number().int(), unpaired: z.number().int(),
      candidateOnly: z.number().int(), baselineOnly: z.number().int()}).passthrough(),
    series: z.array(z.object({
      id: z.string(),
      key: z.object({modelName: z.string(), hardwareType: z.string()}).passthrough(),
      verdict: z.enum(['regressed', 'improved', 'unchanged', 'inconclusive']),
      decidedBy: z.string(),
      baselineValue: z.number(),
      candidateValue: z.number(),
      change: z.number().nullable(),
      pWorse: z.number().nullable(),
      qWorse: z.number().nullable(),
      reason: z.string(),
    }).passthrough()).openapi({description: 'Paired series, most severe first'}),
    unpaired: z.array(z.object({id: z.string(), side: z.enum(['baseline-only', 'candidate-only'])}).passthrough()),
    warnings: z.array(z.string()),
    gate: z.object({failOn: z.enum(['regression', 'any', 'never']), failed: z.boolean()}).openapi({description: 'What `bench db:compare --fail-on` would do: `failed` true means the CLI would exit 1'}),
  })
  .passthrough()
  .openapi('RunComparison', {description: 'The ComparisonResult of `bench db:compare --json` (JSON Schema: benchdb/output/db-compare) plus `gate`'})

const route = createRoute({
  method: 'get',
  path: '/api/compare/runs',
  tags: ['results'],
  summary: 'Compare two sets of runs and flag regressions beyond noise (the same as `bench db:compare`)',
  description:
    'Pairs results by series (model, hardware, machine, batch size, precision, test case) and gives each a verdict on the ' +
    'log scale from a confidence interval: regressed (the whole interval beyond the threshold in the bad direction), ' +
    'improved, unchanged (the whole interval within +-threshold) or inconclusive, with false discovery rate control across ' +
    'series. A selector that names no run, an unknown metric or a threshold of 0 is a 400, like the CLI\'s usage error.',
  request: {query: CompareRunsQuery},
  responses: {
    200: {
      description: 'The comparison',
      content: {
        'application/json': {schema: ComparisonSchema},
        'text/markdown': {schema: z.string().openapi({description: 'For a pull-request comment: summary line, regressions, the rest folded'})},
        'text/html': {schema: z.string().openapi({description: 'Self-contained report with a chart per regressed series'})},
        'text/plain': {schema: z.string()},
      },
    },
    ...readErrors,
  },
})

type CompareLib = typeof import('../../lib/compare/compare.js') & typeof import('../../lib/compare/request.js') & typeof import('../../lib/compare/render.js')
let lib: Promise<CompareLib> | undefined

/** The comparison library, loaded on the first request (as the report library is). */
function compareLibrary(): Promise<CompareLib> {
  // One after the other: request.js loads the other two, and parallel dynamic imports of shared
  // modules trip jest's ESM loader ("request for '../errors.js' is not in cache").
  lib ??= (async () => {
    const request = await import('../../lib/compare/request.js')
    const compare = await import('../../lib/compare/compare.js')
    const render = await import('../../lib/compare/render.js')
    return {...compare, ...request, ...render}
  })()
  return lib
}

export type RunComparisonAnswer = ComparisonResult & {gate: {failOn: FailOn; failed: boolean}}

export function registerCompareRuns(app: Api, deps: ApiDeps): void {
  app.openapi(route, async (c) => {
    const q = c.req.valid('query')
    const {compareRuns, documentContext, parseCompareRequest, renderComparison, shouldFail} = await compareLibrary()
    // Usage errors (threshold, alpha, later a selector) are BenchError 'usage': 400 with the CLI's message.
    const request = parseCompareRequest({
      baseline: q.baseline, candidate: q.candidate, metric: q.metric, threshold: q.threshold, alpha: q.alpha,
      model: q.model, family: q.family, hardware: q.hardware, machine: q.machine, includeSimulated: q.include_simulated ?? false,
      excludeRegressions: q.exclude_regressions ?? false, format: q.format, failOn: q.fail_on,
    })
    const key = keyOf('compare-runs', q)
    if (request.format === 'json') {
      return cachedJson(c, deps, key, async (_db, bench): Promise<RunComparisonAnswer> => {
        const result = await compareRuns(bench, request.options)
        return {...result, gate: {failOn: request.failOn, failed: shouldFail(result, request.failOn)}}
      }) as never
    }
    const format = request.format
    return sendRendered(c, deps, key, async (bench) => {
      const result = await compareRuns(bench, request.options)
      const body = await renderComparison(result, format, documentContext(bench), {width: TEXT_WIDTH, truncate: false, color: false})
      return {body, mediaType: RENDERED[format]}
    }) as never
  })
}
