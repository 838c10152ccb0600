/**
 * Hugging Face optimum-benchmark: `benchmark.json` ({config, report}) or `benchmark_report.json`
 * (the report alone). A report maps each phase (load, forward, prefill, decode, per_token, call,
 * ...) to {memory, latency, throughput, energy, efficiency}, any of them null when not measured.
 * Units are optional: optimum-benchmark fixes them (latency s, memory MB, energy kWh, throughput
 * and efficiency per the phase), and the mapper defaults to those.
 */
const BLOCKS = ['latency', 'memory', 'throughput', 'energy', 'efficiency'] as const
/**
 * With its config ({backend, scenario}) the document is unmistakable, and each phase only has to
 * be an object. A report alone is recognised by its phases' measurement blocks: each phase has at
 * least one of them as an object carrying a `unit` (no other layout tags latency, memory or energy
 * objects with their unit). No block is required: versions and scenarios leave some out or null.
 */
const anyPhase = {type: 'object', minProperties: 1, additionalProperties: {type: ['object', 'null']}} as const
const unitBlockPhase = {type: 'object', anyOf: BLOCKS.map((b) => ({required: [b], properties: {[b]: {type: 'object', required: ['unit']}}}))} as const
const report = {type: 'object', minProperties: 1, additionalProperties: unitBlockPhase} as const

export const detect = {
  anyOf: [
    {type: 'object', required: ['config', 'report'], properties: {config: {type: 'object', required: ['backend', 'scenario']}, report: anyPhase}},
    report,
  ],
} as const

const unitValue = {type: ['object', 'null'], properties: {unit: {type: 'string'}, value: {type: ['number', 'null']}}} as const
const strictPhase = {
  type: 'object',
  properties: {
    latency: {
      type: ['object', 'null'],
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
    memory: {type: ['object', 'null'], properties: {unit: {type: 'string'}}, additionalProperties: {type: ['number', 'string', 'null']}},
    energy: {type: ['object', 'null'], properties: {unit: {type: 'string'}}, additionalProperties: {type: ['number', 'string', 'null']}},
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
