import {inlineChartScripts} from '../../src/lib/render/interactive/index.js'

/**
 * An HTML report's markup without what benchdb itself inlines for interactive charts: the four
 * library/runtime scripts (exactly the ones its CSP allows by hash) and the charts' JSON specs
 * (data, never executed). What remains must hold no other script, link or network reference.
 * `scripts` counts the allowed inline scripts that were removed.
 */
export function withoutChartScripts(html: string): {markup: string; scripts: number; specs: unknown[]} {
  const allowed = new Set(inlineChartScripts().html.split('\n<script>').map((s, i) => (i === 0 ? s : `<script>${s}`)))
  let scripts = 0
  let markup = html
  for (const script of allowed) {
    if (markup.includes(script)) {
      markup = markup.replace(script, '')
      scripts++
    }
  }
  const specs: unknown[] = []
  markup = markup.replace(/<script type="application\/json">([\s\S]*?)<\/script>/g, (_m, json: string) => {
    specs.push(JSON.parse(json))
    return ''
  })
  return {markup, scripts, specs}
}

/** The CSP a report with interactive charts carries: the static policy plus one sha256 per inline script. */
export function chartScriptHashes(): string[] {
  return inlineChartScripts().hashes
}
