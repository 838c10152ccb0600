/**
 * vLLM's serving benchmark result (`benchmarks/benchmark_serving.py --save-result`, `vllm bench
 * serve --save-result`). Every version writes the request throughput and the TTFT statistics;
 * the rest (e2el, goodput, percentiles, per-request lists, concurrency) came and went.
 */
export const detect = {
  type: 'object',
  required: ['request_throughput', 'mean_ttft_ms'],
  properties: {request_throughput: {type: ['number', 'null']}, mean_ttft_ms: {type: ['number', 'null']}},
  anyOf: [{required: ['completed']}, {required: ['duration']}, {required: ['output_throughput']}],
} as const

const optNumber = {type: ['number', 'null']} as const

export const validate = {
  type: 'object',
  required: ['request_throughput', 'mean_ttft_ms'],
  properties: {
    date: {type: ['string', 'null']},
    backend: {type: ['string', 'null']},
    model_id: {type: ['string', 'null']},
    request_rate: {anyOf: [{type: 'number'}, {type: 'string'}, {type: 'null'}]},
    max_concurrency: {type: ['integer', 'null']},
    burstiness: optNumber,
    duration: optNumber,
    completed: {type: ['integer', 'null']},
    request_throughput: optNumber,
    output_throughput: optNumber,
    total_token_throughput: optNumber,
    input_throughput: optNumber,
    ttfts: {type: 'array', items: optNumber},
  },
  // Every statistic key (`mean_ttft_ms`, `p99_itl_ms`, `std_e2el_ms` ...) must hold a number.
  patternProperties: {'^(mean|median|std|p\\d+(\\.\\d+)?)_[a-z0-9]+_ms$': optNumber},
} as const
