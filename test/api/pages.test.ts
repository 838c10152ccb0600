import {afterAll, beforeAll, describe, expect, test} from '@jest/globals'
import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {dirname, join} from 'node:path'
import {getJson, startTestServer, type TestServer} from '../helpers/api-server.js'

const require = createRequire(import.meta.url)
let t: TestServer
beforeAll(async () => {
  t = await startTestServer()
})
afterAll(async () => {
  await t.close()
})

describe('GET /openapi.json', () => {
  test('documents every route, generated from the zod schemas', async () => {
    const {status, body} = await getJson(`${t.url}/openapi.json`)
    expect(status).toBe(200)
    expect(body.openapi).toBe('3.0.3')
    expect(Object.keys(body.paths).sort()).toEqual([
      '/api/changes', '/api/charts/{chart}', '/api/compare/hardware', '/api/compare/runs', '/api/compatibility', '/api/hardware', '/api/metrics', '/api/models', '/api/performance',
      '/api/query', '/api/reports/{type}', '/api/results', '/api/runs', '/api/runs/{id}', '/api/schemas/{name}', '/api/trend', '/health',
    ])
    const perf = body.paths['/api/performance'].get
    expect(perf.parameters.map((p: any) => p.name)).toEqual(
      expect.arrayContaining(['model', 'family', 'hardware', 'batch_size', 'precision', 'since', 'include_simulated', 'limit', 'offset']),
    )
    expect(perf.parameters.find((p: any) => p.name === 'limit').schema.maximum).toBe(1000)
    expect(body.paths['/api/results'].post.security).toEqual([{bearer: []}])
    expect(body.components.securitySchemes.bearer).toEqual({type: 'http', scheme: 'bearer'})
    expect(body.components.schemas.Error).toBeDefined()
  })
})

describe('GET /docs', () => {
  test('Swagger UI from the local swagger-ui-dist, no CDN, no inline script', async () => {
    const res = await fetch(`${t.url}/docs`)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('/assets/swagger-ui/swagger-ui-bundle.js')
    expect(html).not.toMatch(/https?:\/\//)
    expect(html).not.toMatch(/<script>(?!<\/script>)/)
    const bundle = await fetch(`${t.url}/assets/swagger-ui/swagger-ui-bundle.js`)
    expect(bundle.headers.get('content-type')).toMatch(/^text\/javascript/)
    const local = readFileSync(require.resolve('swagger-ui-dist/swagger-ui-bundle.js'))
    expect(Buffer.from(await bundle.arrayBuffer()).equals(local)).toBe(true)
  })
})

describe('GET /dashboard', () => {
  test('static page with external scripts only, Chart.js served from node_modules', async () => {
    const res = await fetch(`${t.url}/dashboard`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    const html = await res.text()
    expect(html).not.toMatch(/https?:\/\//)
    expect(html).toContain('<script src="/assets/chart.umd.min.js" defer></script>')
    const chart = await fetch(`${t.url}/assets/chart.umd.min.js`)
    const local = readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'))
    expect(Buffer.from(await chart.arrayBuffer()).equals(local)).toBe(true)
    for (const asset of ['/dashboard/dashboard.js', '/dashboard/dom.js', '/dashboard/dashboard.css']) {
      expect((await fetch(`${t.url}${asset}`)).status).toBe(200)
    }
  })

  test('the dashboard scripts never write HTML from data', async () => {
    for (const asset of ['/dashboard/dashboard.js', '/dashboard/dom.js']) {
      const js = await (await fetch(`${t.url}${asset}`)).text()
      expect(js).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/)
    }
  })

  test('paths outside the asset list are 404, including traversal', async () => {
    expect((await fetch(`${t.url}/dashboard/../package.json`)).status).toBe(404)
    expect((await fetch(`${t.url}/assets/swagger-ui/package.json`)).status).toBe(404)
    expect((await fetch(`${t.url}/dashboard/%2e%2e/%2e%2e/package.json`)).status).toBe(404)
  })
})
