/** Installed backends as flags: {cuda: true, openvino: true, torch: true, ipex: null, ...}. */
export const detect = {
  type: 'object',
  minProperties: 2,
  anyOf: [{required: ['cuda']}, {required: ['openvino']}, {required: ['mps']}, {required: ['rocm']}],
  additionalProperties: {type: ['boolean', 'null']},
} as const

export const validate = {type: 'object', additionalProperties: {type: ['boolean', 'null']}} as const
