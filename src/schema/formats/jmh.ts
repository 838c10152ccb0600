/** JMH `-rf json`: an array of `{benchmark, mode, threads, forks, jdkVersion, vmName, params?, primaryMetric{score, scoreUnit, ...}, secondaryMetrics}`. */
export const detect = {
  type: 'array',
  minItems: 1,
  items: {type: 'object', required: ['benchmark', 'mode', 'primaryMetric'], properties: {primaryMetric: {type: 'object', required: ['score', 'scoreUnit']}}},
} as const

const metric = {
  type: 'object',
  required: ['score', 'scoreUnit'],
  properties: {
    // JMH writes "NaN" (a string) for a score it could not compute; null = not measured.
    score: {type: ['number', 'string', 'null']},
    scoreError: {type: ['number', 'string', 'null']},
    scoreUnit: {type: 'string'},
    scoreConfidence: {type: 'array'},
    scorePercentiles: {type: 'object'},
    rawData: {type: 'array', items: {type: 'array'}},
  },
} as const

export const validate = {
  type: 'array',
  items: {
    type: 'object',
    required: ['benchmark', 'mode', 'primaryMetric'],
    properties: {
      benchmark: {type: 'string'},
      mode: {enum: ['thrpt', 'avgt', 'sample', 'ss']},
      threads: {type: 'integer'},
      forks: {type: 'integer'},
      params: {type: 'object', additionalProperties: {type: ['string', 'number', 'boolean']}},
      primaryMetric: metric,
      secondaryMetrics: {type: 'object', additionalProperties: metric},
    },
  },
} as const
