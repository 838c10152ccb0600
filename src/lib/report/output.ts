import {BenchError} from '../errors.js'
import type {ChartRenderer} from '../render/charts/index.js'
import {csvTables, primaryChart, toDocument, type QueryResult} from './documents.js'

export const OUTPUT_FORMATS = ['text', 'markdown', 'csv', 'json', 'html', 'png'] as const
export type OutputFormat = (typeof OUTPUT_FORMATS)[number]

/** `chart` is the predecessor's name for a PNG; `md` and `txt` are accepted spellings. */
export function parseFormat(name: string): OutputFormat {
  const f = name.toLowerCase()
  const alias: Record<string, OutputFormat> = {chart: 'png', md: 'markdown', txt: 'text', table: 'text'}
  const format = alias[f] ?? f
  if (!(OUTPUT_FORMATS as readonly string[]).includes(format)) {
    throw new BenchError('usage', `unknown format "${name}"`, {expected: `one of ${OUTPUT_FORMATS.join(', ')} (or chart)`})
  }
  return format as OutputFormat
}

export interface RenderOptions {
  /** Terminal width for text tables. */
  width?: number
  color?: boolean
  /** Text only: at most this many rows per table, then a line saying how many more there are. */
  maxRows?: number
  /** Text only: fit tables to `width` (a terminal); false keeps every value whole (files, pipes). */
  truncate?: boolean
  /** HTML and PNG: draws the charts (default: in process; see render/charts/thread.ts for a thread). */
  renderChart?: ChartRenderer
}

export interface RenderedOutput {
  body: string | Buffer
  mediaType: string
  extension: string
}

/** Formats whose output has charts (what a chart thread is worth starting for). */
export const drawsCharts = (format: OutputFormat): boolean => format === 'html' || format === 'png'

/** Renders any query result in any format (the CLI writes it; the API sends it). */
export async function renderResult(result: QueryResult, format: OutputFormat, options: RenderOptions = {}): Promise<RenderedOutput> {
  const render = await import('../render/index.js')
  switch (format) {
    case 'json':
      return {body: JSON.stringify(result, null, 2) + '\n', mediaType: 'application/json', extension: 'json'}
    case 'text':
      return {body: render.renderTextDocument(toDocument(result), options), mediaType: 'text/plain; charset=utf-8', extension: 'txt'}
    case 'markdown':
      return {body: render.renderMarkdownDocument(toDocument(result)), mediaType: 'text/markdown; charset=utf-8', extension: 'md'}
    case 'csv':
      return {body: csvTables(result).map((table) => render.renderCsv(table)).join('\r\n'), mediaType: 'text/csv; charset=utf-8', extension: 'csv'}
    case 'html':
      return {body: await render.renderHtml(toDocument(result, {charts: true}), {renderChart: options.renderChart}), mediaType: 'text/html; charset=utf-8', extension: 'html'}
    case 'png': {
      const chart = primaryChart(result)
      if (!chart) {
        throw new BenchError('usage', `this result has no chart; PNG is available for --compare-hardware, --trend, --compatibility-matrix and the summary, hardware and compatibility reports`, {
          hint: 'Use --format html for a shareable report with tables, or --format csv for the data.',
        })
      }
      const renderChart = options.renderChart ?? (await import('../render/charts/index.js')).renderChartPng
      return {body: await renderChart(chart), mediaType: 'image/png', extension: 'png'}
    }
  }
}
