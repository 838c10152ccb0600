/** A model functionality report: stats + model_results + detailed_results [{model, hardware, success}]. */
export const detect = {
  type: 'object',
  required: ['stats', 'model_results', 'detailed_results'],
  properties: {detailed_results: {type: 'array', items: {type: 'object', required: ['model', 'hardware', 'success']}}},
} as const

export const functionalityBody = {
  type: 'object',
  properties: {
    // A summary: null (not counted) is accepted like a missing key.
    stats: {type: 'object', properties: {timestamp: {type: 'string'}, total_tests: {type: ['integer', 'null']}}},
    model_results: {type: 'object', additionalProperties: {type: 'object', additionalProperties: {type: 'boolean'}}},
    detailed_results: {
      type: 'array',
      items: {
        type: 'object',
        required: ['model', 'hardware', 'success'],
        properties: {model: {type: 'string'}, hardware: {type: 'string'}, success: {type: 'boolean'}, return_code: {type: 'integer'}, stderr: {type: 'string'}},
      },
    },
  },
} as const

export const validate = {...functionalityBody, required: ['stats', 'model_results', 'detailed_results']} as const
