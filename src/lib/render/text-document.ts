/** A whole ReportDocument for the terminal: headings, wrapped prose, fitted tables, provenance. */
import {sectionBlocks} from './section-blocks.js'
import {chartAsTable} from './chart-data.js'
import {singleLine} from './format.js'
import {provenanceEntries} from './provenance.js'
import {renderTextTable, terminalWidth, type TextRenderOptions} from './text-table.js'
import {truncateToWidth, wrapToWidth} from './text-width.js'
import type {Block, ReportDocument} from './types.js'

function heading(text: string, underline: string, width: number): string[] {
  const line = truncateToWidth(singleLine(text), width)
  return [line, underline.repeat(Math.min(width, Math.max(3, [...line].length)))]
}

function renderBlock(block: Block, options: TextRenderOptions & {width: number}): string {
  switch (block.kind) {
    case 'paragraph':
      return wrapToWidth(singleLine(block.text), options.width).join('\n')
    case 'table':
      return renderTextTable(block.table, options)
    case 'chart':
      // A terminal cannot show the PNG; show the numbers behind it.
      return renderTextTable(chartAsTable(block.chart), options)
  }
}

export function renderTextDocument(doc: ReportDocument, options: TextRenderOptions = {}): string {
  const width = terminalWidth(options.width)
  const opts = {...options, width}
  const parts: string[] = [heading(doc.title, '=', width).join('\n')]
  if (doc.subtitle) parts.push(wrapToWidth(singleLine(doc.subtitle), width).join('\n'))
  for (const section of doc.sections) {
    parts.push(heading(section.heading, '-', width).join('\n'), ...sectionBlocks(section).map((block) => renderBlock(block, opts)))
  }
  const provenance = provenanceEntries(doc.provenance).flatMap(({label, value}) => wrapToWidth(`${label}: ${singleLine(value)}`, width))
  parts.push([...heading('Provenance', '-', width), ...provenance].join('\n'))
  return `${parts.join('\n\n')}\n`
}
