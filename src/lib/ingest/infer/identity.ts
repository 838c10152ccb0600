import {escapeToken} from '../json-locate.js'
import {canonicalHardware} from '../normalize/hardware.js'
import {inferFamily} from '../normalize/model.js'
import {snakeKey} from './key-names.js'

/**
 * Series identity of inferred measurements: read from the object that holds them, then its
 * ancestors (nearest first), from named keys (`model`, `hardware`, `device`, `precision`, ...) and
 * from the keys the objects sit under (`{"bert-base-uncased": {"cuda": {...}}}`). Every found value
 * carries the JSON pointer it came from. Nothing is defaulted: no hardware found means none.
 */
export interface Frame {
  /** The key this object sits under in its parent (null for the root and for array elements). */
  key: string | null
  /** The parent's key, for keyed maps (`models.<name>`). */
  parentKey: string | null
  node: Record<string, unknown>
  pointer: string
}

export interface Found<T> {
  value: T
  pointer: string
}

export interface Identity {
  model?: Found<string>
  hardware?: Found<{type: string; device: string | null}>
  /** A device name for either kind (`device_name`), a CPU's (`cpu_model`) and a GPU's (`gpu_name`): a CPU name never names a GPU row's device. */
  device?: Found<string>
  cpuDevice?: Found<string>
  gpuDevice?: Found<string>
  precision?: Found<string>
  batchSize?: Found<number>
  iterations?: Found<number>
  simulated?: Found<boolean>
  testCase?: Found<string>
  /** Path keys that are none of the above: together, the test case when none is named. */
  pathParts: Found<string>[]
}

/** Platforms benchdb knows by name; other strings count as hardware only under a `hardware` key. */
const KNOWN_HARDWARE = new Set(['cpu', 'cuda', 'rocm', 'mps', 'openvino', 'qnn', 'webnn', 'webgpu'])
const GPU_VENDORS: Array<[RegExp, string]> = [
  [/nvidia|geforce|tesla|quadro|\brtx\b|\b[ahlvt]\d{2,3}\b|\bh100\b|\bcuda\b/i, 'cuda'],
  [/radeon|instinct|\bmi\d{2,3}x?\b|\brocm\b/i, 'rocm'],
  [/apple m\d|\bmps\b/i, 'mps'],
]

/** A hardware type in a string: `CUDA`, `cuda:0`, `CUDAExecutionProvider`, `NVIDIA A100` (cuda, device named). */
export function hardwareOf(text: string): {type: string; device: string | null} | null {
  const plain = text.trim().replace(/ExecutionProvider$/i, '')
  const c = canonicalHardware(plain)
  if (KNOWN_HARDWARE.has(c)) return {type: c, device: null}
  for (const [re, type] of GPU_VENDORS) if (re.test(plain)) return {type, device: text.trim()}
  return null
}

const MODEL_KEYS = new Set(['model', 'model_name', 'model_id', 'checkpoint', 'model_path', 'hf_model', 'model_checkpoint'])
const HARDWARE_NAMED_KEYS = new Set(['hardware', 'hardware_type', 'hw'])
const HARDWARE_HINT_KEYS = new Set(['device', 'device_type', 'accelerator', 'backend', 'platform', 'target', 'provider', 'execution_provider'])
const DEVICE_KEYS = new Set(['device_name'])
const CPU_DEVICE_KEYS = new Set(['cpu_model', 'cpu_name', 'processor', 'cpu', 'cpu_brand'])
const GPU_DEVICE_KEYS = new Set(['gpu_name', 'gpu', 'gpu_model', 'gpu_device'])
const PRECISION_KEYS = new Set(['precision', 'dtype', 'data_type', 'quantization', 'compute_type'])
const BATCH_KEYS = new Set(['batch_size', 'batch', 'bs', 'batchsize'])
const ITERATION_KEYS = new Set(['iterations', 'iters', 'num_runs', 'n_runs', 'num_iterations', 'repeats', 'repetitions'])
const SIMULATED_KEYS = new Set(['simulated', 'is_simulated', 'is_simulation', 'simulation', 'mock'])
const TEST_CASE_KEYS = new Set(['test_case', 'scenario', 'task', 'test', 'test_name', 'benchmark', 'case', 'workload'])
const PRECISIONS = new Set(['fp32', 'fp16', 'bf16', 'fp8', 'int8', 'int4', 'float32', 'float16', 'bfloat16', 'tf32', 'q4', 'q8'])
const MODEL_CONTAINERS = new Set(['models', 'model_results', 'results_by_model', 'by_model', 'per_model'])
const HARDWARE_CONTAINERS = new Set(['hardware', 'by_hardware', 'devices', 'platforms', 'per_device', 'backends'])
/** Path keys that only group things: never a test case. */
export const CONTAINERS = new Set(['results', 'result', 'benchmarks', 'benchmark', 'data', 'runs', 'run', 'metrics', 'measurements',
  'performance', 'perf', 'stats', 'statistics', 'summary', 'values', 'items', 'rows', 'entries', 'records', 'output', 'outputs',
  'report', 'timings', 'timing', 'details', ...MODEL_CONTAINERS, ...HARDWARE_CONTAINERS])
