import type {Api} from '../deps.js'
import {ASSETS, assetBody} from '../static-files.js'

/**
 * /dashboard, /docs and the scripts and styles they load. Pages are static files: data reaches
 * them only through fetch() of the JSON API, and the CSP (app.ts) forbids inline scripts.
 */
export function registerPages(app: Api): void {
  for (const url of Object.keys(ASSETS)) {
    app.get(url, (c) => {
      const asset = assetBody(url)!
      // Vendored libraries change only with the package version; pages may change with a reload.
      const cache = url.startsWith('/assets/') ? 'public, max-age=86400' : 'no-cache'
      return c.body(new Uint8Array(asset.body), 200, {'Content-Type': asset.type, 'Cache-Control': cache})
    })
  }
  app.get('/dashboard/', (c) => c.redirect('/dashboard', 301))
  app.get('/docs/', (c) => c.redirect('/docs', 301))
  app.get('/', (c) => c.redirect('/dashboard', 302))
}
