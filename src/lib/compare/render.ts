import type {BenchDb} from '../db/bench-db.js'
import {escapeMarkdown, renderMarkdownTable} from '../render/markdown.js'
import {renderTextTable, type TextRenderOptions} from '../render/text-table.js'
import type {LineChartSpec, Provenance, ReportDocument, Section, Table} from '../render/types.js'
import type {ComparisonResult, SeriesComparison} from './compare.js'
import type {SeriesKey, UnpairedSeries} from './series.js'
import {BENCHDB_VERSION} from '../version.js'

/**
 * The four output formats of db:compare. JSON is the ComparisonResult itself (schema in
 * src/schema/output/compare.ts); text, Markdown and HTML present the same rows, most severe first.
 */

export type CompareFormat = 'text' | 'markdown' | 'json' | 'html'

export const COMPARE_FORMATS: readonly CompareFormat[] = ['text', 'markdown', 'json', 'html']

/** Regressed series drawn in HTML; more would make the file large without telling more. */
export const MAX_CHARTS = 25

/**
 * Baseline-only series listed in text, Markdown and HTML (JSON and --verbose list all): for a
 * window baseline they are every other series of the N runs before the candidate, which on a
 * database of unrelated suites is most of it and says little about the candidate.
 */
export const BASELINE_ONLY_SHOWN = 10

export interface CompareRenderOptions extends TextRenderOptions {
  /** Baseline-only series to list (default BASELINE_ONLY_SHOWN; Infinity: all). */
  baselineOnlyShown?: number
}

const ICON: Record<SeriesComparison['verdict'], string> = {
  regressed: 'REGRESSED', improved: 'improved', unchanged: 'unchanged', inconclusive: 'inconclusive',
}

export function seriesLabel(k: SeriesKey): string {
  const hw = k.deviceName ? `${k.hardwareType} (${k.deviceName})` : k.hardwareType
  const parts = [k.modelName, hw, k.testCase ?? 'no test case', `batch ${k.batchSize ?? '?'}`, k.precision ?? 'no precision', ...(k.machine ? [`on ${k.machine}`] : [])]
  return parts.join(' · ') + (k.simulated ? ' · simulated' : '')
}

const signedPct = (x: number | null) => (x === null ? null : `${x > 0 ? '+' : x < 0 ? '−' : '±'}${Math.abs(x * 100).toFixed(1)}%`)

function runNames(runs: ComparisonResult['baseline']['runs'], result?: ComparisonResult): string {
  if (runs.length === 0) {
    // A window baseline is drawn per series: empty when no series of the candidate ran before.
    const own = result ? result.summary.series + result.summary.candidateOnly : 0
    return result && own > 0 ? `no earlier run of ${own === 1 ? 'its series' : `any of its ${own} series`}` : 'no runs'
  }
  if (runs.length === 1) {
    const r = runs[0]
    return `run ${r.runId}${r.gitCommit ? ` (${r.gitCommit.slice(0, 12)})` : ''}`
  }
  return `${runs.length} runs (${runs[0].runId}…${runs.at(-1)!.runId})`
}

/** "throughput: 2 regressed, 1 improved, 40 unchanged, 3 inconclusive, 1 unpaired — window:10 (10 runs) vs latest (run 42)" */
export function summaryLine(result: ComparisonResult): string {
  const s = result.summary
  const e = s.fdr.expectedFalseAlarms
  const fdr = s.regressed + s.improved > 0 ? ` (expected false alarms ${e < 0.01 ? 'under 0.01' : `≤ ${e.toFixed(2)}`}, FDR ${+(s.fdr.level * 100).toFixed(1)}%)` : ''
  // Unpaired series by side: the candidate's own series without history matter; the others are context.
  const unpaired = s.unpaired === 0 ? '0 unpaired'
    : [s.candidateOnly ? `${s.candidateOnly} candidate-only` : '', s.baselineOnly ? `${s.baselineOnly} baseline-only` : ''].filter(Boolean).join(', ')
  const counts = `${s.regressed} regressed, ${s.improved} improved, ${s.unchanged} unchanged, ${s.inconclusive} inconclusive, ${unpaired}${fdr}`
  return `${result.metric.label} (${result.metric.better} is better, threshold ${(result.settings.threshold * 100).toFixed(1)}%): ` +
    `${counts} — baseline ${result.baseline.selector} [${runNames(result.baseline.runs, result)}] vs candidate ${result.candidate.selector} [${runNames(result.candidate.runs)}]`
}