/** Names of well-known model families beyond normalize/model.ts's list, for keys such as `phi-3-mini`. */
const MODEL_HINT = /^(phi|opt|falcon|bloom|mpt|stablelm|deberta|electra|xlnet|bart|mbart|pegasus|marian|yolo|efficientnet|swin|beit|dino|segformer|sam|mobilevit|llava|gpt|bert|t5)/i

const norm = snakeKey

function looksLikeModel(key: string): boolean {
  return /^[\w.-]+\/[\w.-]+$/.test(key) || inferFamily(key) !== null || MODEL_HINT.test(key)
}

function batchOfKey(key: string): number | null {
  const m = /^(?:batch|bs|batch_size|b)[_-]?(\d+)$/i.exec(key)
  return m && Number(m[1]) <= 2147483647 ? Number(m[1]) : null
}

/** The device name of the row's hardware: the one its hardware string gave, else a name of the right kind. */
export function deviceOf(id: Identity): string | null {
  const hw = id.hardware?.value
  if (!hw) return null
  if (hw.device) return hw.device
  const ofKind = hw.type === 'cpu' ? id.cpuDevice : id.gpuDevice
  return (ofKind ?? id.device)?.value ?? null
}

export function identityOf(frames: Frame[], ownerIndex: number): Identity {
  const id: Identity = {pathParts: []}
  // Owner first, then ancestors: the nearest statement wins.
  for (let i = ownerIndex; i >= 0; i--) {
    const f = frames[i]
    readKeys(f, id)
    readPathKey(f, id)
  }
  id.pathParts.reverse()
  return id
}

/** Objects beside the measurements that describe the setup (`{"setup": {"device": "cuda"}, "latency_ms": 3}`). */
const SETUP_OBJECTS = new Set(['setup', 'config', 'configuration', 'environment', 'env', 'system', 'system_info', 'hardware_info',
  'device_info', 'settings', 'params', 'parameters', 'metadata', 'meta', 'info', 'run_info', 'context'])


type Facts = Omit<Identity, 'pathParts'>
const FIELDS = ['model', 'hardware', 'device', 'cpuDevice', 'gpuDevice', 'precision', 'batchSize', 'iterations', 'simulated', 'testCase'] as const

/**
 * What one object (and its setup objects) says, read once per object: every row below a wide
 * object (a map of 100,000 models) asks it again, and must not rescan it each time.
 */
const factsCache = new WeakMap<object, Facts>()

function readKeys(f: Frame, id: Identity): void {
  let facts = factsCache.get(f.node)
  if (!facts) {
    facts = {}
    readObject(f.node, f.pointer, facts)
    // Then the setup objects beside them: the measurements' own object speaks first.
    for (const [k, v] of Object.entries(f.node)) {
      if (SETUP_OBJECTS.has(norm(k)) && v && typeof v === 'object' && !Array.isArray(v)) readObject(v as Record<string, unknown>, `${f.pointer}/${escapeToken(k)}`, facts)
    }
    factsCache.set(f.node, facts)
  }
  for (const field of FIELDS) if (id[field] === undefined && facts[field] !== undefined) (id as unknown as Record<string, unknown>)[field] = facts[field]
}

