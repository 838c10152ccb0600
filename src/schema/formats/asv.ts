/**
 * airspeed velocity (asv) results: `results/<machine>/<commit>-<env>.json`. Version 1 holds
 * `results: {name: value | null | NaN | {result, params, stats?, samples?}}`; version 2 holds
 * positional arrays described by `result_columns`. asv writes NaN literals (non-strict JSON).
 */
export const detect = {
  type: 'object',
  required: ['commit_hash', 'results'],
  anyOf: [{required: ['params']}, {required: ['result_columns']}, {required: ['env_name']}],
  properties: {commit_hash: {type: 'string'}, results: {type: 'object'}},
} as const

export const validate = {
  type: 'object',
  required: ['commit_hash', 'results'],
  properties: {
    commit_hash: {type: 'string'},
    date: {type: ['number', 'null']},
    env_name: {type: 'string'},
    python: {type: 'string'},
    params: {type: 'object'},
    requirements: {type: 'object'},
    result_columns: {type: 'array', items: {type: 'string'}, contains: {const: 'result'}},
    version: {type: 'integer'},
    started_at: {type: 'object', additionalProperties: {type: ['number', 'null']}},
    ended_at: {type: 'object', additionalProperties: {type: ['number', 'null']}},
    results: {
      type: 'object',
      additionalProperties: {
        anyOf: [
          {type: ['number', 'null']},
          // v2: one positional array per benchmark.
          {type: 'array'},
          // v1 parameterised: result[] in the order of the product of params[].
          {type: 'object', required: ['result'], properties: {result: {type: ['array', 'number', 'null']}, params: {type: 'array', items: {type: 'array'}}, stats: {type: ['array', 'null']}, samples: {type: ['array', 'null']}}},
        ],
      },
    },
  },
} as const

/** `results/<machine>/machine.json`. */
export const machine = {
  type: 'object',
  required: ['machine', 'version'],
  anyOf: [{required: ['cpu']}, {required: ['arch']}, {required: ['os']}, {required: ['ram']}],
  properties: {machine: {type: 'string'}, version: {type: 'integer'}, cpu: {type: 'string'}, arch: {type: 'string'}, os: {type: 'string'}},
} as const

/** `results/benchmarks.json`: per benchmark its type, unit, parameter names and values. */
export const benchmarks = {
  type: 'object',
  required: ['version'],
  minProperties: 2,
  properties: {version: {type: 'integer'}},
  additionalProperties: {type: 'object', required: ['name', 'type'], properties: {name: {type: 'string'}, type: {enum: ['time', 'mem', 'peakmem', 'track']}}},
} as const