/** Key columns of a series; `compact` (terminals) shows the hardware type without its device name. */
function keyColumns(compact: boolean): Table['columns'] {
  return [
    {key: 'model', title: 'Model', format: 'text'},
    {key: 'hardware', title: 'Hardware', format: 'text'},
    {key: 'testCase', title: compact ? 'Case' : 'Test case', format: 'text'},
    {key: 'batch', title: 'Batch', format: 'integer'},
    {key: 'precision', title: compact ? 'Prec.' : 'Precision', format: 'text'},
    {key: 'machine', title: 'Machine', format: 'text'},
  ]
}

function keyCells(k: SeriesKey, compact: boolean): Record<string, unknown> {
  return {
    model: k.modelName + (k.simulated ? ' (simulated)' : ''),
    hardware: compact || !k.deviceName ? k.hardwareType : `${k.hardwareType} (${k.deviceName})`,
    testCase: k.testCase, batch: k.batchSize, precision: k.precision, machine: k.machine,
  }
}

export function seriesTable(series: readonly SeriesComparison[], result: ComparisonResult, title?: string, compact = false): Table {
  const unit = result.metric.unit
  return {
    title,
    columns: [
      {key: 'verdict', title: 'Verdict', format: 'text'},
      ...keyColumns(compact),
      {key: 'baseline', title: 'Baseline', unit, format: 'number'},
      {key: 'candidate', title: 'Candidate', unit, format: 'number'},
      {key: 'change', title: 'Change', format: 'text', align: 'right'},
      {key: 'interval', title: compact ? 'CI' : `${Math.round((1 - 2 * result.settings.alpha) * 100)}% interval`, format: 'text', align: 'right'},
      {key: 'noise', title: 'Noise', format: 'text', align: 'right'},
      {key: 'more', title: compact ? 'More' : 'Runs to decide', format: 'text', align: 'right'},
      {key: 'runs', title: 'Runs', format: 'text', align: 'right'},
    ],
    rows: series.map((s) => ({
      verdict: ICON[s.verdict],
      ...keyCells(s.key, compact),
      baseline: s.baselineValue,
      candidate: s.candidateValue,
      change: signedPct(s.change),
      interval: s.interval ? `${signedPct(s.interval.low)}…${signedPct(s.interval.high)}` : 'no noise estimate',
      noise: s.noise.sigma === null ? null : `±${(s.noise.sigma * 100).toFixed(1)}%${s.modes ? ' bimodal' : ''}`,
      more: s.verdict === 'inconclusive' ? (s.moreRuns === null ? 'more baseline' : `+${s.moreRuns}`) : null,
      runs: `${s.baseline.length}/${s.candidate.length}`,
    })),
  }
}

/** The unpaired series to list: every candidate-only one, then at most `shown` baseline-only ones. */
function unpairedShown(unpaired: readonly UnpairedSeries[], shown: number): {rows: UnpairedSeries[]; more: number} {
  const candidateOnly = unpaired.filter((u) => u.side === 'candidate-only')
  const baselineOnly = unpaired.filter((u) => u.side === 'baseline-only')
  return {rows: [...candidateOnly, ...baselineOnly.slice(0, shown)], more: Math.max(0, baselineOnly.length - shown)}
}

export function unpairedTable(unpaired: readonly UnpairedSeries[], compact = false): Table {
  return {
    title: 'Unpaired series (present on one side only)',
    columns: [...keyColumns(compact), {key: 'side', title: 'Only in', format: 'text'}, {key: 'runs', title: 'Runs', format: 'text'}],
    rows: unpaired.map((u) => ({
      ...keyCells(u.key, compact), side: u.side === 'baseline-only' ? 'baseline' : 'candidate', runs: u.runs.join(', '),
    })),
  }
}

/** The unpaired table (capped) and the line that counts what it left out, or null when nothing is unpaired. */
function unpairedSection(result: ComparisonResult, shown: number, compact: boolean, listAll: string): {table: Table; more: string | null} | null {
  if (result.unpaired.length === 0) return null
  const {rows, more} = unpairedShown(result.unpaired, shown)
  const where = result.baseline.selector.startsWith('window:') ? 'run in the window before the candidate, not by it' : 'in the baseline, not in the candidate'
  return {
    table: unpairedTable(rows, compact),
    more: more ? `… and ${more} more baseline-only series (${where}); ${listAll}` : null,
  }
}

