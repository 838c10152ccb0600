import type {BenchDb} from '../db/bench-db.js'
import type {CompatibilityState} from '../render/types.js'
import {byString, compareHardwareNames, dimensionNames, queryRows, type DimensionNames} from './common.js'
import {filterNames, matchesNames, normaliseFilters, type ReportFilters} from './filters.js'
import {makeMeta, type MetaOptions, type ResultMeta} from './meta.js'
import {isoTime, later, scanPerformance, type PerfScan} from './perf-scan.js'
import {evTime, factConditions, keep, RUN_TIMES, runTimesIfSince} from './scope.js'
import {Params, whereClause} from './where.js'

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
  /** Over the rows shown. */
  totals: Record<CompatibilityState, number>
  /**
   * Rows left out because none of their cells has any evidence (every one untested): 0 with
   * `--all` (filters.all), and a row named by --model / --family is always shown.
   */
  hiddenRows: number
}

export interface MatrixOptions extends MetaOptions {
  by?: 'model' | 'family'
  filters?: ReportFilters
  /**
   * Cells with their latest evidence and latest failure (default true). `false` gives states and
   * counts only, with those fields null: what the summary shows, from a cheaper query (no
   * per-row evidence times, no arg_max over error texts) and less JS per cell.
   */
  detail?: boolean
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

interface CompatibilityEvidence {
  modelId: number
  hardwareId: number
  ok: number
  bad: number
  /** Epoch milliseconds (see perf-scan isoTime): every column then comes back as a plain JS value, unconverted. */
  last: number | null
  lastFail: number | null
  error: string | null
  errorType: string | null
  fix: string | null
  sim: number
}

/**
 * Compatibility tests per model id x hardware id in one scan (batch size and precision do not
 * apply): counts by outcome, the latest evidence and the latest failure with its reason.
 */
function compatibilitySql(f: ReportFilters, p: Params, detail: boolean): string {
  const scope = {family: f.family, model: f.model, hardware: f.hardware, since: f.since, includeSimulated: f.includeSimulated}
  const kc = keep('hc', f)
  const hcEv = evTime('hc')
  const counts = `hc.model_id::INTEGER AS "modelId", hc.hardware_id::INTEGER AS "hardwareId",
             count(*) FILTER (WHERE ${kc} AND hc.is_compatible)::INTEGER AS ok, count(*) FILTER (WHERE ${kc} AND NOT hc.is_compatible)::INTEGER AS bad`
  const sim = 'count(*) FILTER (WHERE hc.is_simulated)::INTEGER AS sim'
  if (!detail) {
    // Evidence times only to apply --since.
    const rt = runTimesIfSince(f)
    return `${rt.with}SELECT ${counts}, ${sim} FROM hardware_compatibility hc${rt.from} ${whereClause(factConditions(scope, 'hc', p))} GROUP BY ALL`
  }
  return `WITH rt AS (${RUN_TIMES})
      SELECT ${counts},
             epoch_ms(max(${hcEv}) FILTER (WHERE ${kc} AND hc.is_compatible IS NOT NULL))::DOUBLE AS last,
             epoch_ms(max(${hcEv}) FILTER (WHERE ${kc} AND NOT hc.is_compatible))::DOUBLE AS "lastFail",
             arg_max(hc.error_message, ${hcEv}) FILTER (WHERE ${kc} AND NOT hc.is_compatible) AS error,
             arg_max(hc.error_type, ${hcEv}) FILTER (WHERE ${kc} AND NOT hc.is_compatible) AS "errorType",
             arg_max(hc.suggested_fix, ${hcEv}) FILTER (WHERE ${kc} AND NOT hc.is_compatible) AS fix,
             ${sim}
      FROM hardware_compatibility hc, rt ${whereClause(factConditions(scope, 'hc', p))} GROUP BY ALL`
}

/**
 * Evidence per model x hardware id: compatibility tests (SQL above) plus benchmark results, which
 * come from the shared performance scan (summed over batch sizes and precisions).
 */
async function evidencePairs(bench: BenchDb, f: ReportFilters, scan: PerfScan, names: DimensionNames, detail: boolean): Promise<PairRow[]> {
  const p = new Params()
  const compat = await queryRows<CompatibilityEvidence>(bench, compatibilitySql(f, p, detail), p)
  const pairs = new Map<number | string, {ce?: CompatibilityEvidence; n: number; last: number | null; sim: number; modelId: number; hardwareId: number}>()
  const pairOf = (modelId: number, hardwareId: number) => {
    // A number while ids are small (they come from sequences), text otherwise: thousands of groups.
    const key = hardwareId < 1048576 && modelId < 2 ** 32 ? modelId * 1048576 + hardwareId : `${modelId}|${hardwareId}`
    let pair = pairs.get(key)
    if (!pair) pairs.set(key, (pair = {n: 0, last: null, sim: 0, modelId, hardwareId}))
    return pair
  }
  for (const ce of compat) pairOf(ce.modelId, ce.hardwareId).ce = ce
  // A shared scan may be wider than this matrix's --hardware (the comparison keeps its baseline).
  for (const g of scan.groups) {
    if (!matchesNames(names.hardware.get(g.hardwareId), f.hardware)) continue
    const pair = pairOf(g.modelId, g.hardwareId)
    if (g.simulated) pair.sim += g.n
    if (g.simulated && !f.includeSimulated) continue
    pair.n += g.n
    if (detail) pair.last = later(pair.last, g.last)
  }
  const iso = new Map<number | null, string | null>() // few distinct times behind many pairs
  const isoOf = (t: number | null) => {
    if (!iso.has(t)) iso.set(t, isoTime(t))
    return iso.get(t)!
  }
  return [...pairs.values()].map(({ce, n, last, sim, modelId, hardwareId}) => {
    const model = names.models.get(modelId)!
    return {
      model: model.model, family: model.family, hardware: names.hardware.get(hardwareId)!,
      compatible: (ce?.ok ?? 0) + n, incompatible: ce?.bad ?? 0, benchmarks: n,
      latestEvidenceAt: isoOf(later(ce?.last ?? null, last)), latestFailureAt: isoOf(ce?.lastFail ?? null),
      latestFailure: ce?.error ?? null, latestErrorType: ce?.errorType ?? null, suggestedFix: ce?.fix ?? null,
      sim: (ce?.sim ?? 0) + sim,
    }
  })
}

export async function compatibilityMatrix(bench: BenchDb, options: MatrixOptions = {}): Promise<CompatibilityMatrix> {
  const f = normaliseFilters(options.filters)
  // The matrix ignores batch size and precision: a scan without those keys reads less and groups less.
  const scan = await scanPerformance(bench, f, {batch: false, precision: false})
  return matrixFromScan(bench, {...options, filters: f}, scan, await dimensionNames(bench))
}

/** The matrix from a performance scan made with the same scope filters (reports share theirs). */
export async function matrixFromScan(bench: BenchDb, options: MatrixOptions, scan: PerfScan, names: DimensionNames): Promise<CompatibilityMatrix> {
  const by = options.by ?? 'model'
  const f = normaliseFilters(options.filters)
  const all = await evidencePairs(bench, f, scan, names, options.detail ?? true)
  const sim = f.includeSimulated ? 0 : all.reduce((s, r) => s + r.sim, 0)
  const pairs = all.filter((r) => r.compatible + r.incompatible > 0)

  // Axes: every model (or family) and hardware type the filters allow, so untested cells show.
  const rows = matrixRows(names, f, by)
  const hardware = [...new Set([...names.hardware.values()].filter((h) => matchesNames(h, f.hardware)))].sort(compareHardwareNames)
  // Cells by row and hardware index (string keys per pair cost a fresh process tens of ms).
  const rowIndex = new Map(rows.map((row, i) => [row, i]))
  const hwIndex = new Map(hardware.map((hw, j) => [hw, j]))
  const width = hardware.length
  const ordered = rows.flatMap((row) => hardware.map((hw) => emptyCell(row, hw)))
  const modelsIn = new Array<Set<string> | undefined>(ordered.length)
  for (const pair of pairs) {
    const i = rowIndex.get(rowOf(pair, by))
    const j = hwIndex.get(pair.hardware)
    if (i === undefined || j === undefined) continue
    mergeInto(ordered[i * width + j], pair)
    ;(modelsIn[i * width + j] ??= new Set()).add(pair.model)
  }
  for (const [k, cell] of ordered.entries()) {
    cell.models = modelsIn[k]?.size ?? 0
    cell.state = stateOf(cell)
  }
  const shown = visibleRows(rows, ordered, width, f, by)
  const cells = shown.length === rows.length ? ordered : shown.flatMap((i) => ordered.slice(i * width, (i + 1) * width))
  const totals: Record<CompatibilityState, number> = {compatible: 0, incompatible: 0, partial: 0, untested: 0}
  for (const cell of cells) totals[cell.state]++
  const rowsUsed = pairs.reduce((s, r) => s + r.compatible + r.incompatible, 0)
  return {
    kind: 'matrix', by, meta: makeMeta(bench, f, {rowsUsed, simulatedExcluded: sim}, options), rows: shown.map((i) => rows[i]), hardware, cells, totals,
    hiddenRows: rows.length - shown.length,
  }
}

/**
 * Indexes of the rows to show: those with evidence in at least one cell, every row with --all, and
 * the rows the filters name (asking for a model and getting nothing back would look like a typo).
 */
function visibleRows(rows: string[], cells: MatrixCell[], width: number, f: ReportFilters, by: 'model' | 'family'): number[] {
  const named = filterNames(by === 'family' ? f.family : f.model)?.map((n) => n.toLowerCase())
  const out: number[] = []
  for (let i = 0; i < rows.length; i++) {
    const tested = cells.slice(i * width, (i + 1) * width).some((c) => c.state !== 'untested')
    if (f.all || tested || named?.includes(rows[i].toLowerCase())) out.push(i)
  }
  return out
}

const rowOf = (r: {model: string; family: string | null}, by: 'model' | 'family') => (by === 'family' ? (r.family ?? '(no family)') : r.model)

/** The matrix's rows: every model (or family) the filters allow, in order, tested or not. */
export function matrixRows(names: DimensionNames, f: ReportFilters, by: 'model' | 'family' = 'model'): string[] {
  const models = [...names.models.values()].filter((m) => matchesNames(m.family, f.family) && matchesNames(m.model, f.model))
  return [...new Set(models.map((m) => rowOf(m, by)))].sort(byString)
}

function emptyCell(row: string, hardware: string): MatrixCell {
  return {
    row, hardware, state: 'untested', compatible: 0, incompatible: 0, benchmarks: 0, models: 0,
    latestEvidenceAt: null, latestFailureAt: null, latestFailure: null, latestErrorType: null, suggestedFix: null,
  }
}

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
