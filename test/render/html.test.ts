import {describe, expect, test} from '@jest/globals'

import {createHash} from 'node:crypto'
import {CONTENT_SECURITY_POLICY, renderHtml, type ChartRenderer} from '../../src/lib/render/index.js'
import {reportContentSecurityPolicy} from '../../src/lib/render/html.js'
import {withoutChartScripts} from '../helpers/html.js'
import {renderChartPng} from '../../src/lib/render/charts/index.js'
import {XSS_MODEL, sampleDocument} from './fixtures.js'

interface Tag {
  name: string
  attributes: Record<string, string>
}

/** A small HTML tokenizer: tags with quote-aware attributes, so escaped text inside attribute values is not mistaken for markup. */
function parseTags(html: string): Tag[] {
  const tag = /<([a-zA-Z][\w-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/g
  const attribute = /([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g
  return [...html.matchAll(tag)].map((m) => ({
    name: m[1].toLowerCase(),
    attributes: Object.fromEntries([...m[2].matchAll(attribute)].map((a) => [a[1].toLowerCase(), (a[2] ?? '').replace(/^["']|["']$/g, '')])),
  }))
}

/** The document with tags removed: what a browser would show as text (before entity decoding). */
const textOnly = (html: string) => html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]*("[^"]*"[^>]*)*>/g, '')

describe('renderHtml', () => {
  let html = ''
  const rendered: string[] = []
  const recordingRenderer: ChartRenderer = async (spec, size) => {
    rendered.push(spec.kind)
    return renderChartPng(spec, size)
  }

  test('renders a complete document', async () => {
    html = await renderHtml(sampleDocument, {renderChart: recordingRenderer})
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(html.trimEnd().endsWith('</html>')).toBe(true)
    // The bar chart is drawn by the browser (interactive): no PNG is rendered for it.
    expect(rendered).toEqual([])
  })

  test('the XSS model name appears only escaped', () => {
    expect(html).not.toContain(XSS_MODEL)
    const {markup, specs} = withoutChartScripts(html)
    expect(markup).toContain('&lt;img src=x onerror=alert(1)&gt;')
    const tags = parseTags(markup)
    expect(tags.flatMap((t) => Object.keys(t.attributes)).filter((name) => name.startsWith('on'))).toEqual([])
    // No <img> at all; the chart is a canvas whose accessible name holds the model name escaped.
    expect(tags.filter((t) => t.name === 'img')).toEqual([])
    const canvases = tags.filter((t) => t.name === 'canvas')
    expect(canvases).toHaveLength(1)
    expect(canvases[0].attributes).toMatchObject({role: 'img', 'aria-label': 'Throughput of &lt;img src=x onerror=alert(1)&gt;'})
    // In the chart's JSON spec the name is data, with every "<" escaped so it cannot end the element.
    expect(JSON.stringify(specs)).toContain(XSS_MODEL)
    expect(html.match(/<script type="application\/json">[\s\S]*?<\/script>/)![0]).toContain('\\u003cimg src=x onerror=alert(1)>')
    expect(textOnly(markup)).not.toMatch(/[<>]/)
  })

  test('no script but our four inline chart scripts, and no external URL anywhere', () => {
    const {markup, scripts} = withoutChartScripts(html)
    expect(scripts).toBe(4)
    const tags = parseTags(markup)
    const names = new Set(tags.map((t) => t.name))
    for (const forbidden of ['script', 'link', 'iframe', 'object', 'embed', 'base', 'a', 'form']) expect(names).not.toContain(forbidden)
    expect(markup).not.toMatch(/<script/i)
    const urls = tags.flatMap((t) => ['src', 'href', 'srcset', 'action', 'poster', 'data'].filter((a) => a in t.attributes).map((a) => t.attributes[a]))
    expect(urls).toEqual([])
    const style = html.match(/<style>([\s\S]*?)<\/style>/)?.[1] ?? ''
    expect(style).not.toMatch(/@import|url\(|https?:|\/\//i)
  })

  test('strict CSP meta tag: exactly the page\'s own inline scripts, by their sha256', () => {
    const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/)![1].replace(/&#39;/g, "'")
    expect(meta).toBe(reportContentSecurityPolicy())
    expect(meta).toContain("default-src 'none'; script-src ")
    expect(meta).toContain("img-src data:; style-src 'unsafe-inline'")
    // Hash every executable inline script of the page independently and compare with the policy.
    const bodies = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1])
    expect(bodies).toHaveLength(4)
    const hashes = bodies.map((b) => `'sha256-${createHash('sha256').update(b, 'utf8').digest('base64')}'`)
    expect(meta.match(/script-src ([^;]*);/)![1].split(' ')).toEqual(hashes)
  })

  test('a document without interactive charts keeps the script-free policy', async () => {
    const plain = await renderHtml({...sampleDocument, sections: [{heading: 'Only text', blocks: [{kind: 'paragraph' as const, text: 'hi'}]}]})
    expect(plain).toContain(`<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY.replace(/'/g, '&#39;')}">`)
    expect(plain).not.toMatch(/<script/i)
  })

  test('print styles are inline', () => {
    expect(html).toMatch(/<style>[\s\S]*@media print[\s\S]*<\/style>/)
  })

  test('provenance footer lists every field', () => {
    const footer = html.slice(html.indexOf('<footer class="provenance">'), html.indexOf('</footer>'))
    const pairs = Object.fromEntries([...footer.matchAll(/<dt>([^<]*)<\/dt><dd>([^<]*)<\/dd>/g)].map((m) => [m[1], m[2]]))
    expect(pairs).toEqual({
      'benchdb version': '0.1.0',
      Database: '/data/bench&lt;1&gt;.duckdb',
      'Schema version': '7',
      Filters: 'hardware=cpu,cuda; model=&lt;img src=x onerror=alert(1)&gt;',
      'Generated at': '2025-03-04T05:06:07Z',
      'Rows used': '4,321',
      'Simulated rows included': 'no',
      'Simulated rows excluded': '17',
    })
  })

  test('charts are not loaded for documents without charts', async () => {
    const noCharts = {...sampleDocument, sections: [{heading: 'Only text', blocks: [{kind: 'paragraph' as const, text: 'hi'}]}]}
    const failing: ChartRenderer = async () => {
      throw new Error('should not render')
    }
    await expect(renderHtml(noCharts, {renderChart: failing})).resolves.toContain('<p>hi</p>')
  })
})
