import {describe, expect, test} from '@jest/globals'

import {escapeMarkdown, neutraliseFormula, renderCsv, renderMarkdownDocument, renderMarkdownTable} from '../../src/lib/render/index.js'
import {latencyTable, sampleDocument} from './fixtures.js'

describe('renderMarkdownTable', () => {
  test('exact GFM output with escaped cells and aligned numbers', () => {
    expect(renderMarkdownTable(latencyTable)).toBe(
      [
        '**Latency by model**',
        '',
        '| Model | Latency (ms) | Runs | Share |',
        '| --- | ---: | ---: | ---: |',
        '| &lt;img src=x onerror=alert(1)&gt; | 12.35 | 12,345 | 12.5% |',
        '| =HYPERLINK("http://evil") | -1.50 | 3 | – |',
        '| a "quoted", multi line\\|pipe\\\\slash | – | – | – |',
        '',
        '_1 simulated row excluded_',
      ].join('\n'),
    )
  })

  test('link and emphasis syntax is escaped', () => {
    expect(escapeMarkdown('[x](javascript:alert(1)) *b* `c`')).toBe('\\[x\\](javascript:alert(1)) \\*b\\* \\`c\\`')
  })
})

describe('renderMarkdownDocument', () => {
  const markdown = renderMarkdownDocument(sampleDocument)

  test('a heading per section, charts as data tables, provenance listed', () => {
    expect(markdown.startsWith('# Report for &lt;img src=x onerror=alert(1)&gt;\n')).toBe(true)
    expect(markdown).toContain('\n## Latency\n')
    expect(markdown).toContain('| Hardware | Batch size 1 (items/s) | Batch size 8 (items/s) |')
    expect(markdown).toContain('| cuda | 200.00 | – |')
    expect(markdown).toContain('- **Rows used:** 4,321')
    expect(markdown).toContain('- **Simulated rows excluded:** 17')
  })

  test('no raw HTML tag survives', () => {
    expect(markdown).not.toMatch(/<[a-z]/i)
  })
})

describe('renderCsv', () => {
  test('exact RFC 4180 output: CRLF, quoting, formula neutralised, negative numbers kept', () => {
    expect(renderCsv(latencyTable)).toBe(
      'Model,Latency (ms),Runs,Share\r\n' +
        '<img src=x onerror=alert(1)>,12.3456,12345,0.125\r\n' +
        `"'=HYPERLINK(""http://evil"")",-1.5,3,\r\n` +
        '"a ""quoted"", multi\nline|pipe\\slash",,,\r\n',
    )
  })

  test('every formula trigger is neutralised, only in strings', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(neutraliseFormula(`${start}1`)).toBe(`'${start}1`)
    const csv = renderCsv({columns: [{key: 'v', title: 'v'}], rows: [{v: -3}, {v: '-3'}, {v: '\rcmd'}]}, {header: false})
    expect(csv).toBe(`-3\r\n'-3\r\n"'\rcmd"\r\n`)
  })
})