function readObject(node: Record<string, unknown>, at: string, id: Facts): void {
  for (const [k, v] of Object.entries(node)) {
    const key = norm(k)
    const pointer = `${at}/${escapeToken(k)}`
    if (typeof v === 'string' && v.trim() !== '') {
      if (!id.model && MODEL_KEYS.has(key)) id.model = {value: v.trim(), pointer}
      else if (!id.hardware && HARDWARE_NAMED_KEYS.has(key)) id.hardware = {value: hardwareOf(v) ?? {type: canonicalHardware(v), device: null}, pointer}
      else if (!id.hardware && HARDWARE_HINT_KEYS.has(key) && hardwareOf(v)) id.hardware = {value: hardwareOf(v)!, pointer}
      else if (!id.device && DEVICE_KEYS.has(key)) id.device = {value: v.trim(), pointer}
      else if (!id.cpuDevice && CPU_DEVICE_KEYS.has(key)) id.cpuDevice = {value: v.trim(), pointer}
      else if (!id.gpuDevice && GPU_DEVICE_KEYS.has(key)) id.gpuDevice = {value: v.trim(), pointer}
      else if (!id.precision && PRECISION_KEYS.has(key)) id.precision = {value: v.trim(), pointer}
      else if (!id.testCase && TEST_CASE_KEYS.has(key)) id.testCase = {value: v.trim(), pointer}
    } else if (typeof v === 'number' && Number.isInteger(v) && v > 0 && v <= 2147483647) {
      if (!id.batchSize && BATCH_KEYS.has(key)) id.batchSize = {value: v, pointer}
      else if (!id.iterations && ITERATION_KEYS.has(key)) id.iterations = {value: v, pointer}
    } else if (typeof v === 'boolean' && !id.simulated && SIMULATED_KEYS.has(key)) {
      id.simulated = {value: v, pointer}
    } else if (v && typeof v === 'object' && !Array.isArray(v)) {
      // `model: {name: ...}`, `hardware: {type: ..., name: ...}`
      const o = v as Record<string, unknown>
      const field = (names: string[]) => names.find((n) => typeof o[n] === 'string' && (o[n] as string).trim() !== '')
      if (!id.model && MODEL_KEYS.has(key)) {
        const f = field(['name', 'id', 'model_id'])
        if (f) id.model = {value: (o[f] as string).trim(), pointer: `${pointer}/${f}`}
      } else if (!id.hardware && (HARDWARE_NAMED_KEYS.has(key) || HARDWARE_HINT_KEYS.has(key))) {
        const f = field(['type', 'hardware_type', 'kind', 'backend'])
        const hw = f ? hardwareOf(o[f] as string) ?? (HARDWARE_NAMED_KEYS.has(key) ? {type: canonicalHardware(o[f] as string), device: null} : null) : null
        if (hw) {
          const d = field(['device', 'device_name', 'name', 'model'])
          id.hardware = {value: {type: hw.type, device: hw.device ?? (d ? (o[d] as string).trim() : null)}, pointer: `${pointer}/${f}`}
        }
      }
    }
  }
}

function readPathKey(f: Frame, id: Identity): void {
  const key = f.key
  if (key === null) return
  const pointer = f.pointer
  const parent = f.parentKey === null ? null : norm(f.parentKey)
  const hw = hardwareOf(key)
  const batch = batchOfKey(key)
  if (hw || (parent && HARDWARE_CONTAINERS.has(parent))) {
    if (!id.hardware) id.hardware = {value: hw ?? {type: canonicalHardware(key), device: null}, pointer}
  } else if (PRECISIONS.has(key.toLowerCase())) {
    if (!id.precision) id.precision = {value: key, pointer}
  } else if (batch !== null) {
    if (!id.batchSize) id.batchSize = {value: batch, pointer}
  } else if ((parent && MODEL_CONTAINERS.has(parent)) || looksLikeModel(key)) {
    if (!id.model) id.model = {value: key, pointer}
  } else if (!CONTAINERS.has(norm(key))) {
    id.pathParts.push({value: key, pointer})
  }
}
