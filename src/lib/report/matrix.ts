import type {BenchDb} from '../db/bench-db.js'
import type {CompatibilityState} from '../render/types.js'
import {byString, compareHardwareNames, queryRows} from './common.js'
import {normaliseFilters, type ReportFilters} from './filters.js'
import {makeMeta, type MetaOptions, type ResultMeta} from './meta.js'
import {evidenceTime, filterConditions, Params, whereClause} from './where.js'

export type {CompatibilityState}

/**
 * One model (or family) on one hardware type. Evidence is every hardware_compatibility row plus
 * every performance result (a benchmark that produced numbers shows the model runs there).
 * compatible: all evidence positive; incompatible: all negative; partial: mixed; untested: none.
 */
export interface MatrixCell {
  row: string
  hardware: string
  state: CompatibilityState
  /** Positive evidence rows (compatibility tests that passed + benchmark results). */
  compatible: number
  /** Negative evidence rows (compatibility tests that failed). */
  incompatible: number
  /** Of `compatible`, how many are benchmark results. */
  benchmarks: number
  /** Models behind the cell (1 for a model row; models of the family with evidence otherwise). */
  models: number
  latestEvidenceAt: string | null
  latestFailureAt: string | null
  latestFailure: string | null
  latestErrorType: string | null
  suggestedFix: string | null
}

export interface CompatibilityMatrix {
  kind: 'matrix'
  by: 'model' | 'family'
  meta: ResultMeta
  rows: string[]
  hardware: string[]
  /** Row-major: cells[i * hardware.length + j] is rows[i] on hardware[j]. */
  cells: MatrixCell[]
  totals: Record<CompatibilityState, number>
}

export interface MatrixOptions extends MetaOptions {
  by?: 'model' | 'family'
  filters?: ReportFilters
}

interface PairRow {
  model: string
  family: string | null
  hardware: string
  compatible: number
  incompatible: number
  benchmarks: number
  latestEvidenceAt: string | null
  latestFailureAt: string | null
  latestFailure: string | null
  latestErrorType: string | null
  suggestedFix: string | null
}

/** Evidence rows of both tables under the filters that apply to them (batch size and precision do not). */
function evidenceSql(f: ReportFilters, p: Params): string {
  const scope = {family: f.family, model: f.model, hardware: f.hardware, since: f.since}
  const hc = filterConditions(scope, {m: 'm', hp: 'hp', time: evidenceTime('hc')}, p)
  const pr = filterConditions(scope, {m: 'm', hp: 'hp', time: evidenceTime('pr')}, p)
  return `
    SELECT m.model_name AS model, m.model_family AS family, hp.hardware_type AS hardware, hc.is_compatible AS ok,
           false AS bench, hc.error_message AS error, hc.error_type AS error_type, hc.suggested_fix AS fix,
           ${evidenceTime('hc')} AS ts, hc.is_simulated AS sim
    FROM hardware_compatibility hc
    JOIN models m ON m.model_id = hc.model_id JOIN hardware_platforms hp ON hp.hardware_id = hc.hardware_id
    LEFT JOIN test_runs tr ON tr.run_id = hc.run_id ${whereClause(hc)}
    UNION ALL
    SELECT m.model_name, m.model_family, hp.hardware_type, true, true, NULL, NULL, NULL, ${evidenceTime('pr')}, pr.is_simulated
    FROM performance_results pr
    JOIN models m ON m.model_id = pr.model_id JOIN hardware_platforms hp ON hp.hardware_id = pr.hardware_id
    LEFT JOIN test_runs tr ON tr.run_id = pr.run_id ${whereClause(pr)}`
}

