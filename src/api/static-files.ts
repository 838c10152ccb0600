import {existsSync, readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

/**
 * The files the browser pages need, all from this package or node_modules: nothing from a CDN,
 * so /docs and /dashboard work offline. Each URL maps to one fixed file (no path from the request
 * ever reaches the file system) and files are read once, on first use.
 */
const require = createRequire(import.meta.url)
const pkgDir = (name: string) => dirname(require.resolve(`${name}/package.json`))

// src/api/<this file> in tests and dist/api/<this file> when built: both are two levels below the
// package root, and the page sources ship under src/api (package.json "files").
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const PAGES = join(PACKAGE_ROOT, 'src', 'api')

interface Asset {
  file: () => string
  type: string
}

const JS = 'text/javascript; charset=utf-8'
const CSS = 'text/css; charset=utf-8'
const HTML = 'text/html; charset=utf-8'

export const ASSETS: Record<string, Asset> = {
  '/dashboard': {file: () => join(PAGES, 'dashboard', 'index.html'), type: HTML},
  '/dashboard/dashboard.js': {file: () => join(PAGES, 'dashboard', 'dashboard.js'), type: JS},
  '/dashboard/dom.js': {file: () => join(PAGES, 'dashboard', 'dom.js'), type: JS},
  '/dashboard/url-state.js': {file: () => join(PAGES, 'dashboard', 'url-state.js'), type: JS},
  '/dashboard/run-page.js': {file: () => join(PAGES, 'dashboard', 'run-page.js'), type: JS},
  '/dashboard/dashboard.css': {file: () => join(PAGES, 'dashboard', 'dashboard.css'), type: CSS},
  '/dashboard/alerts': {file: () => join(PAGES, 'dashboard', 'alerts.html'), type: HTML},
  '/dashboard/alerts.js': {file: () => join(PAGES, 'dashboard', 'alerts.js'), type: JS},
  '/docs': {file: () => join(PAGES, 'docs-page', 'index.html'), type: HTML},
  '/assets/docs-init.js': {file: () => join(PAGES, 'docs-page', 'docs-init.js'), type: JS},
  // chart.js exports no ./package.json; its main entry sits in dist/ beside the UMD build.
  '/assets/chart.umd.min.js': {file: () => join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), type: JS},
  '/assets/swagger-ui/swagger-ui-bundle.js': {file: () => swaggerFile('swagger-ui-bundle.js'), type: JS},
  '/assets/swagger-ui/swagger-ui.css': {file: () => swaggerFile('swagger-ui.css'), type: CSS},
  '/favicon.ico': {file: () => swaggerFile('favicon-32x32.png'), type: 'image/png'},
}

/**
 * Swagger UI's files as the build vendored them into dist/vendor (the published package has no
 * swagger-ui-dist: see scripts/vendor-assets.mjs), else from the dev dependency (tests from source).
 */
function swaggerFile(name: string): string {
  const vendored = join(PACKAGE_ROOT, 'dist', 'vendor', 'swagger-ui', name)
  return existsSync(vendored) ? vendored : join(pkgDir('swagger-ui-dist'), name)
}

const loaded = new Map<string, Buffer>()

export function assetBody(url: string): {body: Buffer; type: string} | undefined {
  const asset = ASSETS[url]
  if (!asset) return undefined
  let body = loaded.get(url)
  if (!body) {
    body = readFileSync(asset.file())
    loaded.set(url, body)
  }
  return {body, type: asset.type}
}
