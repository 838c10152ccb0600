import {describe, expect, test} from '@jest/globals'

import {renderTextDocument, renderTextTable, type Table} from '../../src/lib/render/index.js'
import {fitColumnWidths} from '../../src/lib/render/text-table.js'
import {displayWidth} from '../../src/lib/render/text-width.js'
import {latencyTable, sampleDocument} from './fixtures.js'

const widest = (text: string) => Math.max(...text.split('\n').map(displayWidth))

const wideTable: Table = {
  title: 'A title that is much longer than a narrow terminal can possibly show on one line',
  columns: [
    {key: 'model', title: 'Model'},
    {key: 'hardware', title: 'Hardware platform'},
    {key: 'latency', title: 'Mean latency', unit: 'ms', format: 'number'},
    {key: 'throughput', title: 'Throughput', unit: 'items/s', format: 'number'},
  ],
  rows: [
    {model: 'meta-llama/Llama-3.1-70B-Instruct-with-a-very-long-suffix', hardware: 'cuda (NVIDIA A100-SXM4-80GB)', latency: 1234.5, throughput: 98765.4321},
    {model: '模型名称很长很长很长很长', hardware: 'cpu', latency: null, throughput: 1},
  ],
  notes: ['Notes are truncated too when they are longer than the terminal is wide, like this one'],
}

describe('renderTextTable', () => {
  test.each([200, 100, 80, 60, 40, 30, 20, 12])('never wider than %i columns', (width) => {
    expect(widest(renderTextTable(wideTable, {width}))).toBeLessThanOrEqual(width)
    expect(widest(renderTextTable(latencyTable, {width}))).toBeLessThanOrEqual(width)
    expect(widest(renderTextDocument(sampleDocument, {width}))).toBeLessThanOrEqual(width)
  })

  test('long text is truncated with an ellipsis, numbers stay whole and right-aligned', () => {
    const out = renderTextTable(wideTable, {width: 80})
    expect(out).toContain('…')
    expect(out).toContain('98,765.43 │')
    expect(out).toMatch(/│ +1,234.50 │/)
    expect(out.split('\n').filter((line) => line.startsWith('│')).length).toBe(3) // header + 2 rows, no wrapping
  })

  test('missing values show a dash; control characters cannot reach the terminal', () => {
    const out = renderTextTable(latencyTable, {width: 120})
    expect(out).not.toMatch(/null|NaN|undefined/)
    expect(out).toContain('–')
    // eslint-disable-next-line no-control-regex
    expect(renderTextTable({columns: [{key: 'a', title: 'A'}], rows: [{a: 'x\u001b[31my\nz'}]}, {width: 40}).replace(/\n/g, '')).not.toMatch(/[\u0000-\u001f]/)
  })

  test('colour only when asked', () => {
    expect(renderTextTable(latencyTable, {width: 100})).not.toContain('\u001b[')
    expect(renderTextTable(latencyTable, {width: 100, color: true})).toContain('\u001b[1m')
  })

  test('falls back to one "Header: value" line per field when columns cannot fit', () => {
    const out = renderTextTable(wideTable, {width: 30})
    expect(out).toContain('Mean latency (ms): 1,234.50')
    expect(out).not.toContain('┌')
  })
})

describe('fitColumnWidths', () => {
  test('keeps natural widths when they fit, caps the widest otherwise, respects minimums', () => {
    expect(fitColumnWidths([10, 20], [6, 6], 40)).toEqual([10, 20])
    expect(fitColumnWidths([10, 50, 40], [6, 6, 6], 60)).toEqual([10, 25, 25])
    expect(fitColumnWidths([10, 50], [6, 45], 55)).toEqual([10, 45])
    expect(fitColumnWidths([10, 50], [6, 45], 50)).toBeUndefined()
  })
})

describe('renderTextTable with maxRows (the CLI sets it for a terminal only)', () => {
  const many: Table = {
    columns: [{key: 'model', title: 'Model'}, {key: 'v', title: 'Value', format: 'number'}],
    rows: Array.from({length: 1234}, (_x, i) => ({model: `m${i}`, v: i === 1233 ? 123456789 : i})),
  }
  test('shows the first rows, says how many more there are and how to get them, sizes columns to what is shown', () => {
    const out = renderTextTable(many, {width: 200, maxRows: 3})
    const body = out.split('\n').filter((line) => line.startsWith('│'))
    expect(body.map((line) => line.split('│')[1].trim())).toEqual(['Model', 'm0', 'm1', 'm2'])
    expect(out).toContain('… 1,231 more rows not shown (showing 3 of 1,234).')
    expect(out).toContain('--format csv')
    expect(out).not.toContain('123,456,789')
    expect(widest(out)).toBeLessThanOrEqual(200)
  })
  test('no line when everything fits; unbounded by default', () => {
    expect(renderTextTable(many, {width: 200, maxRows: 1234})).not.toContain('more row')
    const all = renderTextTable(many, {width: 200})
    expect(all.split('\n').filter((line) => line.startsWith('│'))).toHaveLength(1235)
    expect(all).toContain('123,456,789.00')
  })
})
