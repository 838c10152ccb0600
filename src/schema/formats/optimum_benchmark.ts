/**
 * Hugging Face optimum-benchmark: `benchmark.json` ({config, report}) or `benchmark_report.json`
 * (the report alone). A report maps each phase (load, forward, prefill, decode, per_token, call,
 * ...) to {memory, latency, throughput, energy, efficiency}, any of them null when not measured.
 */
const phase = {type: 'object', required: ['latency', 'memory', 'throughput', 'energy']} as const
const report = {type: 'object', minProperties: 1, additionalProperties: phase} as const

export const detect = {
  anyOf: [
    {type: 'object', required: ['config', 'report'], properties: {config: {type: 'object', required: ['backend', 'scenario']}, report}},
    report,
  ],
} as const

const unitValue = {type: ['object', 'null'], required: ['unit'], properties: {unit: {type: 'string'}, value: {type: ['number', 'null']}}} as const
const strictPhase = {
  type: 'object',
  properties: {
    latency: {
      type: ['object', 'null'],
      required: ['unit'],
      properties: {
        unit: {type: 'string'},
        values: {type: 'array', items: {type: 'number'}},
        count: {type: ['integer', 'null']},
        total: {type: ['number', 'null']},
        mean: {type: ['number', 'null']},
        stdev: {type: ['number', 'null']},
      },
      patternProperties: {'^p\\d+$': {type: ['number', 'null']}},
    },
    throughput: unitValue,
    efficiency: unitValue,
    memory: {type: ['object', 'null'], required: ['unit'], properties: {unit: {type: 'string'}}, additionalProperties: {type: ['number', 'string', 'null']}},
    energy: {type: ['object', 'null'], required: ['unit'], properties: {unit: {type: 'string'}}, additionalProperties: {type: ['number', 'string', 'null']}},
  },
} as const
const strictReport = {type: 'object', additionalProperties: strictPhase} as const

export const validate = {
  if: {required: ['config', 'report']},
  then: {
    type: 'object',
    properties: {
      config: {
        type: 'object',
        required: ['backend'],
        properties: {
          name: {type: ['string', 'null']},
          backend: {type: 'object', required: ['model'], properties: {model: {type: 'string'}, device: {type: ['string', 'null']}}},
          environment: {type: ['object', 'null']},
        },
      },
      report: strictReport,
    },
  },
  else: strictReport,
} as const
