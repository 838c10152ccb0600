/**
 * Installed backends as flags: {cuda: true, openvino: true, torch: true, ipex: null, ...}. Object
 * or list values (a metadata block) are tolerated and kept in run metadata; the backend flag that
 * identifies the layout must be a boolean or null.
 */
const flag = {type: ['boolean', 'null']} as const

export const detect = {
  type: 'object',
  minProperties: 2,
  anyOf: [{required: ['cuda']}, {required: ['openvino']}, {required: ['mps']}, {required: ['rocm']}],
  properties: {cuda: flag, openvino: flag, mps: flag, rocm: flag},
  additionalProperties: {type: ['boolean', 'null', 'object', 'array']},
} as const

export const validate = {type: 'object', additionalProperties: {type: ['boolean', 'null', 'object', 'array']}} as const
