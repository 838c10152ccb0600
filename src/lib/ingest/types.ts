/**
 * The contract between shape adapters (which understand one JSON layout each) and the ingest
 * engine (which hashes, validates, writes, and records provenance). Adapters are pure: they turn
 * a parsed document into NormalizedDocument rows and never touch the database, so a new shape
 * is one adapter file plus its schema, testable without DuckDB.
 */

export type Category = 'performance' | 'hardware' | 'compatibility' | 'integration' | 'model' | 'web_platform'

export const CATEGORIES: readonly Category[] = [
  'performance',
  'hardware',
  'compatibility',
  'integration',
  'model',
  'web_platform',
]

export type JsonObject = Record<string, unknown>

/** A model as a file names it. `name` is the canonical id (HF id such as `bert-base-uncased`). */
export interface ModelRef {
  name: string
  family?: string | null
  modality?: string | null
  source?: string | null
  version?: string | null
  parametersMillion?: number | null
  /** Display names (`BERT`), keys, categories and anything else the file says about the model. */
  metadata?: JsonObject | null
}

/** A hardware platform. `type` is canonical lower-case (cpu, cuda, rocm, mps, openvino, qnn, webnn, webgpu, ...). */
export interface HardwareRef {
  type: string
  deviceName?: string | null
  platform?: string | null
  platformVersion?: string | null
  driverVersion?: string | null
  memoryGb?: number | null
  computeUnits?: number | null
  metadata?: JsonObject | null
}

/**
 * The context that makes two runs comparable. Every field is optional; adapters fill what their
 * format carries, a shared normaliser finds the usual spellings in any document's metadata, and
 * explicit flags / the CI environment are merged over them at ingest (precedence: explicit, file,
 * CI environment). Stored on test_runs (git_commit, git_branch, git_repository, ci_run (the run id),
 * ci_run_url, machine, run_name, tags).
 */
export interface RunContext {
  gitCommit?: string | null
  gitBranch?: string | null
  repository?: string | null
  ciProvider?: string | null
  ciRunId?: string | null
  ciRunUrl?: string | null
  /** The host or runner the numbers came from (part of every series). */
  machine?: string | null
  runName?: string | null
  tags?: Record<string, string> | null
}

/** Where a run's measurement time came from: the file's content, its file or folder name, or nowhere. */
export type TimeSource = 'file' | 'filename' | 'unknown'

/** One test_runs row per file. Times come from the file; never invented (null when absent). */
export interface RunRow extends RunContext {
  testName: string
  testType: string
  /** ISO-8601 string as found in (or derived from) the file, or null. */
  startedAt?: string | null
  completedAt?: string | null
  executionTimeSeconds?: number | null
  success?: boolean | null
  gitCommit?: string | null
  gitBranch?: string | null
  commandLine?: string | null
  metadata?: JsonObject | null
  /** How startedAt was found; derived by the engine when the adapter leaves it out. */
  timeSource?: TimeSource | null
}

/**
 * One measured value of a catalogued (src/lib/metrics/catalogue.ts) or custom metric, already in
 * the catalogue's unit. Values whose meaning is a contract column's (throughput items/s, latency
 * ms, p50/p90/p99 ms, peak memory MB, total time s) are routed into that column by the writer when
 * the column is empty; the rest land in `result_metrics`.
 */
export interface MetricValue {
  /** Catalogue name, optionally with a statistic suffix (`ttft_p99`), or a custom name. */
  metric: string
  value: number
  /** The unit the value is in (the catalogue's for catalogued metrics). */
  unit: string
  /** Better direction; required for custom metrics, taken from the catalogue otherwise. */
  higherIsBetter?: boolean | null
  /** Raw per-iteration/per-repetition values in the same unit, where the file has them. */
  samples?: number[] | null
  /** JSON pointer (or `line N` for text formats) the value was read from. */
  pointer?: string | null
}

export interface BatchSampleRow {
  batchIndex: number
  batchSize?: number | null
  latencyMs?: number | null
  memoryUsageMb?: number | null
}

export interface PerformanceRow {
  model: ModelRef
  hardware: HardwareRef
  testCase?: string | null
  batchSize?: number | null
  precision?: string | null
  totalTimeSeconds?: number | null
  averageLatencyMs?: number | null
  throughputItemsPerSecond?: number | null
  memoryPeakMb?: number | null
  iterations?: number | null
  warmupIterations?: number | null
  /** Percentiles in ms; the engine computes them from `samples` when the adapter leaves them out. */
  latencyP50Ms?: number | null
  latencyP90Ms?: number | null
  latencyP99Ms?: number | null
  /** Unmapped keys of the source row land here, never in the void. */
  metrics?: JsonObject | null
  simulated: boolean
  /** Raw per-iteration samples (performance_batch_results). */
  samples?: BatchSampleRow[]
  /** Every other measured value, in catalogue units (result_metrics). */
  metricValues?: MetricValue[]
  /**
   * The row was found by the inferring fallback adapter rather than a known layout; `sourcePointer`
   * says where in the document it came from.
   */
  inferred?: boolean
  sourcePointer?: string | null
}

