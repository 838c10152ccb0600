import {benchmarks, machine} from './asv.js'
import {benchmarkId, change, samples, tukey} from './criterion.js'

/** Files read beside another format's row file (see NormalizedDocument.companionOf). */
export const criterionCompanion = {anyOf: [benchmarkId, samples, change, tukey]} as const
export const asvCompanion = {anyOf: [machine, benchmarks]} as const
