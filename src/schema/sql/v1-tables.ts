/**
 * Schema version 1: the contract of ../shared/spec/schema.md (table and column names are public:
 * users' SQL relies on them) plus what benchdb adds beside them: the provenance ledger
 * `source_files`, `source_file_id` on every fact row, `is_simulated`, and stored percentiles.
 *
 * No FOREIGN KEY constraints: DuckDB implements UPDATE on a referenced row as delete+insert and
 * refuses it, which would make superseding a file version impossible. Referential integrity is
 * kept by the ingest engine (one transaction per batch) and verified by `db:maintain --check-integrity`.
 */

const SEQUENCES = [
  'seq_hardware_id',
  'seq_model_id',
  'seq_run_id',
  'seq_result_id',
  'seq_batch_id',
  'seq_compatibility_id',
  'seq_test_result_id',
  'seq_assertion_id',
  'seq_web_result_id',
  'seq_feature_id',
  'seq_source_file_id',
]

export const V1_TABLES: string[] = [
  ...SEQUENCES.map((s) => `CREATE SEQUENCE IF NOT EXISTS ${s} START 1`),

  `CREATE TABLE source_files (
    source_file_id BIGINT PRIMARY KEY DEFAULT nextval('seq_source_file_id'),
    path VARCHAR NOT NULL,
    sha256 VARCHAR,
    size_bytes BIGINT,
    mtime TIMESTAMP,
    category VARCHAR,
    shape VARCHAR,
    status VARCHAR NOT NULL,
    reason VARCHAR,
    json_pointer VARCHAR,
    duplicate_of BIGINT,
    superseded_by BIGINT,
    rows_written JSON,
    raw_encoding VARCHAR,
    raw_document BLOB,
    ingested_at TIMESTAMP NOT NULL DEFAULT (now()::TIMESTAMP)
  )`,

  `CREATE TABLE hardware_platforms (
    hardware_id BIGINT PRIMARY KEY DEFAULT nextval('seq_hardware_id'),
    hardware_type VARCHAR NOT NULL,
    device_name VARCHAR,
    platform VARCHAR,
    platform_version VARCHAR,
    driver_version VARCHAR,
    memory_gb DOUBLE,
    compute_units INTEGER,
    metadata JSON,
    created_at TIMESTAMP NOT NULL DEFAULT (now()::TIMESTAMP)
  )`,

  `CREATE TABLE models (
    model_id BIGINT PRIMARY KEY DEFAULT nextval('seq_model_id'),
    model_name VARCHAR NOT NULL UNIQUE,
    model_family VARCHAR,
    modality VARCHAR,
    source VARCHAR,
    version VARCHAR,
    parameters_million DOUBLE,
    metadata JSON,
    created_at TIMESTAMP NOT NULL DEFAULT (now()::TIMESTAMP)
  )`,

  `CREATE TABLE test_runs (
    run_id BIGINT PRIMARY KEY DEFAULT nextval('seq_run_id'),
    test_name VARCHAR NOT NULL,
    test_type VARCHAR NOT NULL,
    started_at TIMESTAMP,
    completed_at TIMESTAMP,
    execution_time_seconds DOUBLE,
    success BOOLEAN,
    git_commit VARCHAR,
    git_branch VARCHAR,
    command_line VARCHAR,
    metadata JSON,
    created_at TIMESTAMP NOT NULL DEFAULT (now()::TIMESTAMP),
    source_file_id BIGINT
  )`,

  `CREATE TABLE performance_results (
    result_id BIGINT PRIMARY KEY DEFAULT nextval('seq_result_id'),
    run_id BIGINT,
    model_id BIGINT NOT NULL,
    hardware_id BIGINT NOT NULL,
    test_case VARCHAR,
    batch_size INTEGER,
    precision VARCHAR,
    total_time_seconds DOUBLE,
    average_latency_ms DOUBLE,
    throughput_items_per_second DOUBLE,
    memory_peak_mb DOUBLE,
    iterations INTEGER,
    warmup_iterations INTEGER,
    metrics JSON,
    created_at TIMESTAMP NOT NULL DEFAULT (now()::TIMESTAMP),
    latency_p50_ms DOUBLE,
    latency_p90_ms DOUBLE,
    latency_p99_ms DOUBLE,
    is_simulated BOOLEAN NOT NULL DEFAULT false,
    source_file_id BIGINT
  )`,

  `CREATE TABLE performance_batch_results (
    batch_id BIGINT PRIMARY KEY DEFAULT nextval('seq_batch_id'),
    result_id BIGINT NOT NULL,
    batch_index INTEGER NOT NULL,
    batch_size INTEGER,
    latency_ms DOUBLE,
    memory_usage_mb DOUBLE,
    created_at TIMESTAMP NOT NULL DEFAULT (now()::TIMESTAMP),
    source_file_id BIGINT
  )`,

  `CREATE TABLE hardware_compatibility (
    compatibility_id BIGINT PRIMARY KEY DEFAULT nextval('seq_compatibility_id'),
    run_id BIGINT,
    model_id BIGINT NOT NULL,
    hardware_id BIGINT NOT NULL,
    is_compatible BOOLEAN,
    detection_success BOOLEAN,
    initialization_success BOOLEAN,
    error_message VARCHAR,
    error_type VARCHAR,
    suggested_fix VARCHAR,
    workaround_available BOOLEAN,
    compatibility_score DOUBLE,
    metadata JSON,
    created_at TIMESTAMP NOT NULL DEFAULT (now()::TIMESTAMP),
    is_simulated BOOLEAN NOT NULL DEFAULT false,
    source_file_id BIGINT
  )`,

  `CREATE TABLE integration_test_results (
    test_result_id BIGINT PRIMARY KEY DEFAULT nextval('seq_test_result_id'),
    run_id BIGINT,
    test_module VARCHAR NOT NULL,
    test_class VARCHAR,
    test_name VARCHAR NOT NULL,
    status VARCHAR NOT NULL CHECK (status IN ('pass', 'fail', 'error', 'skip')),
    execution_time_seconds DOUBLE,
    hardware_id BIGINT,
    model_id BIGINT,
    error_message VARCHAR,
    error_traceback VARCHAR,
    metadata JSON,
    created_at TIMESTAMP NOT NULL DEFAULT (now()::TIMESTAMP),
    is_simulated BOOLEAN NOT NULL DEFAULT false,
    source_file_id BIGINT
  )`,

  `CREATE TABLE integration_test_assertions (
    assertion_id BIGINT PRIMARY KEY DEFAULT nextval('seq_assertion_id'),
    test_result_id BIGINT NOT NULL,
    assertion_name VARCHAR NOT NULL,
    passed BOOLEAN NOT NULL,
    expected_value VARCHAR,
    actual_value VARCHAR,
    message VARCHAR,
    created_at TIMESTAMP NOT NULL DEFAULT (now()::TIMESTAMP),
    source_file_id BIGINT
  )`,

  `CREATE TABLE web_platform_results (
    result_id BIGINT PRIMARY KEY DEFAULT nextval('seq_web_result_id'),
    run_id BIGINT,
    model_id BIGINT NOT NULL,
    hardware_id BIGINT NOT NULL,
    platform VARCHAR NOT NULL,
    browser VARCHAR,
    browser_version VARCHAR,
    test_file VARCHAR,
    success BOOLEAN,
    load_time_ms DOUBLE,
    initialization_time_ms DOUBLE,
    inference_time_ms DOUBLE,
    total_time_ms DOUBLE,
    shader_compilation_time_ms DOUBLE,
    memory_usage_mb DOUBLE,
    error_message VARCHAR,
    metrics JSON,
    created_at TIMESTAMP NOT NULL DEFAULT (now()::TIMESTAMP),
    is_simulated BOOLEAN NOT NULL DEFAULT false,
    source_file_id BIGINT
  )`,

  `CREATE TABLE webgpu_advanced_features (
    feature_id BIGINT PRIMARY KEY DEFAULT nextval('seq_feature_id'),
    result_id BIGINT NOT NULL,
    compute_shader_support BOOLEAN,
    parallel_compilation BOOLEAN,
    shader_cache_hit BOOLEAN,
    workgroup_size VARCHAR,
    compute_pipeline_time_ms DOUBLE,
    pre_compiled_pipeline BOOLEAN,
    memory_optimization_level VARCHAR,
    audio_acceleration BOOLEAN,
    video_acceleration BOOLEAN,
    created_at TIMESTAMP NOT NULL DEFAULT (now()::TIMESTAMP),
    source_file_id BIGINT
  )`,
]

/** Contract tables in dependency order (dimensions first); used for counts, exports and resets. */
export const CONTRACT_TABLES = [
  'hardware_platforms',
  'models',
  'test_runs',
  'performance_results',
  'performance_batch_results',
  'hardware_compatibility',
  'integration_test_results',
  'integration_test_assertions',
  'web_platform_results',
  'webgpu_advanced_features',
] as const

export type ContractTable = (typeof CONTRACT_TABLES)[number]

export const LEDGER_TABLE = 'source_files'
