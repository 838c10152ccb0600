/**
 * One self-contained HTML file per report: inline CSS, charts as PNG data URIs, no scripts and
 * no external URL of any kind, enforced by a CSP meta tag, so the file can be mailed, archived or
 * opened offline and a crafted model name cannot run code or phone home.
 */
import {sectionBlocks} from './section-blocks.js'
import escapeHtml from 'escape-html'
import {inlineChartScripts, isInteractive, renderInteractiveChart} from './interactive/index.js'

import {chartAsTable} from './chart-data.js'
import type {ChartRenderer} from './charts/index.js'
import {MISSING, formatCell, resolveColumns} from './format.js'
import {pngSize} from './png-size.js'
import {provenanceEntries} from './provenance.js'
import type {Block, ChartSpec, Provenance, ReportDocument, Table} from './types.js'

export const CONTENT_SECURITY_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

/**
 * The policy of a report with interactive charts: the same, plus exactly the inline scripts it
 * carries (Chart.js, Hammer.js, the zoom plugin and our runtime), allowed by their sha256. No
 * other script can run: data in the page (model names ...) is JSON in a non-executed element.
 */
export function reportContentSecurityPolicy(): string {
  return CONTENT_SECURITY_POLICY.replace("default-src 'none';", `default-src 'none'; script-src ${inlineChartScripts().hashes.join(' ')};`)
}

const STYLE = `
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: #222; background: #fff;
  max-width: 1100px; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; }
.subtitle { color: #555; margin-top: 0; }
h2 { font-size: 1.3rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; margin-top: 2rem; }
table { border-collapse: collapse; margin: 1rem 0; font-size: .92rem; }
.table-wrap { overflow-x: auto; max-width: 100%; }
.table-wrap > table { margin: 0; }
.w { white-space: nowrap; }
figure.chart { margin: 1rem 0; }
.chart-tools { font-size: .85rem; color: #444; display: flex; gap: 1rem; align-items: center; flex-wrap: wrap; }
.chart-tools .hint { color: #777; }
.chart-box { position: relative; width: 100%; }
caption { text-align: left; font-weight: bold; padding-bottom: .3rem; }
th, td { border: 1px solid #d0d0d0; padding: .3rem .6rem; vertical-align: top; overflow-wrap: normal; word-break: normal; hyphens: none; }
th { background: #f3f3f3; text-align: left; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.missing { color: #999; }
tbody tr:nth-child(even) { background: #fafafa; }
.note { color: #555; font-size: .88rem; margin: .2rem 0; }
figure { margin: 1rem 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
details { margin: .3rem 0 1rem; font-size: .9rem; }
footer.provenance { margin-top: 3rem; border-top: 2px solid #ccc; font-size: .85rem; color: #444; }
footer.provenance dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
footer.provenance dt { font-weight: bold; }
footer.provenance dd { margin: 0; overflow-wrap: anywhere; }
@media print {
  body { max-width: none; margin: 0; font-size: 10pt; }
  h2 { break-after: avoid; }
  table, figure, footer.provenance { break-inside: avoid; }
  tbody tr:nth-child(even) { background: none; }
  details { display: none; }
  figure img { border: none; }
}`

export interface HtmlOptions {
  /** Renders chart PNGs; defaults to ./charts (loaded only when the document has charts). */
  renderChart?: ChartRenderer
}

/** Escapes any value for element content and double-quoted attributes. */
const esc = (value: unknown): string => escapeHtml(String(value))

/**
 * A cell's text, escaped, with every word that holds a break opportunity of its own (a hyphen, a
 * slash, an underscore, a dot: `llama-7b`, `org/model`, `2025-03-01`) kept on one line: browsers
 * wrap after hyphens and slashes, and a model name split at its hyphen reads as two names. Words
 * of letters and digits only need no wrapper (browsers never break inside them without
 * overflow-wrap), which keeps the markup small.
 */
function cellText(text: string): string {
  return text
    .split(/(\s+)/)
    .map((part) => (/^\s*$/.test(part) || /^[\p{L}\p{N}]+$/u.test(part) ? esc(part) : `<span class="w">${esc(part)}</span>`))
    .join('')
}

