/**
 * airspeed velocity (asv) results: `results/<machine>/<commit>-<env>.json`. Version 1 holds
 * `results: {name: value | null | NaN | {result, params, stats?, samples?}}`; version 2 holds
 * positional arrays described by `result_columns`. asv writes NaN literals (non-strict JSON).
 */
export const detect = {
  type: 'object',
  // A results map beside any two of asv's run keys: the commit is run context a writer may leave out.
  required: ['results'],
  anyOf: [
    {required: ['commit_hash', 'env_name']}, {required: ['commit_hash', 'params']}, {required: ['commit_hash', 'result_columns']},
    {required: ['env_name', 'params']}, {required: ['env_name', 'result_columns']}, {required: ['params', 'result_columns']},
  ],
  properties: {commit_hash: {type: 'string'}, results: {type: 'object'}},
} as const

export const validate = {
  type: 'object',
  required: ['results'],
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
          // null: asv's "failed or skipped".
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

/** `results/<machine>/machine.json`: the machine's name beside some of its facts (`version` may be left out). */
export const machine = {
  type: 'object',
  required: ['machine'],
  anyOf: [{required: ['cpu']}, {required: ['arch']}, {required: ['os']}, {required: ['ram']}, {required: ['num_cpu']}],
  properties: {machine: {type: 'string'}, version: {type: 'integer'}, cpu: {type: 'string'}, arch: {type: 'string'}, os: {type: 'string'}},
} as const

/**
 * `results/benchmarks.json`: per benchmark its type, unit, parameter names and values. Recognised
 * by at least one entry that is an asv benchmark description ({name, param_names}); `version`,
 * each entry's `type` and keys a later asv adds are optional (`not additionalProperties not X`
 * reads "some entry is X").
 */
const benchmarkEntry = {type: 'object', required: ['name', 'param_names'], properties: {name: {type: 'string'}, param_names: {type: 'array'}}} as const
export const benchmarks = {
  type: 'object',
  properties: {version: {type: 'integer'}},
  not: {additionalProperties: {not: benchmarkEntry}},
} as const
