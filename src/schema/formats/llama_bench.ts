/**
 * llama.cpp `llama-bench -o json` (an array of test records) or one record (a single line of
 * `-o jsonl`). Keys differ across builds: b1275 (2023) has cuda/metal/gpu_blas/blas booleans and
 * f16_kv; 2024+ builds have backends, n_ubatch, type_k/type_v, flash_attn, split_mode, use_mmap,
 * and later n_depth. Only the keys every build writes are required.
 */
const record = {
  type: 'object',
  required: ['model_type', 'n_prompt', 'n_gen', 'avg_ts'],
  properties: {model_type: {type: 'string'}, n_prompt: {type: 'integer'}, n_gen: {type: 'integer'}, avg_ts: {type: 'number'}},
} as const

export const detect = {anyOf: [{type: 'array', minItems: 1, items: record}, record]} as const

const numbers = {type: 'array', items: {type: 'number'}} as const
const optString = {type: ['string', 'null']} as const
const optInt = {type: ['integer', 'null']} as const

const strictRecord = {
  type: 'object',
  required: ['model_type', 'n_prompt', 'n_gen', 'avg_ts'],
  properties: {
    build_commit: optString,
    build_number: optInt,
    cpu_info: optString,
    gpu_info: optString,
    backends: optString,
    model_filename: optString,
    model_type: {type: 'string'},
    model_size: {type: ['number', 'null']},
    model_n_params: {type: ['number', 'null']},
    n_batch: optInt,
    n_ubatch: optInt,
    n_threads: optInt,
    n_gpu_layers: optInt,
    n_prompt: {type: 'integer', minimum: 0},
    n_gen: {type: 'integer', minimum: 0},
    n_depth: optInt,
    test_time: optString,
    avg_ns: {type: ['number', 'null']},
    stddev_ns: {type: ['number', 'null']},
    avg_ts: {type: 'number'},
    stddev_ts: {type: ['number', 'null']},
    samples_ns: numbers,
    samples_ts: numbers,
  },
} as const

// if/then/else rather than anyOf: a bad value is reported at its own pointer, not as "must be array".
export const validate = {if: {type: 'array'}, then: {type: 'array', items: strictRecord}, else: strictRecord} as const
