import {createHash} from 'node:crypto'
import type {
  CompatibilityRow, HardwareRef, IntegrationRow, ModelRef, NormalizedDocument, PerformanceRow, WebPlatformRow,
} from '../ingest/types.js'
import {prng} from '../util/prng.js'

/**
 * Deterministic, realistic sample data covering every table (the predecessor's sample left the
 * web-platform tables empty): six model families on the eight canonical hardware types over three
 * nightly runs, so trends and comparisons have history. qnn rows are marked simulated, as
 * Qualcomm results usually are on developer machines.
 */

export const SAMPLE_MODELS: ModelRef[] = [
  {name: 'bert-base-uncased', family: 'bert', modality: 'text', source: 'huggingface', parametersMillion: 110},
  {name: 't5-small', family: 't5', modality: 'text', source: 'huggingface', parametersMillion: 60},
  {name: 'meta-llama/Llama-3.2-1B', family: 'llama', modality: 'text', source: 'huggingface', parametersMillion: 1236},
  {name: 'google/vit-base-patch16-224', family: 'vit', modality: 'vision', source: 'huggingface', parametersMillion: 86},
  {name: 'openai/whisper-tiny', family: 'whisper', modality: 'audio', source: 'huggingface', parametersMillion: 39},
  {name: 'openai/clip-vit-base-patch32', family: 'clip', modality: 'multimodal', source: 'huggingface', parametersMillion: 151},
]

export const SAMPLE_HARDWARE: HardwareRef[] = [
  {type: 'cpu', deviceName: 'AMD EPYC 7763', platform: 'linux', memoryGb: 256, computeUnits: 64},
  {type: 'cuda', deviceName: 'NVIDIA A100-SXM4-80GB', platform: 'linux', driverVersion: '535.104.05', memoryGb: 80, computeUnits: 108},
  {type: 'rocm', deviceName: 'AMD Instinct MI250X', platform: 'linux', driverVersion: '6.0.2', memoryGb: 128, computeUnits: 220},
  {type: 'mps', deviceName: 'Apple M2 Max', platform: 'darwin', memoryGb: 64, computeUnits: 38},
  {type: 'openvino', deviceName: 'Intel Core i9-13900K', platform: 'linux', platformVersion: '2024.1', memoryGb: 64, computeUnits: 24},
  {type: 'qnn', deviceName: 'Snapdragon 8 Gen 3', platform: 'android', platformVersion: 'QNN 2.20', memoryGb: 16, computeUnits: 8},
  {type: 'webnn', deviceName: 'Chrome WebNN (CPU)', platform: 'browser', memoryGb: 16},
  {type: 'webgpu', deviceName: 'Chrome WebGPU (Apple M2 Max)', platform: 'browser', memoryGb: 16},
]

/** Relative speed of each hardware type against cpu, and which model families it cannot run. */
const SPEEDUP: Record<string, number> = {cpu: 1, cuda: 12, rocm: 9, mps: 4, openvino: 1.8, qnn: 2.5, webnn: 1.4, webgpu: 3}
const INCOMPATIBLE: Record<string, Record<string, string>> = {
  'meta-llama/Llama-3.2-1B': {
    qnn: 'Model exceeds the 4 GB QNN context binary limit',
    webnn: 'WebNN has no support for dynamic KV cache shapes',
  },
  'openai/whisper-tiny': {webnn: 'Unsupported operator: STFT'},
}
const BASE_CPU_THROUGHPUT: Record<string, number> = {
  'bert-base-uncased': 52.5, 't5-small': 38.25, 'meta-llama/Llama-3.2-1B': 4.75,
  'google/vit-base-patch16-224': 41.5, 'openai/whisper-tiny': 12.25, 'openai/clip-vit-base-patch32': 30.5,
}
export const SAMPLE_BATCH_SIZES = [1, 8, 32]
export const SAMPLE_RUN_DATES = ['2025-03-01T02:00:00Z', '2025-03-08T02:00:00Z', '2025-03-15T02:00:00Z']


/** Rounds to 2 decimals so the values read back from DOUBLE columns are the ones printed. */
const r2 = (x: number) => Math.round(x * 100) / 100

