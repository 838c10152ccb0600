/** Every shape adapter (one file each). The registry orders them by priority. */
import {apiFeatureChecksAdapter} from './api_feature_checks.js'
import {apiModelLatencyAdapter} from './api_model_latency.js'
import {batchSizeMapAdapter} from './batch_size_map.js'
import {benchdbResultAdapter} from './benchdb_result.js'
import {benchmarkProgressAdapter} from './benchmark_progress.js'
import {benchmarkSuiteReportAdapter} from './benchmark_suite_report.js'
import {browserCapabilitiesAdapter} from './browser_capabilities.js'
import {browserShaderComparisonAdapter} from './browser_shader_comparison.js'
import {capabilityFlagsAdapter} from './capability_flags.js'
import {compatibilityMatrixAdapter} from './compatibility_matrix.js'
import {criticalModelTestsAdapter} from './critical_model_tests.js'
import {directBatchBenchmarksAdapter} from './direct_batch_benchmarks.js'
import {errorReportAdapter} from './error_report.js'
import {exitCodeTestTreeAdapter} from './exit_code_test_tree.js'
import {familyBenchmarkSummaryAdapter} from './family_benchmark_summary.js'
import {familyTestSummaryAdapter} from './family_test_summary.js'
import {functionalityReportAdapter} from './functionality_report.js'
import {hardwareCoverageReportAdapter} from './hardware_coverage_report.js'
import {modelPlatformChecksAdapter} from './model_platform_checks.js'
import {modelTestListAdapter} from './model_test_list.js'
import {nestedBenchmarkSuiteAdapter} from './nested_benchmark_suite.js'
import {platformResultsTestAdapter} from './platform_results_test.js'
import {skillPerformanceMetricsAdapter} from './skill_performance_metrics.js'
import {skillStatusMatrixAdapter} from './skill_status_matrix.js'
import {skillTestResultAdapter} from './skill_test_result.js'
import {skillTestRunnerAdapter} from './skill_test_runner.js'
import {starRowsAdapter} from './star_rows.js'
import {transformersMethodBenchmarkAdapter} from './transformers_method_benchmark.js'
import {webPlatformBatchAdapter} from './web_platform_batch.js'
import {webPlatformComparisonAdapter} from './web_platform_comparison.js'
import {webPlatformResultAdapter} from './web_platform_result.js'
import {wrappedSkillTestResultAdapter} from './wrapped_skill_test_result.js'
import {asvAdapter} from './asv.js'
import {asvCompanionAdapter} from './asv_companion.js'
import {benchmarkDotNetAdapter} from './benchmarkdotnet.js'
import {criterionAdapter} from './criterion.js'
import {criterionCompanionAdapter} from './criterion_companion.js'
import {googleBenchmarkAdapter} from './google_benchmark.js'
import {hyperfineAdapter} from './hyperfine.js'
import {jmhAdapter} from './jmh.js'
import {pytestBenchmarkAdapter} from './pytest_benchmark.js'
import type {ShapeAdapter} from '../types.js'

export const ADAPTER_LIST: readonly ShapeAdapter[] = [
  apiFeatureChecksAdapter,
  apiModelLatencyAdapter,
  batchSizeMapAdapter,
  benchdbResultAdapter,
  benchmarkProgressAdapter,
  benchmarkSuiteReportAdapter,
  browserCapabilitiesAdapter,
  browserShaderComparisonAdapter,
  capabilityFlagsAdapter,
  compatibilityMatrixAdapter,
  criticalModelTestsAdapter,
  directBatchBenchmarksAdapter,
  errorReportAdapter,
  exitCodeTestTreeAdapter,
  familyBenchmarkSummaryAdapter,
  familyTestSummaryAdapter,
  functionalityReportAdapter,
  hardwareCoverageReportAdapter,
  modelPlatformChecksAdapter,
  modelTestListAdapter,
  nestedBenchmarkSuiteAdapter,
  platformResultsTestAdapter,
  skillPerformanceMetricsAdapter,
  skillStatusMatrixAdapter,
  skillTestResultAdapter,
  skillTestRunnerAdapter,
  starRowsAdapter,
  transformersMethodBenchmarkAdapter,
  webPlatformBatchAdapter,
  webPlatformComparisonAdapter,
  webPlatformResultAdapter,
  wrappedSkillTestResultAdapter,
  asvAdapter,
  asvCompanionAdapter,
  benchmarkDotNetAdapter,
  criterionAdapter,
  criterionCompanionAdapter,
  googleBenchmarkAdapter,
  hyperfineAdapter,
  jmhAdapter,
  pytestBenchmarkAdapter,
]