export interface CompatibilityRow {
  model: ModelRef
  hardware: HardwareRef
  isCompatible: boolean | null
  detectionSuccess?: boolean | null
  initializationSuccess?: boolean | null
  errorMessage?: string | null
  errorType?: string | null
  suggestedFix?: string | null
  workaroundAvailable?: boolean | null
  compatibilityScore?: number | null
  metadata?: JsonObject | null
  simulated: boolean
}

export type TestStatus = 'pass' | 'fail' | 'error' | 'skip'

export interface AssertionRow {
  name: string
  passed: boolean
  expectedValue?: string | null
  actualValue?: string | null
  message?: string | null
}

export interface IntegrationRow {
  testModule: string
  testClass?: string | null
  testName: string
  status: TestStatus
  executionTimeSeconds?: number | null
  hardware?: HardwareRef | null
  model?: ModelRef | null
  errorMessage?: string | null
  errorTraceback?: string | null
  metadata?: JsonObject | null
  simulated: boolean
  assertions?: AssertionRow[]
}

export interface WebGpuFeaturesRow {
  computeShaderSupport?: boolean | null
  parallelCompilation?: boolean | null
  shaderCacheHit?: boolean | null
  workgroupSize?: string | null
  computePipelineTimeMs?: number | null
  preCompiledPipeline?: boolean | null
  memoryOptimizationLevel?: string | null
  audioAcceleration?: boolean | null
  videoAcceleration?: boolean | null
}

export interface WebPlatformRow {
  model: ModelRef
  hardware: HardwareRef
  platform: string
  browser?: string | null
  browserVersion?: string | null
  testFile?: string | null
  success: boolean | null
  loadTimeMs?: number | null
  initializationTimeMs?: number | null
  inferenceTimeMs?: number | null
  totalTimeMs?: number | null
  shaderCompilationTimeMs?: number | null
  memoryUsageMb?: number | null
  errorMessage?: string | null
  metrics?: JsonObject | null
  simulated: boolean
  webgpuFeatures?: WebGpuFeaturesRow | null
}

/** Everything one document contributes to the database. Empty arrays are fine. */
export interface NormalizedDocument {
  run: RunRow
  performance: PerformanceRow[]
  compatibility: CompatibilityRow[]
  integration: IntegrationRow[]
  webPlatform: WebPlatformRow[]
  /** Machine facts (device names, memory, CUDA devices) not tied to a result row. */
  hardwarePlatforms: HardwareRef[]
  /** Models the file describes without results (still worth a models row). */
  models: ModelRef[]
  /** Parts of the document the adapter did not understand (JSON pointer + why). Kept, reported. */
  unmapped?: Array<{pointer: string; reason: string}>
  /**
   * The document is a companion of another file that carries the rows (Criterion's benchmark.json
   * and sample.json beside estimates.json, asv's machine.json and benchmarks.json beside results):
   * it is recorded in the ledger (with its raw bytes) and writes no run and no rows. The text says
   * which file reads it.
   */
  companionOf?: string
}

export interface AdapterContext {
  /** Path of the file as scanned (for names only; adapters must detect by content). */
  path: string
  /** File modification time, for adapters whose documents carry no timestamp (metadata only). */
  mtime: Date
  /**
   * A JSON file beside this one (a path relative to its directory, `../benchmarks.json`), parsed,
   * or null when it is absent, unreadable, not JSON, or outside the input directory the file was
   * found under. Only files scanned from a directory have siblings (not documents sent to the API).
   */
  readSibling?: (relativePath: string) => unknown | null
}

/**
 * One JSON layout. `detect` is a JSON Schema that recognises the layout by its discriminating
 * keys (loose); `validate` is a JSON Schema of the types the mapping relies on (strict). A
 * document that passes `detect` but fails `validate` is rejected with the JSON pointer; one that
 * passes no adapter's `detect` is stored as unrecognized.
 */
export interface ShapeAdapter {
  name: string
  category: Category
  /** Higher wins when several adapters detect the same document. */
  priority: number
  description: string
  detect: object
  validate: object
  map(doc: unknown, ctx: AdapterContext): NormalizedDocument
  /**
   * The format's writer emits NaN/Infinity literals (Python's json module does by default: asv).
   * Such a file that this adapter detects (with those literals read as null) is accepted; every
   * other file with them is rejected as invalid JSON.
   */
  nonFiniteLiterals?: boolean
}