function sampleRun(runIndex: number): NormalizedDocument {
  const rand = prng(1000 + runIndex)
  const started = SAMPLE_RUN_DATES[runIndex]
  const performance: PerformanceRow[] = []
  const compatibility: CompatibilityRow[] = []
  const webPlatform: WebPlatformRow[] = []
  const integration: IntegrationRow[] = []

  for (const model of SAMPLE_MODELS) {
    for (const hw of SAMPLE_HARDWARE) {
      const reason = INCOMPATIBLE[model.name]?.[hw.type]
      const simulated = hw.type === 'qnn'
      compatibility.push({
        model, hardware: hw, isCompatible: !reason, detectionSuccess: true, initializationSuccess: !reason,
        errorMessage: reason ?? null, errorType: reason ? 'unsupported' : null,
        suggestedFix: reason ? 'Use a smaller variant or another backend' : null,
        workaroundAvailable: Boolean(reason), compatibilityScore: reason ? 0 : 1, simulated,
      })
      if (reason) continue
      for (const batch of SAMPLE_BATCH_SIZES) {
        // Throughput grows sub-linearly with batch size; +-5 % run-to-run noise.
        const tput = r2(BASE_CPU_THROUGHPUT[model.name] * SPEEDUP[hw.type] * Math.pow(batch, 0.6) * (0.95 + rand() * 0.1))
        const latency = r2((1000 * batch) / tput)
        const samples = Array.from({length: 5}, (_, i) => ({batchIndex: i, batchSize: batch, latencyMs: r2(latency * (0.9 + rand() * 0.2))}))
        performance.push({
          model, hardware: hw, testCase: model.modality === 'text' ? 'embedding' : 'inference', batchSize: batch,
          precision: hw.type === 'cuda' || hw.type === 'rocm' ? 'fp16' : 'fp32', totalTimeSeconds: r2((latency * 100) / 1000),
          averageLatencyMs: latency, throughputItemsPerSecond: tput,
          memoryPeakMb: r2((model.parametersMillion ?? 100) * 4.2 + batch * 12.5), iterations: 100, warmupIterations: 10,
          metrics: {sample: true}, simulated, samples,
        })
      }
      if (hw.type === 'webnn' || hw.type === 'webgpu') {
        for (const browser of ['chrome', 'edge', 'firefox']) {
          if (hw.type === 'webnn' && browser === 'firefox') continue
          const inference = r2((1000 / (BASE_CPU_THROUGHPUT[model.name] * SPEEDUP[hw.type])) * (0.9 + rand() * 0.2))
          const shader = hw.type === 'webgpu' ? r2(80 + rand() * 60) : null
          webPlatform.push({
            model, hardware: hw, platform: hw.type, browser, browserVersion: browser === 'firefox' ? '124.0' : '123.0',
            testFile: `web_platform/${hw.type}_${model.family}.html`, success: true, loadTimeMs: r2(300 + rand() * 200),
            initializationTimeMs: r2(150 + rand() * 100), inferenceTimeMs: inference,
            totalTimeMs: r2(450 + inference + (shader ?? 0)), shaderCompilationTimeMs: shader,
            memoryUsageMb: r2((model.parametersMillion ?? 100) * 2.1), simulated: false,
            webgpuFeatures: hw.type === 'webgpu' ? {
              computeShaderSupport: true, parallelCompilation: browser !== 'firefox', shaderCacheHit: runIndex > 0,
              workgroupSize: browser === 'firefox' ? '256x1x1' : '128x2x1', computePipelineTimeMs: r2(10 + rand() * 15),
              preCompiledPipeline: browser === 'chrome', memoryOptimizationLevel: 'high',
              audioAcceleration: model.modality === 'audio', videoAcceleration: false,
            } : null,
          })
        }
      }
    }
  }
  for (const hw of SAMPLE_HARDWARE.slice(0, 4)) {
    const failing = hw.type === 'rocm' && runIndex === 1
    integration.push({
      testModule: 'test_hardware_backend', testClass: 'TestBackendInit', testName: `test_${hw.type}_init`,
      status: failing ? 'fail' : 'pass', executionTimeSeconds: r2(0.5 + rand() * 2), hardware: hw,
      model: SAMPLE_MODELS[0], errorMessage: failing ? 'HIP error: invalid device ordinal' : null, simulated: false,
      assertions: [
        {name: 'device_detected', passed: true, expectedValue: 'true', actualValue: 'true'},
        {name: 'output_shape', passed: !failing, expectedValue: '[1, 768]', actualValue: failing ? 'None' : '[1, 768]',
          message: failing ? 'no output produced' : null},
      ],
    })
  }
  return {
    run: {
      testName: `nightly-benchmark-${runIndex + 1}`, testType: 'performance', startedAt: started,
      completedAt: new Date(Date.parse(started) + 3_600_000).toISOString(), executionTimeSeconds: 3600, success: true,
      gitCommit: ['a1b2c3d', 'b2c3d4e', 'c3d4e5f'][runIndex], gitBranch: 'main',
      commandLine: 'bench db:create --sample-data', metadata: {sample: true},
    },
    performance, compatibility, integration, webPlatform,
    hardwarePlatforms: SAMPLE_HARDWARE, models: SAMPLE_MODELS,
  }
}

export interface SampleDocument {
  path: string
  sha256: string
  bytes: Buffer
  doc: NormalizedDocument
}

/** The sample runs as ledger documents: their own bytes, so the ledger can restore them too. */
export function sampleDocuments(): SampleDocument[] {
  return SAMPLE_RUN_DATES.map((_, i) => {
    const doc = sampleRun(i)
    const bytes = Buffer.from(JSON.stringify(doc, null, 2))
    return {path: `benchdb-sample-data/run-${i + 1}.json`, sha256: createHash('sha256').update(bytes).digest('hex'), bytes, doc}
  })
}
