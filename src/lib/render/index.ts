/**
 * Public API of the rendering library. Everything here is pure and cheap to import; PNG charts
 * (Chart.js + native canvas) live in './charts/index.js' and are imported separately, or loaded
 * lazily by renderHtml when a document contains charts.
 */
export type * from './types.js'
export {MISSING, columnHeader, formatCell, formatDate, formatNumber, resolveColumns, type ResolvedColumn} from './format.js'
export {describeFilters, provenanceEntries, type ProvenanceEntry} from './provenance.js'
export {chartAsTable} from './chart-data.js'
export {renderTextTable, type TextRenderOptions} from './text-table.js'
export {renderTextDocument} from './text-document.js'
export {escapeMarkdown, renderMarkdownDocument, renderMarkdownTable} from './markdown.js'
export {neutraliseFormula, renderCsv, type CsvOptions} from './csv.js'
export {CONTENT_SECURITY_POLICY, renderHtml, renderHtmlTable, renderProvenanceFooter, type HtmlOptions} from './html.js'
export {isPng, pngSize} from './png-size.js'
export type {ChartRenderer, ChartSize} from './charts/index.js'
