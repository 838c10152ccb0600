import {describe, expect, test} from '@jest/globals'

import {CONTENT_SECURITY_POLICY, renderHtml, type ChartRenderer} from '../../src/lib/render/index.js'
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
    expect(rendered).toEqual(['bar'])
  })

  test('the XSS model name appears only escaped', () => {
    expect(html).not.toContain(XSS_MODEL)
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    const tags = parseTags(html)
    expect(tags.flatMap((t) => Object.keys(t.attributes)).filter((name) => name.startsWith('on'))).toEqual([])
    // The only <img> is our chart; the model name survives only as text or inside its alt.
    const images = tags.filter((t) => t.name === 'img')
    expect(images).toHaveLength(1)
    expect(images[0].attributes).toMatchObject({width: '400', height: '300', alt: 'Throughput of &lt;img src=x onerror=alert(1)&gt;'})
    expect(images[0].attributes.src).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/=]+$/)
    expect(textOnly(html)).not.toMatch(/[<>]/)
  })

  test('no script and no external URL anywhere', () => {
    const tags = parseTags(html)
    const names = new Set(tags.map((t) => t.name))
    for (const forbidden of ['script', 'link', 'iframe', 'object', 'embed', 'base', 'a', 'form']) expect(names).not.toContain(forbidden)
    expect(html).not.toMatch(/<script/i)
    const urls = tags.flatMap((t) => ['src', 'href', 'srcset', 'action', 'poster', 'data'].filter((a) => a in t.attributes).map((a) => t.attributes[a]))
    expect(urls.length).toBeGreaterThan(0)
    for (const url of urls) expect(url).toMatch(/^data:image\/png;base64,/)
    for (const url of urls) expect(url).not.toMatch(/^(https?:)?\/\//)
    const style = html.match(/<style>([\s\S]*?)<\/style>/)?.[1] ?? ''
    expect(style).not.toMatch(/@import|url\(|https?:|\/\//i)
  })

  test('strict CSP meta tag', () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY.replace(/'/g, '&#39;')}">`)
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'; img-src data:; style-src 'unsafe-inline'")
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
