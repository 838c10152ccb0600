/**
 * Criterion.rs `target/criterion/<id>/new/estimates.json` (one benchmark's estimates in ns per
 * iteration). Old schema (<= 0.3.0): capitalised `Mean`, `Median`, `MedianAbsDev`, `Slope`,
 * `StdDev`; new schema: `mean`, `median`, `median_abs_dev`, `slope` (null under flat sampling),
 * `std_dev`. Each `{confidence_interval{confidence_level, lower_bound, upper_bound}, point_estimate, standard_error}`.
 */
const optional = {type: ['number', 'null']} as const
const estimate = {
  type: 'object',
  required: ['point_estimate', 'confidence_interval'],
  // null = not measured (the row keeps the other estimates).
  properties: {point_estimate: optional, standard_error: optional, confidence_interval: {type: 'object', properties: {lower_bound: optional, upper_bound: optional, confidence_level: optional}}},
} as const
const maybe = {anyOf: [estimate, {type: 'null'}]} as const
const head = {type: 'object', required: ['point_estimate', 'confidence_interval']} as const

export const detect = {
  type: 'object',
  anyOf: [
    {required: ['mean', 'median', 'std_dev'], properties: {mean: head, median: head, std_dev: head}},
    {required: ['Mean', 'Median', 'StdDev'], properties: {Mean: head, Median: head, StdDev: head}},
  ],
} as const

export const validate = {
  type: 'object',
  properties: {
    mean: estimate, median: estimate, std_dev: estimate, median_abs_dev: maybe, slope: maybe,
    Mean: estimate, Median: estimate, StdDev: estimate, MedianAbsDev: maybe, Slope: maybe,
  },
} as const

/** `benchmark.json` beside it: the benchmark's id (and its throughput per iteration). */
export const benchmarkId = {
  type: 'object',
  // The id and its group name it; the directory name (derived from the id) may be left out.
  required: ['group_id', 'full_id'],
  properties: {group_id: {type: 'string'}, full_id: {type: 'string'}, directory_name: {type: 'string'}, function_id: {type: ['string', 'null']}, value_str: {type: ['string', 'null']}, throughput: {type: ['object', 'null']}},
} as const

/** `sample.json`: new `{sampling_mode, iters, times}` or old `[[iters...], [times...]]` (total ns per sample). */
export const samples = {
  anyOf: [
    {type: 'object', required: ['iters', 'times'], properties: {sampling_mode: {type: 'string'}, iters: {type: 'array', items: {type: 'number'}}, times: {type: 'array', items: {type: 'number'}}}},
    {type: 'array', minItems: 2, maxItems: 2, items: {type: 'array', minItems: 1, items: {type: 'number'}}},
  ],
} as const

/** `tukey.json`: the four Tukey fences (ns), ascending. */
export const tukey = {type: 'array', minItems: 4, maxItems: 4, items: {type: 'number'}} as const

/** `change/estimates.json`: the relative change against the baseline (`mean`, `median` only). */
export const change = {
  type: 'object',
  anyOf: [{required: ['mean', 'median']}, {required: ['Mean', 'Median']}],
  properties: {mean: head, median: head, Mean: head, Median: head},
  additionalProperties: false,
} as const
