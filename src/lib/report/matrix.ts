import type {BenchDb} from '../db/bench-db.js'
import type {CompatibilityState} from '../render/types.js'
import {byString, compareHardwareNames, queryRows} from './common.js'
import {normaliseFilters, type ReportFilters} from './filters.js'
import {makeMeta, type MetaOptions, type ResultMeta} from './meta.js'
import {evTime, factConditions, keep, RUN_TIMES} from './scope.js'
import {filterConditions, Params, whereClause} from './where.js'

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
  sim: number
}

/**
 * Evidence per model id x hardware id in one scan of each fact table (batch size and precision do
 * not apply): compatibility tests by outcome with the latest failure, and benchmark results.
 */
function pairsSql(f: ReportFilters, p: Params): string {
  const scope = {family: f.family, model: f.model, hardware: f.hardware, since: f.since, includeSimulated: f.includeSimulated}
  const kc = keep('hc', f)
  const kp = keep('pr', f)
  const hcEv = evTime('hc')
  return `WITH rt AS (${RUN_TIMES}),
    ce AS (
      SELECT hc.model_id, hc.hardware_id,
             count(*) FILTER (WHERE ${kc} AND hc.is_compatible) AS ok, count(*) FILTER (WHERE ${kc} AND NOT hc.is_compatible) AS bad,
             max(${hcEv}) FILTER (WHERE ${kc} AND hc.is_compatible IS NOT NULL) AS last,
             max(${hcEv}) FILTER (WHERE ${kc} AND NOT hc.is_compatible) AS last_fail,
             arg_max(hc.error_message, ${hcEv}) FILTER (WHERE ${kc} AND NOT hc.is_compatible) AS error,
             arg_max(hc.error_type, ${hcEv}) FILTER (WHERE ${kc} AND NOT hc.is_compatible) AS error_type,
             arg_max(hc.suggested_fix, ${hcEv}) FILTER (WHERE ${kc} AND NOT hc.is_compatible) AS fix,
             count(*) FILTER (WHERE hc.is_simulated) AS sim
      FROM hardware_compatibility hc, rt ${whereClause(factConditions(scope, 'hc', p))} GROUP BY ALL),
    pe AS (
      SELECT pr.model_id, pr.hardware_id, count(*) FILTER (WHERE ${kp}) AS n, max(${evTime('pr')}) FILTER (WHERE ${kp}) AS last,
             count(*) FILTER (WHERE pr.is_simulated) AS sim
      FROM performance_results pr, rt ${whereClause(factConditions(scope, 'pr', p))} GROUP BY ALL)
    SELECT m.model_name AS model, m.model_family AS family, hp.hardware_type AS hardware,
           coalesce(ce.ok, 0) + coalesce(pe.n, 0) AS compatible, coalesce(ce.bad, 0) AS incompatible, coalesce(pe.n, 0) AS benchmarks,
           greatest(coalesce(ce.last, pe.last), coalesce(pe.last, ce.last)) AS "latestEvidenceAt", ce.last_fail AS "latestFailureAt",
           ce.error AS "latestFailure", ce.error_type AS "latestErrorType", ce.fix AS "suggestedFix",
           coalesce(ce.sim, 0) + coalesce(pe.sim, 0) AS sim
    FROM ce FULL OUTER JOIN pe ON pe.model_id = ce.model_id AND pe.hardware_id = ce.hardware_id
    JOIN models m ON m.model_id = coalesce(ce.model_id, pe.model_id)
    JOIN hardware_platforms hp ON hp.hardware_id = coalesce(ce.hardware_id, pe.hardware_id)`
}

export async function compatibilityMatrix(bench: BenchDb, options: MatrixOptions = {}): Promise<CompatibilityMatrix> {
  const by = options.by ?? 'model'
  const f = normaliseFilters(options.filters)
  const p = new Params()
  const all = await queryRows<PairRow>(bench, pairsSql(f, p), p)
  const sim = f.includeSimulated ? 0 : all.reduce((s, r) => s + r.sim, 0)
  const pairs = all.filter((r) => r.compatible + r.incompatible > 0)

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
  const modelsIn = new Map<MatrixCell, Set<string>>()
  const cellKey = (row: string, hw: string) => JSON.stringify([row, hw])
  for (const row of rows) for (const hw of hardware) cells.set(cellKey(row, hw), emptyCell(row, hw))
  for (const pair of pairs) {
    const cell = cells.get(cellKey(rowOf(pair), pair.hardware))
    if (!cell) continue
    mergeInto(cell, pair)
    const set = modelsIn.get(cell) ?? new Set<string>()
    set.add(pair.model)
    modelsIn.set(cell, set)
  }
  const ordered = rows.flatMap((row) => hardware.map((hw) => cells.get(cellKey(row, hw))!))
  const totals: Record<CompatibilityState, number> = {compatible: 0, incompatible: 0, partial: 0, untested: 0}
  for (const cell of ordered) {
    cell.models = modelsIn.get(cell)?.size ?? 0
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
