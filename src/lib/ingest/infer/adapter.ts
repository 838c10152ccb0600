import type {ShapeAdapter} from '../types.js'
import {inferDocument} from './infer-document.js'

/**
 * The fallback for documents no adapter detects. It is not in the registry's list: detection,
 * `explainDetection` and "closest adapter" never see it, and it can never take a document from a
 * real adapter; the classifier calls it only when every detect schema failed.
 */
export const inferredAdapter: ShapeAdapter = {
  name: 'inferred',
  category: 'performance',
  priority: -1,
  description: 'Inferring fallback: measurements recognised by their names, with the model and hardware found around them',
  detect: {not: {}},
  validate: {},
  map(doc, ctx) {
    const {doc: out} = inferDocument(doc, ctx)
    if (!out) throw new Error('no inferable measurement')
    return out
  },
}