export function renderCompareText(result: ComparisonResult, options: CompareRenderOptions = {}): string {
  const parts = [summaryLine(result)]
  if (result.series.length) parts.push(renderTextTable(seriesTable(result.series, result, undefined, true), options))
  const unpaired = unpairedSection(result, options.baselineOnlyShown ?? BASELINE_ONLY_SHOWN, true, '--verbose lists them all, --json has them')
  if (unpaired) parts.push(renderTextTable(unpaired.table, options) + (unpaired.more ? `\n${unpaired.more}` : ''))
  for (const w of result.warnings) parts.push(`Note: ${w}`)
  return parts.join('\n\n') + '\n'
}

/**
 * For a pull-request comment: one summary line, the regressions in full (with the reason for each),
 * and everything else folded in <details> so a clean run stays one line tall.
 */
export function renderCompareMarkdown(result: ComparisonResult): string {
  const s = result.summary
  const status = s.regressed > 0 ? `**${s.regressed} regression${s.regressed === 1 ? '' : 's'}**` : '**No regressions**'
  const parts = [`${status} · ${escapeMarkdown(summaryLine(result))}`]
  const regressed = result.series.filter((x) => x.verdict === 'regressed')
  if (regressed.length) {
    parts.push('### Regressions', renderMarkdownTable(seriesTable(regressed, result)))
    parts.push(regressed.map((r) => `- ${escapeMarkdown(seriesLabel(r.key))}: ${escapeMarkdown(r.reason)}`).join('\n'))
  }
  const rest = result.series.filter((x) => x.verdict !== 'regressed')
  const folded: string[] = []
  if (rest.length) folded.push(renderMarkdownTable(seriesTable(rest, result)))
  const unpaired = unpairedSection(result, BASELINE_ONLY_SHOWN, false, 'the JSON output has them all')
  if (unpaired) folded.push(renderMarkdownTable(unpaired.table) + (unpaired.more ? `\n\n${escapeMarkdown(unpaired.more)}` : ''))
  if (result.warnings.length) folded.push(result.warnings.map((w) => `- _${escapeMarkdown(w)}_`).join('\n'))
  if (folded.length) {
    const what = [`${rest.length} other series`, result.unpaired.length ? `${result.unpaired.length} unpaired` : '']
      .filter(Boolean).join(', ')
    // Blank lines around the content: GitHub renders Markdown inside <details> only when separated.
    parts.push(`<details><summary>${escapeMarkdown(what)}</summary>\n\n${folded.join('\n\n')}\n\n</details>`)
  }
  return parts.join('\n\n') + '\n'
}

export function renderCompareJson(result: ComparisonResult): string {
  return JSON.stringify(result, null, 2) + '\n'
}

/** Horizontal reference lines of a series chart: baseline level, threshold, noise band. */
export function levelLines(s: SeriesComparison, result: ComparisonResult): [string, number][] {
  const worse = result.metric.better === 'lower' ? 1 + result.settings.threshold : 1 / (1 + result.settings.threshold)
  const lines: [string, number][] = [['Baseline median', s.baselineValue], [`Threshold (${(result.settings.threshold * 100).toFixed(1)}% worse)`, s.baselineValue * worse]]
  if (s.noise.sigma !== null && s.noise.sigma > 0) {
    lines.push(['Noise band (+2σ)', s.baselineValue * Math.exp(2 * s.noise.sigma)], ['Noise band (−2σ)', s.baselineValue * Math.exp(-2 * s.noise.sigma)])
  }
  return lines
}

