/** What one browser supports: {browser, webnn: {supported}, webgpu: {supported, adapter, features}, webgl, wasm, user_agent}. */
export const detect = {
  type: 'object',
  required: ['browser', 'webnn', 'webgpu'],
  properties: {webnn: {type: 'object', required: ['supported']}, webgpu: {type: 'object', required: ['supported']}},
} as const

const api = {type: 'object', required: ['supported'], properties: {supported: {type: 'boolean'}}} as const

export const validate = {
  type: 'object',
  required: ['browser', 'webnn', 'webgpu'],
  properties: {browser: {type: 'string'}, webnn: api, webgpu: api, webgl: api, wasm: api, timestamp: {type: 'string'}, user_agent: {type: 'string'}},
} as const
