import type {BenchDb} from '../db/bench-db.js'
import {compareHardwareNames} from './common.js'
import {normaliseFilters, type ReportFilters} from './filters.js'
import {compatibilityMatrix, type CompatibilityMatrix, type MatrixCell} from './matrix.js'
import type {MetaOptions, ResultMeta} from './meta.js'

export interface HardwareCompatibilityTotals {
  hardware: string
  compatible: number
  incompatible: number
  partial: number
  untested: number
}

export interface CompatibilityReport {
  kind: 'report'
  report: 'compatibility'
  meta: ResultMeta
  matrix: CompatibilityMatrix
  perHardware: HardwareCompatibilityTotals[]
  /** Cells with any failure, with the latest failure's reason and suggested fix. */
  failures: MatrixCell[]
}

/** The model x hardware matrix, totals per hardware, and every cell that has failed, with its reason. */
export async function compatibilityReport(bench: BenchDb, filters: ReportFilters = {}, options: MetaOptions = {}): Promise<CompatibilityReport> {
  const f = normaliseFilters(filters)
  const matrix = await compatibilityMatrix(bench, {...options, filters: f})
  const perHardware = matrix.hardware
    .map((hardware, j) => {
      const cells = matrix.rows.map((_r, i) => matrix.cells[i * matrix.hardware.length + j])
      const n = (state: string) => cells.filter((c) => c.state === state).length
      return {hardware, compatible: n('compatible'), incompatible: n('incompatible'), partial: n('partial'), untested: n('untested')}
    })
    .sort((a, b) => compareHardwareNames(a.hardware, b.hardware))
  const failures = matrix.cells.filter((c) => c.incompatible > 0)
  return {kind: 'report', report: 'compatibility', meta: matrix.meta, matrix, perHardware, failures}
}

export type {ReportFilters, ResultMeta}
