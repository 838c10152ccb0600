/**
 * JSON Schema of `bench db:query --json` / `--format json` (and of the REST API's query responses):
 * a stable contract. Every object is closed (additionalProperties: false) so that an accidental
 * field change fails the tests. The `kind` field (and `report` for reports) selects the shape.
 */

const str = {type: 'string'} as const
const nstr = {type: ['string', 'null']} as const
const num = {type: 'number'} as const
const nnum = {type: ['number', 'null']} as const
const int = {type: 'integer', minimum: 0} as const
const nint = {type: ['integer', 'null']} as const
// ISO-8601 UTC as benchdb writes it (a pattern, so no format plugin is needed to validate).
const ISO = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$'
const date = {type: 'string', pattern: ISO} as const
const ndate = {anyOf: [{type: 'string', pattern: ISO}, {type: 'null'}]} as const

function obj(properties: Record<string, unknown>, required: string[] = Object.keys(properties)) {
  return {type: 'object', additionalProperties: false, required, properties}
}
const arr = (items: unknown) => ({type: 'array', items})
const ref = (name: string) => ({$ref: `#/$defs/${name}`})
const state = {enum: ['compatible', 'incompatible', 'partial', 'untested']}

const names = {anyOf: [str, {type: 'array', items: str, minItems: 2}]} as const

const meta = obj({
  benchdbVersion: str,
  databasePath: str,
  schemaVersion: int,
  filters: {
    type: 'object',
    additionalProperties: false,
    properties: {
      // One name as a string; several (repeated --model, ?model=a,b) as a list meaning any of them.
      family: names, model: names, hardware: names, batchSize: {type: 'integer', minimum: 1}, precision: str,
      since: date, includeSimulated: {type: 'boolean'}, excludeInferred: {type: 'boolean'}, all: {type: 'boolean'},
    },
  },
  generatedAt: date,
  rowsUsed: int,
  simulatedIncluded: {type: 'boolean'},
  simulatedExcluded: int,
})

const matrixCell = obj({
  row: str, hardware: str, state, compatible: int, incompatible: int, benchmarks: int, models: int,
  latestEvidenceAt: ndate, latestFailureAt: ndate, latestFailure: nstr, latestErrorType: nstr, suggestedFix: nstr,
})

const matrix = obj({
  kind: {const: 'matrix'}, by: {enum: ['model', 'family']}, meta: ref('meta'), rows: arr(str), hardware: arr(str),
  cells: arr(ref('matrixCell')),
  totals: obj({compatible: int, incompatible: int, partial: int, untested: int}),
  hiddenRows: int,
})

const report = (name: string, fields: Record<string, unknown>) =>
  obj({kind: {const: 'report'}, report: {const: name}, meta: ref('meta'), ...fields})

const performance = report('performance', {
  rows: arr(obj({
    model: str, family: nstr, hardware: str, device: nstr, machine: nstr, batchSize: nint, precision: nstr, results: int, throughput: nnum, latencyMs: nnum,
    latencyP50Ms: nnum, latencyP90Ms: nnum, latencyP99Ms: nnum, memoryPeakMb: nnum, lastMeasured: ndate,
  })),
})

const summary = report('summary', {
  overview: obj({
    models: int, hardwareTypes: int, runs: int, undatedRuns: int, performanceResults: int, compatibilityTests: int, integrationTests: int,
    webPlatformResults: int, firstMeasured: ndate, lastMeasured: ndate,
  }),
  models: arr(obj({
    model: str, family: nstr, hardwareBenchmarked: int, bestHardware: nstr, bestDevice: nstr, bestMachine: nstr, bestBatchSize: nint,
    bestPrecision: nstr, bestThroughput: nnum,
    compatible: int, incompatible: int, partial: int, untested: int,
  })),
  hiddenModels: int,
})

const hardware = report('hardware', {
  rows: arr(obj({
    hardware: str, devices: arr(str), memoryGb: nnum, results: int, modelsBenchmarked: int, speedupVsCpu: nnum, speedupModels: int,
    compatible: int, incompatible: int, partial: int, untested: int,
  })),
})

