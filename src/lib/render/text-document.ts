/** A whole ReportDocument for the terminal: headings, wrapped prose, fitted tables, provenance. */
import {sectionBlocks} from './section-blocks.js'
import {chartAsTable} from './chart-data.js'
import {singleLine} from './format.js'
import {provenanceEntries} from './provenance.js'
import {renderTextTable, terminalWidth, type TextRenderOptions} from './text-table.js'
import {truncateToWidth, wrapToWidth} from './text-width.js'
import type {Block, ReportDocument} from './types.js'

function heading(text: string, underline: string, width: number, fit = true): string[] {
  const line = fit ? truncateToWidth(singleLine(text), width) : singleLine(text)
  return [line, underline.repeat(Math.min(width, Math.max(3, [...line].length)))]
}

function renderBlock(block: Block, options: TextRenderOptions & {width: number}): string {
  switch (block.kind) {
    case 'paragraph':
      return wrapToWidth(singleLine(block.text), options.width, options.truncate ?? true).join('\n')
    case 'table':
      return renderTextTable(block.table, options)
    case 'chart':
      // A terminal cannot show the PNG; show the numbers behind it.
      return renderTextTable(chartAsTable(block.chart), options)
  }
}

export function renderTextDocument(doc: ReportDocument, options: TextRenderOptions = {}): string {
  const width = terminalWidth(options.width)
  const fit = options.truncate ?? true
  const opts = {...options, width}
  const parts: string[] = [heading(doc.title, '=', width, fit).join('\n')]
  if (doc.subtitle) parts.push(wrapToWidth(singleLine(doc.subtitle), width, fit).join('\n'))
  for (const section of doc.sections) {
    parts.push(heading(section.heading, '-', width, fit).join('\n'), ...sectionBlocks(section).map((block) => renderBlock(block, opts)))
  }
  const provenance = provenanceEntries(doc.provenance).flatMap(({label, value}) => wrapToWidth(`${label}: ${singleLine(value)}`, width, fit))
  parts.push([...heading('Provenance', '-', width, fit), ...provenance].join('\n'))
  return `${parts.join('\n\n')}\n`
}
