import {describe, expect, test} from '@jest/globals'

import {renderHtml, renderMarkdownDocument, renderTextDocument, type ReportDocument} from '../../src/lib/render/index.js'
import {latencyTable} from './fixtures.js'

// A section holding one table titled like the section printed "Overview" twice in a row.
const doc: ReportDocument = {
  title: 'Summary',
  sections: [
    {heading: 'Overview', blocks: [{kind: 'table', table: {...latencyTable, title: 'Overview'}}]},
    {heading: 'Details', blocks: [{kind: 'table', table: {...latencyTable, title: 'Latency by model'}}]},
  ],
  provenance: {benchdbVersion: '0', databasePath: 'x.duckdb', schemaVersion: 2, generatedAt: '2026-01-01T00:00:00Z', filters: {}, rowsUsed: 3, simulatedIncluded: false},
}

const count = (text: string, word: string) => text.split(word).length - 1

describe('a table titled like its section', () => {
  test('text shows the heading once and keeps other titles', () => {
    const text = renderTextDocument(doc, {width: 120})
    expect(count(text, 'Overview')).toBe(1)
    expect(count(text, 'Latency by model')).toBe(1)
  })

  test('markdown and HTML do the same', async () => {
    const md = renderMarkdownDocument(doc)
    expect(count(md, 'Overview')).toBe(1)
    expect(md).toContain('**Latency by model**')
    const html = await renderHtml(doc)
    expect(count(html, 'Overview')).toBe(1)
    expect(html).toContain('<caption>Latency by model</caption>')
  })
})
