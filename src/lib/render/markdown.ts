/**
 * GitHub-flavoured Markdown. Every piece of data is escaped so that it renders as the literal
 * text: a model named `<img src=x onerror=alert(1)>` or `[x](javascript:...)` must not become
 * markup in a PR comment, wiki or any Markdown viewer that allows raw HTML.
 */
import {sectionBlocks} from './section-blocks.js'
import {chartAsTable} from './chart-data.js'
import {MISSING, formatCell, resolveColumns, singleLine} from './format.js'
import {provenanceEntries} from './provenance.js'
import type {Block, ReportDocument, Table} from './types.js'

// Quotes only matter inside attributes, which Markdown text never produces; leave them readable.
const HTML_ENTITIES: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;'}

/**
 * Escapes inline Markdown: backslash first (so later escapes are not doubled), then the
 * characters that start emphasis, code, links or table cells, then HTML as entities
 * (entities work inside tables, where backslash-escaping `<` is not honoured by every renderer).
 */
export function escapeMarkdown(text: string): string {
  return singleLine(text)
    .replace(/\\/g, '\\\\')
    .replace(/[`*_[\]|~]/g, (char) => `\\${char}`)
    .replace(/[&<>]/g, (char) => HTML_ENTITIES[char])
}

/** Also stops text at the start of a line from becoming a heading, quote, list or rule. */
export function escapeMarkdownBlock(text: string): string {
  return escapeMarkdown(text).replace(/^([#>+\-=])|^(\d+)([.)])/, (_m, lead, digits, mark) => (lead ? `\\${lead}` : `${digits}\\${mark}`))
}

export function renderMarkdownTable(table: Table): string {
  const columns = resolveColumns(table)
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`
  const lines = [
    row(columns.map((column) => escapeMarkdown(column.header))),
    row(columns.map((column) => (column.align === 'right' ? '---:' : '---'))),
    ...table.rows.map((record) => row(columns.map((column) => escapeMarkdown(formatCell(record[column.key], column) ?? MISSING)))),
  ]
  if (table.title) lines.unshift(`**${escapeMarkdown(table.title)}**`, '')
  if (table.notes?.length) lines.push('', ...table.notes.map((note) => `_${escapeMarkdown(note)}_`))
  return lines.join('\n')
}

function renderBlock(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return escapeMarkdownBlock(block.text)
    case 'table':
      return renderMarkdownTable(block.table)
    case 'chart':
      // Markdown has no portable way to embed a PNG (GitHub strips data: URIs), so show the data.
      return renderMarkdownTable(chartAsTable(block.chart))
  }
}

export function renderMarkdownDocument(doc: ReportDocument): string {
  const parts = [`# ${escapeMarkdown(doc.title)}`]
  if (doc.subtitle) parts.push(`_${escapeMarkdown(doc.subtitle)}_`)
  for (const section of doc.sections) {
    parts.push(`## ${escapeMarkdown(section.heading)}`, ...sectionBlocks(section).map(renderBlock))
  }
  parts.push(
    '---',
    '## Provenance',
    provenanceEntries(doc.provenance)
      .map(({label, value}) => `- **${escapeMarkdown(label)}:** ${escapeMarkdown(value)}`)
      .join('\n'),
  )
  return `${parts.join('\n\n')}\n`
}
