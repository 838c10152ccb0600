import {createHash} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import escapeHtml from 'escape-html'
import type {BarChartSpec, ChartSpec, LineChartSpec} from '../types.js'

/**
 * Interactive charts in HTML reports: the page carries Chart.js, Hammer.js and chartjs-plugin-zoom
 * (from their npm packages, inlined: the report is one self-contained file that works offline) and
 * our small runtime (chart-runtime.js beside this file), and each chart is a <canvas> with its
 * spec as JSON. The Content-Security-Policy allows exactly these scripts by their sha256.
 * Heatmaps stay PNG images (Chart.js has no grid chart; the picture says all there is).
 */
const require = createRequire(import.meta.url)
// src/lib/render/interactive in tests and dist/lib/render/interactive when built: four levels below the package root.
const PACKAGE_ROOT = fileURLToPath(new URL('../../../../', import.meta.url))
const RUNTIME = join(PACKAGE_ROOT, 'src', 'lib', 'render', 'interactive', 'chart-runtime.js')

interface InlineScripts {
  /** The <script> elements, in load order. */
  html: string
  /** CSP source expressions ('sha256-...') for each of them. */
  hashes: string[]
}

let scripts: InlineScripts | undefined

function libraryFiles(): string[] {
  const chartDir = dirname(require.resolve('chart.js'))
  return [
    join(chartDir, 'chart.umd.min.js'),
    join(dirname(require.resolve('hammerjs')), 'hammer.min.js'),
    join(dirname(require.resolve('chartjs-plugin-zoom')), 'chartjs-plugin-zoom.min.js'),
    RUNTIME,
  ]
}

/** The inline scripts every report with interactive charts carries, read and hashed once per process. */
export function inlineChartScripts(): InlineScripts {
  if (scripts) return scripts
  const bodies = libraryFiles().map((file) => readFileSync(file, 'utf8').replace(/<\/script/gi, '<\\/script'))
  scripts = {
    html: bodies.map((body) => `<script>${body}</script>`).join('\n'),
    hashes: bodies.map((body) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`),
  }
  return scripts
}

export function isInteractive(chart: ChartSpec): chart is BarChartSpec | LineChartSpec {
  return chart.kind === 'bar' || chart.kind === 'line'
}

/** JSON safe inside a <script> element: no "</script>", no "<!--" can appear in it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')
}

/** One chart: its tools, its canvas (with an accessible name) and its spec. */
export function renderInteractiveChart(chart: BarChartSpec | LineChartSpec, height = 420): string {
  const label = `${chart.title}${chart.subtitle ? ` — ${chart.subtitle}` : ''}`
  const tools = [
    `<label><input type="checkbox" data-log> Log scale</label>`,
    chart.kind === 'line' ? `<button type="button" data-reset>Reset zoom</button><span class="hint">Scroll to zoom, drag to pan</span>` : '',
  ].join(' ')
  return [
    `<figure class="chart" data-benchdb-chart data-kind="${chart.kind}">`,
    `<div class="chart-tools">${tools}</div>`,
    `<div class="chart-box" style="height:${Math.round(height)}px"><canvas role="img" aria-label="${escapeHtml(label)}"></canvas></div>`,
    `<script type="application/json">${scriptJson(chart)}</script>`,
    `</figure>`,
  ].join('\n')
}
