import type {BenchDb} from '../db/bench-db.js'
import {countFactRows, queryRows} from './common.js'
import {normaliseFilters, type ReportFilters} from './filters.js'
import {makeMeta, type MetaOptions, type ResultMeta} from './meta.js'
import {evidenceTime, filterConditions, Params, whereClause} from './where.js'

/** One model on one web platform (webnn/webgpu) in one browser. Times are averages in ms. */
export interface WebPlatformRow {
  model: string
  platform: string
  browser: string | null
  tests: number
  successful: number
  loadTimeMs: number | null
  initializationTimeMs: number | null
  inferenceTimeMs: number | null
  totalTimeMs: number | null
  shaderCompilationTimeMs: number | null
  maxMemoryMb: number | null
}

/** WebGPU advanced features seen per browser. */
export interface WebGpuFeatureRow {
  browser: string | null
  tests: number
  computeShaderSupport: number
  parallelCompilation: number
  shaderCacheHits: number
  preCompiledPipeline: number
  computePipelineTimeMs: number | null
}

export interface WebPlatformReport {
  kind: 'report'
  report: 'web-platform'
  meta: ResultMeta
  rows: WebPlatformRow[]
  webgpuFeatures: WebGpuFeatureRow[]
}

const FROM = `web_platform_results wpr
  JOIN models m ON m.model_id = wpr.model_id
  JOIN hardware_platforms hp ON hp.hardware_id = wpr.hardware_id
  LEFT JOIN test_runs tr ON tr.run_id = wpr.run_id`

/** Web platform results (load/init/inference/shader times) and WebGPU features; --hardware matches the platform. */
export async function webPlatformReport(bench: BenchDb, filters: ReportFilters = {}, options: MetaOptions = {}): Promise<WebPlatformReport> {
  const f = normaliseFilters(filters)
  const p = new Params()
  const conditions = filterConditions(f, {m: 'm', hp: 'hp', time: evidenceTime('wpr')}, p)
  const used = f.includeSimulated ? conditions : [...conditions, 'NOT wpr.is_simulated']
  const rows = await queryRows<WebPlatformRow>(
    bench,
    `SELECT m.model_name AS model, wpr.platform AS platform, wpr.browser AS browser, count(*) AS tests,
            count(*) FILTER (WHERE wpr.success) AS successful, avg(wpr.load_time_ms) AS "loadTimeMs",
            avg(wpr.initialization_time_ms) AS "initializationTimeMs", avg(wpr.inference_time_ms) AS "inferenceTimeMs",
            avg(wpr.total_time_ms) AS "totalTimeMs", avg(wpr.shader_compilation_time_ms) AS "shaderCompilationTimeMs",
            max(wpr.memory_usage_mb) AS "maxMemoryMb"
     FROM ${FROM} ${whereClause(used)} GROUP BY ALL ORDER BY model, platform, browser NULLS LAST`,
    p,
  )
  const webgpuFeatures = await queryRows<WebGpuFeatureRow>(
    bench,
    `SELECT wpr.browser AS browser, count(*) AS tests,
            count(*) FILTER (WHERE wf.compute_shader_support) AS "computeShaderSupport",
            count(*) FILTER (WHERE wf.parallel_compilation) AS "parallelCompilation",
            count(*) FILTER (WHERE wf.shader_cache_hit) AS "shaderCacheHits",
            count(*) FILTER (WHERE wf.pre_compiled_pipeline) AS "preCompiledPipeline",
            avg(wf.compute_pipeline_time_ms) AS "computePipelineTimeMs"
     FROM ${FROM} JOIN webgpu_advanced_features wf ON wf.result_id = wpr.result_id ${whereClause(used)}
     GROUP BY ALL ORDER BY browser NULLS LAST`,
    p,
  )
  const counts = await countFactRows(bench, FROM, conditions, p, 'wpr.is_simulated', Boolean(f.includeSimulated))
  return {kind: 'report', report: 'web-platform', meta: makeMeta(bench, f, counts, options), rows, webgpuFeatures}
}
