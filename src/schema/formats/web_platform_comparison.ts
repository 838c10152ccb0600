/** WebNN vs WebGPU per model: results_by_modality.<modality>[] = {model, webnn: {...}, webgpu: {...}}. */
export const detect = {
  type: 'object',
  required: ['results_by_modality'],
  properties: {results_by_modality: {type: 'object', minProperties: 1, additionalProperties: {type: 'array', items: {type: 'object', required: ['model']}}}},
} as const

const platformCell = {
  type: 'object',
  properties: {time_ms: {type: ['number', 'null']}, memory_mb: {type: ['number', 'null']}, success: {type: ['boolean', 'null']}, implementation: {type: ['string', 'null']}, error: {type: ['string', 'null']}},
} as const

export const validate = {
  type: 'object',
  required: ['results_by_modality'],
  properties: {
    timestamp: {type: 'string'},
    results_by_modality: {
      type: 'object',
      additionalProperties: {type: 'array', items: {type: 'object', required: ['model'], properties: {model: {type: 'string'}, webnn: platformCell, webgpu: platformCell}}},
    },
  },
} as const