export function renderHtmlTable(table: Table): string {
  const columns = resolveColumns(table)
  const cls = (align: string, missing = false) => {
    const names = [align === 'right' ? 'num' : '', missing ? 'missing' : ''].filter(Boolean)
    return names.length ? ` class="${names.join(' ')}"` : ''
  }
  const head = columns.map((column) => `<th scope="col"${cls(column.align)}>${cellText(column.header)}</th>`).join('')
  const body = table.rows
    .map((row) => {
      const cells = columns.map((column) => {
        const text = formatCell(row[column.key], column)
        return `<td${cls(column.align, text === null)}>${text === null ? esc(MISSING) : cellText(text)}</td>`
      })
      return `<tr>${cells.join('')}</tr>`
    })
    .join('\n')
  const caption = table.title ? `<caption>${esc(table.title)}</caption>` : ''
  const notes = (table.notes ?? []).map((note) => `<p class="note">${esc(note)}</p>`).join('\n')
  // Cells wrap at spaces only (a word is never broken: "REGRE SSED", "llam a"); a table wider
  // than the page scrolls sideways inside its wrapper instead.
  return `<div class="table-wrap"><table>${caption}<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table></div>${notes ? `\n${notes}` : ''}`
}

function renderChartFigure(chart: ChartSpec, png: Buffer): string {
  const {width, height} = pngSize(png)
  const alt = `${chart.title}${chart.subtitle ? ` — ${chart.subtitle}` : ''}`
  return [`<figure><img src="data:image/png;base64,${png.toString('base64')}" width="${width}" height="${height}" alt="${esc(alt)}"></figure>`, chartData(chart)].join('\n')
}

function chartData(chart: ChartSpec): string {
  return `<details><summary>Data for “${esc(chart.title)}”</summary>\n${renderHtmlTable({...chartAsTable(chart), title: undefined})}\n</details>`
}

function renderBlock(block: Block, charts: Map<Block, Promise<Buffer>>): string | Promise<string> {
  switch (block.kind) {
    case 'paragraph':
      return `<p>${esc(block.text)}</p>`
    case 'table':
      return renderHtmlTable(block.table)
    case 'chart':
      if (isInteractive(block.chart)) return `${renderInteractiveChart(block.chart, block.height)}\n${chartData(block.chart)}`
      return charts.get(block)!.then((png) => renderChartFigure(block.chart, png))
  }
}

export function renderProvenanceFooter(provenance: Provenance): string {
  const items = provenanceEntries(provenance)
    .map(({label, value}) => `<dt>${esc(label)}</dt><dd>${esc(value)}</dd>`)
    .join('\n')
  return `<footer class="provenance">\n<h2>Provenance</h2>\n<dl>\n${items}\n</dl>\n</footer>`
}

export async function renderHtml(doc: ReportDocument, options: HtmlOptions = {}): Promise<string> {
  const sectionsBlocks = doc.sections.map((section) => sectionBlocks(section))
  // Every chart is started before any table is rendered: a renderer on another thread (see
  // charts/thread.ts) then draws while this thread writes the tables.
  const charts = new Map<Block, Promise<Buffer>>()
  const allCharts = sectionsBlocks.flat().filter((block): block is Extract<Block, {kind: 'chart'}> => block.kind === 'chart')
  const interactive = allCharts.some((block) => isInteractive(block.chart))
  // Bar and line charts are drawn by the browser (interactive); only heatmaps are pictures.
  const chartBlocks = allCharts.filter((block) => !isInteractive(block.chart))
  if (chartBlocks.length) {
    // Loaded lazily so that text/CSV callers importing the render index never load the native canvas.
    const renderChart = options.renderChart ?? (await import('./charts/index.js')).renderChartPng
    for (const block of chartBlocks) {
      const png = renderChart(block.chart, {width: block.width, height: block.height})
      png.catch(() => {}) // awaited (and its error thrown) with its section, not reported as unhandled before
      charts.set(block, png)
    }
  }
  const sections: string[] = []
  for (const [i, section] of doc.sections.entries()) {
    const blocks = sectionsBlocks[i].map((block) => renderBlock(block, charts))
    sections.push(`<section>\n<h2>${esc(section.heading)}</h2>\n${(await Promise.all(blocks)).join('\n')}\n</section>`)
  }
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(interactive ? reportContentSecurityPolicy() : CONTENT_SECURITY_POLICY)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(doc.title)}</title>
<style>${STYLE}
</style>
</head>
<body>
<header>
<h1>${esc(doc.title)}</h1>${doc.subtitle ? `\n<p class="subtitle">${esc(doc.subtitle)}</p>` : ''}
</header>
<main>
${sections.join('\n')}
</main>
${renderProvenanceFooter(doc.provenance)}${interactive ? `\n${inlineChartScripts().html}` : ''}
</body>
</html>
`
}