export async function compatibilityMatrix(bench: BenchDb, options: MatrixOptions = {}): Promise<CompatibilityMatrix> {
  const by = options.by ?? 'model'
  const f = normaliseFilters(options.filters)
  const p = new Params()
  const evidence = evidenceSql(f, p)
  const keep = f.includeSimulated ? 'true' : 'NOT sim'
  const pairs = await queryRows<PairRow>(
    bench,
    `WITH e AS (${evidence}), used AS (SELECT * FROM e WHERE ${keep} AND ok IS NOT NULL)
     SELECT model, any_value(family) AS family, hardware,
            count(*) FILTER (WHERE ok) AS compatible, count(*) FILTER (WHERE NOT ok) AS incompatible,
            count(*) FILTER (WHERE bench) AS benchmarks,
            max(ts) AS "latestEvidenceAt", max(ts) FILTER (WHERE NOT ok) AS "latestFailureAt",
            arg_max(error, ts) FILTER (WHERE NOT ok) AS "latestFailure",
            arg_max(error_type, ts) FILTER (WHERE NOT ok) AS "latestErrorType",
            arg_max(fix, ts) FILTER (WHERE NOT ok) AS "suggestedFix"
     FROM used GROUP BY model, hardware`,
    p,
  )
  const sim = f.includeSimulated
    ? 0
    : Number((await bench.db.scalar(`WITH e AS (${evidence}) SELECT count(*) FROM e WHERE sim`, p.values)) ?? 0)

  // Axes: every model (or family) and hardware type the filters allow, so untested cells show.
  const ap = new Params()
  const mConds = filterConditions({family: f.family, model: f.model}, {m: 'm'}, ap)
  const models = await queryRows<{model: string; family: string | null}>(
    bench,
    `SELECT model_name AS model, model_family AS family FROM models m ${whereClause(mConds)} ORDER BY model_name`,
    ap,
  )
  const hp = new Params()
  const hConds = filterConditions({hardware: f.hardware}, {hp: 'hp'}, hp)
  const hardware = (
    await queryRows<{hardware: string}>(bench, `SELECT DISTINCT hardware_type AS hardware FROM hardware_platforms hp ${whereClause(hConds)}`, hp)
  )
    .map((r) => r.hardware)
    .sort(compareHardwareNames)

  const rowOf = (r: {model: string; family: string | null}) => (by === 'family' ? (r.family ?? '(no family)') : r.model)
  const rows = [...new Set(models.map(rowOf))].sort(byString)
  const cells = new Map<string, MatrixCell>()
  const cellKey = (row: string, hw: string) => JSON.stringify([row, hw])
  for (const row of rows) for (const hw of hardware) cells.set(cellKey(row, hw), emptyCell(row, hw))
  for (const pair of pairs) {
    const cell = cells.get(cellKey(rowOf(pair), pair.hardware))
    if (cell) mergeInto(cell, pair)
  }
  const ordered = rows.flatMap((row) => hardware.map((hw) => cells.get(cellKey(row, hw))!))
  const totals: Record<CompatibilityState, number> = {compatible: 0, incompatible: 0, partial: 0, untested: 0}
  for (const cell of ordered) {
    cell.state = stateOf(cell)
    totals[cell.state]++
  }
  const rowsUsed = pairs.reduce((s, r) => s + r.compatible + r.incompatible, 0)
  return {kind: 'matrix', by, meta: makeMeta(bench, f, {rowsUsed, simulatedExcluded: sim}, options), rows, hardware, cells: ordered, totals}
}

function emptyCell(row: string, hardware: string): MatrixCell {
  return {
    row, hardware, state: 'untested', compatible: 0, incompatible: 0, benchmarks: 0, models: 0,
    latestEvidenceAt: null, latestFailureAt: null, latestFailure: null, latestErrorType: null, suggestedFix: null,
  }
}

const later = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a >= b ? a : b)

function mergeInto(cell: MatrixCell, pair: PairRow): void {
  cell.compatible += pair.compatible
  cell.incompatible += pair.incompatible
  cell.benchmarks += pair.benchmarks
  cell.models += 1
  cell.latestEvidenceAt = later(cell.latestEvidenceAt, pair.latestEvidenceAt)
  if (pair.latestFailureAt !== null && (cell.latestFailureAt === null || pair.latestFailureAt > cell.latestFailureAt)) {
    cell.latestFailureAt = pair.latestFailureAt
    cell.latestFailure = pair.latestFailure
    cell.latestErrorType = pair.latestErrorType
    cell.suggestedFix = pair.suggestedFix
  }
}

function stateOf(cell: MatrixCell): CompatibilityState {
  if (cell.compatible === 0 && cell.incompatible === 0) return 'untested'
  if (cell.incompatible === 0) return 'compatible'
  if (cell.compatible === 0) return 'incompatible'
  return 'partial'
}

/** The cell of one row and hardware type. */
export function matrixCell(matrix: CompatibilityMatrix, row: string, hardware: string): MatrixCell | undefined {
  const i = matrix.rows.indexOf(row)
  const j = matrix.hardware.indexOf(hardware)
  return i < 0 || j < 0 ? undefined : matrix.cells[i * matrix.hardware.length + j]
}