/** Baseline history and the candidate on one time axis, with the reference lines. */
export function historyChart(s: SeriesComparison, result: ComparisonResult): LineChartSpec {
  return {
    kind: 'line',
    title: seriesLabel(s.key),
    subtitle: `${signedPct(s.change)} (${s.reason})`,
    xType: 'time',
    xLabel: 'Run time',
    yLabel: result.metric.label,
    yUnit: result.metric.unit,
    series: [
      {label: 'Baseline runs', points: s.baseline.map((p) => ({x: p.at ?? `run ${p.runId}`, y: p.value}))},
      {label: 'Candidate', points: s.candidate.map((p) => ({x: p.at ?? `run ${p.runId}`, y: p.value}))},
      // The level the candidate was judged against, the threshold in the bad direction and the
      // noise band (+-2 sigma of one run), drawn across the whole axis.
      ...levelLines(s, result).map(([label, y]) => ({label, points: [...s.baseline, ...s.candidate].map((p) => ({x: p.at ?? `run ${p.runId}`, y}))})),
    ],
  }
}

export interface DocumentContext {
  databasePath: string
  schemaVersion: number
  benchdbVersion: string
  /** ISO time; passed in so that output is reproducible. */
  generatedAt: string
}

/** The provenance of a comparison rendered now from `bench`, which names itself (BenchDb.displayName). */
export function documentContext(bench: BenchDb, now = new Date()): DocumentContext {
  return contextOf(bench.displayName, bench.schemaVersion, now)
}

/** The same, for a comparison computed elsewhere (by the server holding the file: read-while-serving). */
export function contextOf(databasePath: string, schemaVersion: number, now = new Date()): DocumentContext {
  return {databasePath, schemaVersion, benchdbVersion: BENCHDB_VERSION, generatedAt: now.toISOString()}
}

/** The comparison as a render ReportDocument (HTML; charts for the regressed series). */
export function compareDocument(result: ComparisonResult, ctx: DocumentContext): ReportDocument {
  const regressed = result.series.filter((x) => x.verdict === 'regressed')
  const rest = result.series.filter((x) => x.verdict !== 'regressed')
  const sections: Section[] = [{heading: 'Summary', blocks: [
    {kind: 'paragraph', text: summaryLine(result)},
    ...result.warnings.map((w) => ({kind: 'paragraph' as const, text: `Note: ${w}`})),
  ]}]
  if (regressed.length) {
    sections.push({heading: `Regressions (${regressed.length})`, blocks: [
      {kind: 'table', table: seriesTable(regressed, result)},
      ...regressed.slice(0, MAX_CHARTS).map((s) => ({kind: 'chart' as const, chart: historyChart(s, result), width: 900, height: 360})),
      ...(regressed.length > MAX_CHARTS
        ? [{kind: 'paragraph' as const, text: `Charts are drawn for the ${MAX_CHARTS} worst regressions only.`}] : []),
    ]})
  }
  if (rest.length) sections.push({heading: 'Other series', blocks: [{kind: 'table', table: seriesTable(rest, result)}]})
  const unpaired = unpairedSection(result, BASELINE_ONLY_SHOWN, false, 'the JSON output has them all')
  if (unpaired) {
    sections.push({heading: 'Unpaired series', blocks: [{kind: 'table', table: unpaired.table},
      ...(unpaired.more ? [{kind: 'paragraph' as const, text: unpaired.more}] : [])]})
  }
  const provenance: Provenance = {
    benchdbVersion: ctx.benchdbVersion,
    databasePath: ctx.databasePath,
    schemaVersion: ctx.schemaVersion,
    filters: {...result.settings.filters, metric: result.metric.name, baseline: result.baseline.selector, candidate: result.candidate.selector},
    generatedAt: ctx.generatedAt,
    rowsUsed: result.series.reduce((n, s) => n + s.baseline.length + s.candidate.length, 0),
    simulatedIncluded: result.settings.includeSimulated,
  }
  return {title: `Benchmark comparison: ${result.metric.label}`, subtitle: `${result.baseline.selector} → ${result.candidate.selector}`, sections, provenance}
}

export async function renderCompareHtml(result: ComparisonResult, ctx: DocumentContext): Promise<string> {
  const {renderHtml} = await import('../render/html.js')
  return renderHtml(compareDocument(result, ctx))
}

/** One entry point for the command and the API. */
export async function renderComparison(result: ComparisonResult, format: CompareFormat, ctx: DocumentContext,
  text: CompareRenderOptions = {}): Promise<string> {
  switch (format) {
    case 'json':
      return renderCompareJson(result)
    case 'markdown':
      return renderCompareMarkdown(result)
    case 'html':
      return renderCompareHtml(result, ctx)
    case 'text':
      return renderCompareText(result, text)
  }
}
