/**
 * The six contract views. Each exposes `is_simulated` (or counts of simulated rows) so that users
 * can exclude simulated evidence in their own SQL; benchdb's reports exclude it by default.
 * "Latest" means the newest run time the file recorded, falling back to ingestion order.
 */

const CANONICAL_HARDWARE = ['cpu', 'cuda', 'rocm', 'mps', 'openvino', 'qnn', 'webnn', 'webgpu']

/** Evidence time of a fact row: the run's own start (from the file), else when it was stored. */
const evidenceTime = (alias: string) => `coalesce(tr.started_at, tr.completed_at, ${alias}.created_at)`

export const V1_VIEWS: string[] = [
  `CREATE OR REPLACE VIEW model_hardware_compatibility AS
   SELECT m.model_id, m.model_name, m.model_family, hp.hardware_type,
          count(*) AS evidence_count,
          count(*) FILTER (WHERE hc.is_compatible) AS compatible_count,
          count(*) FILTER (WHERE NOT hc.is_compatible) AS incompatible_count,
          arg_max(hc.is_compatible, ${evidenceTime('hc')}) AS is_compatible,
          arg_max(hc.compatibility_score, ${evidenceTime('hc')}) AS compatibility_score,
          arg_max(hc.error_message, ${evidenceTime('hc')}) FILTER (WHERE NOT hc.is_compatible) AS latest_error,
          max(${evidenceTime('hc')}) AS last_tested,
          bool_or(hc.is_simulated) AS any_simulated,
          bool_and(hc.is_simulated) AS is_simulated
   FROM hardware_compatibility hc
   JOIN models m ON m.model_id = hc.model_id
   JOIN hardware_platforms hp ON hp.hardware_id = hc.hardware_id
   LEFT JOIN test_runs tr ON tr.run_id = hc.run_id
   GROUP BY m.model_id, m.model_name, m.model_family, hp.hardware_type`,

  `CREATE OR REPLACE VIEW latest_performance_metrics AS
   SELECT * EXCLUDE (rn) FROM (
     SELECT pr.result_id, pr.run_id, m.model_name, m.model_family, hp.hardware_type, hp.device_name,
            pr.test_case, pr.batch_size, pr.precision, pr.average_latency_ms,
            pr.throughput_items_per_second, pr.memory_peak_mb,
            pr.latency_p50_ms, pr.latency_p90_ms, pr.latency_p99_ms,
            pr.is_simulated, ${evidenceTime('pr')} AS measured_at,
            row_number() OVER (
              PARTITION BY pr.model_id, pr.hardware_id, pr.test_case, pr.batch_size, pr.precision, pr.is_simulated
              ORDER BY ${evidenceTime('pr')} DESC, pr.result_id DESC) AS rn
     FROM performance_results pr
     JOIN models m ON m.model_id = pr.model_id
     JOIN hardware_platforms hp ON hp.hardware_id = pr.hardware_id
     LEFT JOIN test_runs tr ON tr.run_id = pr.run_id
   ) WHERE rn = 1`,

  `CREATE OR REPLACE VIEW integration_test_status AS
   SELECT itr.test_module, itr.test_name,
          count(*) AS runs,
          count(*) FILTER (WHERE itr.status = 'pass') AS passed,
          count(*) FILTER (WHERE itr.status = 'fail') AS failed,
          count(*) FILTER (WHERE itr.status = 'error') AS errored,
          count(*) FILTER (WHERE itr.status = 'skip') AS skipped,
          arg_max(itr.status, ${evidenceTime('itr')}) AS latest_status,
          arg_max(itr.error_message, ${evidenceTime('itr')}) AS latest_error,
          max(${evidenceTime('itr')}) AS last_run,
          bool_or(itr.is_simulated) AS any_simulated
   FROM integration_test_results itr
   LEFT JOIN test_runs tr ON tr.run_id = itr.run_id
   GROUP BY itr.test_module, itr.test_name`,

  `CREATE OR REPLACE VIEW web_platform_performance_metrics AS
   SELECT m.model_name, m.model_family, wpr.platform, wpr.browser,
          count(*) AS tests,
          count(*) FILTER (WHERE wpr.success) AS successful,
          avg(wpr.load_time_ms) AS avg_load_time_ms,
          avg(wpr.initialization_time_ms) AS avg_initialization_time_ms,
          avg(wpr.inference_time_ms) AS avg_inference_time_ms,
          avg(wpr.total_time_ms) AS avg_total_time_ms,
          avg(wpr.shader_compilation_time_ms) AS avg_shader_compilation_time_ms,
          max(wpr.memory_usage_mb) AS max_memory_usage_mb,
          wpr.is_simulated
   FROM web_platform_results wpr
   JOIN models m ON m.model_id = wpr.model_id
   GROUP BY m.model_name, m.model_family, wpr.platform, wpr.browser, wpr.is_simulated`,

  `CREATE OR REPLACE VIEW webgpu_feature_analysis AS
   SELECT m.model_name, m.model_family, wpr.browser, wpr.platform,
          count(*) AS tests,
          count(*) FILTER (WHERE wf.compute_shader_support) AS compute_shader_tests,
          count(*) FILTER (WHERE wf.parallel_compilation) AS parallel_compilation_tests,
          count(*) FILTER (WHERE wf.shader_cache_hit) AS shader_cache_hits,
          avg(wf.compute_pipeline_time_ms) AS avg_compute_pipeline_time_ms,
          avg(wpr.shader_compilation_time_ms) AS avg_shader_compilation_time_ms,
          avg(wpr.inference_time_ms) AS avg_inference_time_ms,
          wpr.is_simulated
   FROM webgpu_advanced_features wf
   JOIN web_platform_results wpr ON wpr.result_id = wf.result_id
   JOIN models m ON m.model_id = wpr.model_id
   GROUP BY m.model_name, m.model_family, wpr.browser, wpr.platform, wpr.is_simulated`,

  `CREATE OR REPLACE VIEW cross_platform_performance AS
   SELECT m.model_name, m.model_family, pr.batch_size, pr.is_simulated,
          ${CANONICAL_HARDWARE.map(
            (h) => `avg(pr.throughput_items_per_second) FILTER (WHERE hp.hardware_type = '${h}') AS ${h}_throughput,
          avg(pr.average_latency_ms) FILTER (WHERE hp.hardware_type = '${h}') AS ${h}_latency_ms`,
          ).join(',\n          ')}
   FROM performance_results pr
   JOIN models m ON m.model_id = pr.model_id
   JOIN hardware_platforms hp ON hp.hardware_id = pr.hardware_id
   GROUP BY m.model_name, m.model_family, pr.batch_size, pr.is_simulated`,
]

export const CONTRACT_VIEWS = [
  'model_hardware_compatibility',
  'latest_performance_metrics',
  'integration_test_status',
  'web_platform_performance_metrics',
  'webgpu_feature_analysis',
  'cross_platform_performance',
] as const
