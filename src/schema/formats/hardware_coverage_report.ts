/** Static coverage of test files: model_results[].platforms.<hw> = {has_init_method, ..., supported}. */
export const detect = {
  type: 'object',
  required: ['model_results'],
  properties: {model_results: {type: 'array', minItems: 1, items: {type: 'object', required: ['model', 'platforms']}}},
} as const

export const validate = {
  type: 'object',
  required: ['model_results'],
  properties: {
    timestamp: {type: 'string'},
    platform_coverage: {type: 'object', additionalProperties: {type: 'number'}},
    model_results: {
      type: 'array',
      items: {
        type: 'object',
        required: ['model', 'platforms'],
        properties: {
          model: {type: 'string'},
          timestamp: {type: 'string'},
          coverage_percentage: {type: ['number', 'null']},
          platforms: {type: 'object', additionalProperties: {type: 'object', properties: {supported: {type: 'boolean'}}, additionalProperties: {type: 'boolean'}}},
        },
      },
    },
  },
} as const
