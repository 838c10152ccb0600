import {escapeMarkdown, renderMarkdownTable} from '../render/markdown.js'
import {renderTextTable, type TextRenderOptions} from '../render/text-table.js'
import type {Table} from '../render/types.js'
import type {ChangesResult} from './history.js'
import {seriesLabel} from './render.js'

/** `db:compare --history` as text, Markdown or JSON: one row per changed series, grouped by alert (newest first). */

export type HistoryFormat = 'text' | 'markdown' | 'json'

const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}%`

export function historySummary(r: ChangesResult): string {
  const s = r.summary
  return `${r.metric.label} history (${r.metric.better} is better, threshold ${(r.settings.threshold * 100).toFixed(1)}%): ` +
    `${s.alerts} alert(s) (${s.regressions} with regressions), ${s.changes} change(s) and ${s.drifts} drift(s) in ${s.series} series`
}

function alertTable(r: ChangesResult): Table {
  return {
    columns: [
      {key: 'run', title: 'First run after', format: 'text'},
      {key: 'commit', title: 'Commit', format: 'text'},
      {key: 'branch', title: 'Branch', format: 'text'},
      {key: 'direction', title: 'Verdict', format: 'text'},
      {key: 'series', title: 'Series', format: 'text'},
      {key: 'change', title: 'Change', format: 'text', align: 'right'},
      {key: 'interval', title: `${Math.round((1 - 2 * r.settings.alpha) * 100)}% interval`, format: 'text', align: 'right'},
      {key: 'runs', title: 'Runs before/after', format: 'text', align: 'right'},
    ],
    rows: r.alerts.flatMap((a) => a.series.map((c, i) => ({
      run: i === 0 ? `${a.runId}${a.at ? ` (${a.at.slice(0, 16).replace('T', ' ')})` : ''}` : '',
      commit: i === 0 ? a.commit?.slice(0, 12) ?? null : '',
      branch: i === 0 ? a.branch : '',
      direction: c.direction, series: seriesLabel(c.key), change: signed(c.change),
      interval: `${signed(c.interval.low)}…${signed(c.interval.high)}`, runs: `${c.runsBefore}/${c.runsAfter}`,
    }))),
  }
}

function driftTable(r: ChangesResult): Table {
  return {
    title: 'Drift (a slow trend, not a step)',
    columns: [
      {key: 'series', title: 'Series', format: 'text'},
      {key: 'runs', title: 'Runs', format: 'text'},
      {key: 'perRun', title: 'Per run', format: 'text', align: 'right'},
      {key: 'total', title: 'Total', format: 'text', align: 'right'},
      {key: 'direction', title: 'Verdict', format: 'text'},
    ],
    rows: r.drifts.map((d) => ({series: seriesLabel(d.key), runs: `${d.fromRunId}…${d.toRunId}`, perRun: signed(d.perRun), total: signed(d.total), direction: d.direction})),
  }
}

export function renderHistory(r: ChangesResult, format: HistoryFormat, options: TextRenderOptions = {}): string {
  if (format === 'json') return JSON.stringify(r, null, 2) + '\n'
  if (format === 'markdown') {
    const parts = [`**${r.summary.regressions} regression alert(s)** · ${escapeMarkdown(historySummary(r))}`]
    if (r.alerts.length) parts.push(renderMarkdownTable(alertTable(r)))
    if (r.drifts.length) parts.push(renderMarkdownTable(driftTable(r)))
    return parts.join('\n\n') + '\n'
  }
  const parts = [historySummary(r)]
  if (r.alerts.length) parts.push(renderTextTable(alertTable(r), options))
  if (r.drifts.length) parts.push(renderTextTable(driftTable(r), options))
  return parts.join('\n\n') + '\n'
}