const compatibility = report('compatibility', {
  matrix: ref('matrix'),
  perHardware: arr(obj({hardware: str, compatible: int, incompatible: int, partial: int, untested: int})),
  failures: arr(ref('matrixCell')),
})

const integration = report('integration', {
  totals: obj({runs: int, passed: int, failed: int, errored: int, skipped: int}),
  tests: arr(obj({
    module: str, testClass: nstr, test: str, hardware: nstr, runs: int, passed: int, failed: int, errored: int, skipped: int,
    passRate: nnum, failedAssertions: int, latestStatus: {enum: ['pass', 'fail', 'error', 'skip']}, latestError: nstr, lastRun: ndate,
  })),
})

const webPlatform = report('web-platform', {
  rows: arr(obj({
    model: str, platform: str, browser: nstr, tests: int, successful: int, loadTimeMs: nnum, initializationTimeMs: nnum,
    inferenceTimeMs: nnum, totalTimeMs: nnum, shaderCompilationTimeMs: nnum, maxMemoryMb: nnum,
  })),
  webgpuFeatures: arr(obj({
    browser: nstr, tests: int, computeShaderSupport: int, parallelCompilation: int, shaderCacheHits: int,
    preCompiledPipeline: int, computePipelineTimeMs: nnum,
  })),
})

/** A catalogued metric's canonical name (src/lib/metrics/catalogue.ts), with its statistic suffix if any. */
const metricName = {type: 'string', pattern: '^[a-z0-9_]+$'}

const comparison = obj({
  kind: {const: 'comparison'}, meta: ref('meta'), metric: metricName, metricLabel: str, unit: str, higherIsBetter: {type: 'boolean'},
  baseline: str, scope: obj({model: nstr, family: nstr, models: arr(str), families: arr(str)}, ['model', 'family']), hardware: arr(str), batchSizes: arr(nint),
  rows: arr(obj({
    model: str, series: str, hardware: str, device: nstr, machine: nstr, precision: nstr, batchSize: nint, value: num, results: int,
    baselineValue: nnum, baselineDevice: nstr, baselineMachine: nstr, baselinePrecision: nstr,
    pairing: {enum: ['same-precision', 'cross-precision', 'ambiguous', 'none']}, speedup: nnum,
  })),
  summary: arr(obj({hardware: str, speedup: nnum, models: int, pairs: int, crossPrecisionPairs: int})),
})

const trendPoint = obj({
  runId: nint, runName: nstr, gitCommit: nstr, commit: nstr, measuredAt: ndate, batchSize: nint, precision: nstr, device: nstr, machine: nstr,
  value: num, results: int,
})

const trend = obj({
  kind: {const: 'trend'}, meta: ref('meta'), model: str, hardware: str, metric: metricName, metricLabel: str, unit: str,
  higherIsBetter: {type: ['boolean', 'null']},
  series: arr(obj({
    label: str, model: str, hardware: str, device: nstr, machine: nstr, batchSize: nint, precision: nstr, testCase: nstr, simulated: {type: 'boolean'}, points: arr(trendPoint),
  })),
  undatedPoints: int,
})

const sql = obj({
  kind: {const: 'sql'}, meta: ref('meta'), sql: str, statementType: {enum: ['SELECT', 'EXPLAIN']},
  columns: arr(obj({name: str, type: str})), rows: arr({type: 'object'}), rowCount: int, limit: {type: 'integer', minimum: 0, description: '0: every row (a streamed export, --limit 0)'},
  truncated: {type: 'boolean'}, elapsedMs: int,
})

/** `--sql --limit 0 --output FILE --json`: the rows are in the file; stdout says what was written. */
const sqlExport = obj({
  export: obj({
    format: {enum: ['csv', 'json', 'parquet']}, rowCount: int, columns: arr(obj({name: str, type: str})), output: nstr, elapsedMs: int,
  }),
})

export const QUERY_RESULT_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://benchdb.dev/schema/output/query-result.json',
  title: 'bench db:query result',
  $defs: {meta, matrixCell, matrix},
  oneOf: [performance, summary, hardware, compatibility, integration, webPlatform, matrix, comparison, trend, sql, sqlExport],
} as const
