import type {TableSpec} from '../db/appender.js'

/** Every column of each written table, in DDL order (checked against the live schema by a test). */
export const SPECS = {
  source_files: {
    table: 'source_files',
    columns: [
      ['source_file_id', 'bigint'], ['path', 'varchar'], ['sha256', 'varchar'], ['size_bytes', 'bigint'],
      ['mtime', 'timestamp'], ['category', 'varchar'], ['shape', 'varchar'], ['status', 'varchar'],
      ['reason', 'varchar'], ['json_pointer', 'varchar'], ['duplicate_of', 'bigint'], ['superseded_by', 'bigint'],
      ['rows_written', 'json'], ['raw_encoding', 'varchar'], ['raw_document', 'blob'], ['ingested_at', 'default'],
      ['input_root', 'varchar'], ['relative_path', 'varchar'],
    ],
  },
  test_runs: {
    table: 'test_runs',
    columns: [
      ['run_id', 'bigint'], ['test_name', 'varchar'], ['test_type', 'varchar'], ['started_at', 'timestamp'],
      ['completed_at', 'timestamp'], ['execution_time_seconds', 'double'], ['success', 'bool'],
      ['git_commit', 'varchar'], ['git_branch', 'varchar'], ['command_line', 'varchar'], ['metadata', 'json'],
      ['created_at', 'default'], ['source_file_id', 'bigint'], ['git_repository', 'varchar'],
      ['ci_provider', 'varchar'], ['ci_run', 'varchar'], ['ci_run_url', 'varchar'], ['machine', 'varchar'],
      ['run_name', 'varchar'], ['tags', 'json'], ['time_source', 'varchar'],
    ],
  },
  performance_results: {
    table: 'performance_results',
    columns: [
      ['result_id', 'bigint'], ['run_id', 'bigint'], ['model_id', 'bigint'], ['hardware_id', 'bigint'],
      ['test_case', 'varchar'], ['batch_size', 'int'], ['precision', 'varchar'], ['total_time_seconds', 'double'],
      ['average_latency_ms', 'double'], ['throughput_items_per_second', 'double'], ['memory_peak_mb', 'double'],
      ['iterations', 'int'], ['warmup_iterations', 'int'], ['metrics', 'json'], ['created_at', 'default'],
      ['latency_p50_ms', 'double'], ['latency_p90_ms', 'double'], ['latency_p99_ms', 'double'],
      ['is_simulated', 'bool'], ['source_file_id', 'bigint'], ['is_inferred', 'bool'], ['source_pointer', 'varchar'],
    ],
  },
  result_metrics: {
    table: 'result_metrics',
    columns: [
      ['metric_id', 'bigint'], ['result_id', 'bigint'], ['metric', 'varchar'], ['value', 'double'], ['unit', 'varchar'],
      ['higher_is_better', 'bool'], ['samples', 'json'], ['source_pointer', 'varchar'], ['created_at', 'default'],
      ['source_file_id', 'bigint'],
    ],
  },
  performance_batch_results: {
    table: 'performance_batch_results',
    columns: [
      ['batch_id', 'bigint'], ['result_id', 'bigint'], ['batch_index', 'int'], ['batch_size', 'int'],
      ['latency_ms', 'double'], ['memory_usage_mb', 'double'], ['created_at', 'default'], ['source_file_id', 'bigint'],
    ],
  },
  hardware_compatibility: {
    table: 'hardware_compatibility',
    columns: [
      ['compatibility_id', 'bigint'], ['run_id', 'bigint'], ['model_id', 'bigint'], ['hardware_id', 'bigint'],
      ['is_compatible', 'bool'], ['detection_success', 'bool'], ['initialization_success', 'bool'],
      ['error_message', 'varchar'], ['error_type', 'varchar'], ['suggested_fix', 'varchar'],
      ['workaround_available', 'bool'], ['compatibility_score', 'double'], ['metadata', 'json'],
      ['created_at', 'default'], ['is_simulated', 'bool'], ['source_file_id', 'bigint'],
    ],
  },
  integration_test_results: {
    table: 'integration_test_results',
    columns: [
      ['test_result_id', 'bigint'], ['run_id', 'bigint'], ['test_module', 'varchar'], ['test_class', 'varchar'],
      ['test_name', 'varchar'], ['status', 'varchar'], ['execution_time_seconds', 'double'], ['hardware_id', 'bigint'],
      ['model_id', 'bigint'], ['error_message', 'varchar'], ['error_traceback', 'varchar'], ['metadata', 'json'],
      ['created_at', 'default'], ['is_simulated', 'bool'], ['source_file_id', 'bigint'],
    ],
  },
  integration_test_assertions: {
    table: 'integration_test_assertions',
    columns: [
      ['assertion_id', 'bigint'], ['test_result_id', 'bigint'], ['assertion_name', 'varchar'], ['passed', 'bool'],
      ['expected_value', 'varchar'], ['actual_value', 'varchar'], ['message', 'varchar'], ['created_at', 'default'],
      ['source_file_id', 'bigint'],
    ],
  },
  web_platform_results: {
    table: 'web_platform_results',
    columns: [
      ['result_id', 'bigint'], ['run_id', 'bigint'], ['model_id', 'bigint'], ['hardware_id', 'bigint'],
      ['platform', 'varchar'], ['browser', 'varchar'], ['browser_version', 'varchar'], ['test_file', 'varchar'],
      ['success', 'bool'], ['load_time_ms', 'double'], ['initialization_time_ms', 'double'],
      ['inference_time_ms', 'double'], ['total_time_ms', 'double'], ['shader_compilation_time_ms', 'double'],
      ['memory_usage_mb', 'double'], ['error_message', 'varchar'], ['metrics', 'json'], ['created_at', 'default'],
      ['is_simulated', 'bool'], ['source_file_id', 'bigint'],
    ],
  },
  webgpu_advanced_features: {
    table: 'webgpu_advanced_features',
    columns: [
      ['feature_id', 'bigint'], ['result_id', 'bigint'], ['compute_shader_support', 'bool'],
      ['parallel_compilation', 'bool'], ['shader_cache_hit', 'bool'], ['workgroup_size', 'varchar'],
      ['compute_pipeline_time_ms', 'double'], ['pre_compiled_pipeline', 'bool'],
      ['memory_optimization_level', 'varchar'], ['audio_acceleration', 'bool'], ['video_acceleration', 'bool'],
      ['created_at', 'default'], ['source_file_id', 'bigint'],
    ],
  },
} as const satisfies Record<string, TableSpec>

/** Fact tables whose rows carry source_file_id, children before parents (the order to delete in). */
export const FACT_TABLES_CHILD_FIRST = [
  'performance_batch_results',
  'result_metrics',
  'webgpu_advanced_features',
  'integration_test_assertions',
  'performance_results',
  'hardware_compatibility',
  'integration_test_results',
  'web_platform_results',
  'test_runs',
] as const
