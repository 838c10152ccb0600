import type {Explanation} from './explain.js'
import type {InferenceReport} from './infer/infer-document.js'
import {describeOutcome, formatRows, formatSummary, type FileOutcome} from './summary.js'

/** Human output of db:convert (the command stays thin; the API returns the objects instead). */
export {describeOutcome, formatSummary}

/** One line per file: `ingested  path  [performance/star_rows]  performance_results=3 test_runs=1`. */
export function formatOutcome(o: FileOutcome): string {
  const shape = o.shape ? `  [${o.category ?? '?'}/${o.shape}]` : ''
  const what =
    o.status === 'ingested'
      ? `  ${formatRows(o.rows)}${o.replacesVersion ? '  (replaces the previous version)' : ''}`
      : o.status === 'duplicate'
        ? `  same bytes as ${o.duplicateOf}`
        : o.reason || o.expected
          ? `  ${[o.pointer ? `at ${o.pointer}` : '', o.reason ?? '', o.expected ? `expected ${o.expected}` : ''].filter(Boolean).join('; ')}`
          : ''
  const notes = o.notes.length ? `  (${o.notes.join('; ')})` : ''
  return `${o.status.padEnd(12)} ${o.path}${shape}${what}${notes}`
}

export function printExplanation(e: Explanation): string[] {
  const lines = [`${e.path} (${e.size} bytes): ${e.status}${e.adapter ? ` by shape "${e.adapter}" (category ${e.category})` : ''}`]
  if (e.reason) lines.push(`  reason: ${e.reason}`)
  if (e.pointer) lines.push(`  at: ${e.pointer}`)
  if (e.expected) lines.push(`  expected: ${e.expected}`)
  if (e.detection.length) {
    lines.push('Detection (highest priority first):')
    for (const d of e.detection) lines.push(`  ${d.passed ? 'match' : 'no   '}  ${d.adapter} (priority ${d.priority})${d.reason ? `: ${d.reason}` : ''}`)
  }
  if (e.inference) lines.push(...printInference(e.inference))
  if (e.rowCounts) lines.push(`Rows it would write: ${formatRows(e.rowCounts)}`)
  for (const [table, rows] of Object.entries(e.rows ?? {})) {
    lines.push(`${table}:`)
    for (const r of rows) lines.push(`  ${JSON.stringify(r)}`)
  }
  return lines
}

/** The inferring fallback's reading: each row's object, where its model and hardware came from, and pointer -> metric. */
function printInference(r: InferenceReport): string[] {
  const lines = [`Inference (no adapter detected the document): ${r.rows.length} row(s) inferred, ${r.skipped.length} measurement group(s) left out`]
  for (const row of r.rows) {
    const extra = [row.precision && `precision ${row.precision}`, row.batchSize !== null && `batch ${row.batchSize}`, row.testCase && `test case ${row.testCase}`].filter(Boolean).join(', ')
    lines.push(`  row at ${row.pointer}: model ${row.model.name} (from ${row.model.pointer}), hardware ${row.hardware.type}${row.hardware.device ? ` / ${row.hardware.device}` : ''} (from ${row.hardware.pointer})${extra ? `, ${extra}` : ''}`)
    for (const v of row.values) {
      const conv = v.factor === 1 ? '' : ` (x ${v.factor})`
      const unitFrom = v.unitFrom === 'name' ? 'unit from the key' : v.unitFrom === 'metric' ? 'unit of the metric' : `unit from ${v.unitFrom}`
      lines.push(`    ${v.pointer} = ${v.raw} -> ${v.metric} ${v.value} ${v.unit}${conv}; ${unitFrom}`)
    }
  }
  for (const s of r.skipped) lines.push(`  left out ${s.pointer}: ${s.reason}`)
  return lines
}

/** cli-progress bar on stderr; only started by the command when stderr is a terminal. */
export async function startProgress(): Promise<{start(n: number): void; update(n: number): void; stop(): void}> {
  const {default: cliProgress} = await import('cli-progress')
  const bar = new cliProgress.SingleBar(
    {stream: process.stderr, format: 'Converting [{bar}] {percentage}% | {value}/{total} files | {eta_formatted} left', hideCursor: true, clearOnComplete: true},
    cliProgress.Presets.shades_classic,
  )
  let started = false
  return {
    start: (n) => {
      bar.start(n, 0)
      started = true
    },
    update: (n) => started && bar.update(n),
    stop: () => started && bar.stop(),
  }
}
