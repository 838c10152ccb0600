/** Browser comparison of one model with/without WebGPU compute shaders: {model, tests: [{browser, compute_shaders, performance, success}]}. */
export const detect = {
  type: 'object',
  required: ['model', 'tests'],
  properties: {tests: {type: 'array', minItems: 1, items: {type: 'object', required: ['browser']}}},
} as const

export const validate = {
  type: 'object',
  required: ['model', 'tests'],
  properties: {
    model: {type: 'string'},
    tests: {
      type: 'array',
      items: {
        type: 'object',
        required: ['browser'],
        properties: {
          browser: {type: 'string'},
          compute_shaders: {type: ['boolean', 'null']},
          success: {type: 'boolean'},
          name: {type: 'string'},
          performance: {type: 'object', properties: {improvement_percentage: {type: ['number', 'null']}}},
        },
      },
    },
  },
} as const
