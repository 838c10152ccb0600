import {sampleDocuments, SAMPLE_MODELS, SAMPLE_HARDWARE} from '../../src/lib/db/sample-data.js'
import type {PerformanceRow} from '../../src/lib/ingest/types.js'

/** Expected values computed from the sample data's inputs (not read back from the database). */
const docs = sampleDocuments().map((d) => d.doc)

export interface SamplePerf extends PerformanceRow {
  runIndex: number
  startedAt: string
}

export const samplePerformance: SamplePerf[] = docs.flatMap((d, runIndex) =>
  d.performance.map((p) => ({...p, runIndex, startedAt: d.run.startedAt as string})),
)

export const sampleRuns = docs.map((d) => d.run)
export const sampleCompatibility = docs.flatMap((d) => d.compatibility)
export {SAMPLE_MODELS, SAMPLE_HARDWARE, docs as sampleDocs}
