import {describe, expect, test} from '@jest/globals'
import {execFileSync} from 'node:child_process'
import {copyFileSync, existsSync, readFileSync} from 'node:fs'
import {join, normalize, relative} from 'node:path'
import {ROOT, tempDir} from './helpers/cli.js'

/**
 * What a user who installs the packed tarball gets: no install scripts (ours or a dependency's: no
 * telemetry postinstall), no scratch files, and documentation whose links point at files that ship.
 */
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall', 'prepare']

/** Whether a repository path is in the package: listed under package.json `files`, or always included by npm. */
function ships(path: string): boolean {
  const rel = relative(ROOT, path).split('\\').join('/')
  if (['README.md', 'package.json', 'LICENSE'].includes(rel)) return true
  return (pkg.files as string[]).some((f) => rel === f.replace(/^\//, '') || rel.startsWith(f.replace(/^\//, '') + '/'))
}

describe('packaging', () => {
  test('the packed manifest carries no install script, and the repository one gets its prepare back', () => {
    const {dir, cleanup} = tempDir()
    try {
      const copy = join(dir, 'package.json')
      copyFileSync(join(ROOT, 'package.json'), copy)
      const before = readFileSync(copy, 'utf8')
      execFileSync(process.execPath, [join(ROOT, 'scripts', 'pack-manifest.mjs'), 'strip', copy])
      const packed = JSON.parse(readFileSync(copy, 'utf8'))
      expect(Object.keys(packed.scripts).filter((s) => INSTALL_SCRIPTS.includes(s))).toEqual([])
      execFileSync(process.execPath, [join(ROOT, 'scripts', 'pack-manifest.mjs'), 'restore', copy])
      expect(readFileSync(copy, 'utf8')).toBe(before)
      expect(pkg.scripts.prepack).toContain('pack-manifest.mjs strip')
      expect(pkg.scripts.postpack).toContain('pack-manifest.mjs restore')
    } finally {
      cleanup()
    }
  })

  test('no production dependency, direct or transitive, runs an install script', () => {
    const seen = new Set<string>()
    const offenders: string[] = []
    const visit = (name: string, from: string) => {
      // Node's resolution from the requiring package's directory, as npm lays them out.
      let dir = from
      let found: string | undefined
      while (!found) {
        const candidate = join(dir, 'node_modules', name)
        if (existsSync(join(candidate, 'package.json'))) found = candidate
        else if (normalize(dir) === normalize(ROOT)) break
        else dir = join(dir, '..')
      }
      if (!found || seen.has(found)) return
      seen.add(found)
      const manifest = JSON.parse(readFileSync(join(found, 'package.json'), 'utf8'))
      const scripts = Object.keys(manifest.scripts ?? {}).filter((s) => ['preinstall', 'install', 'postinstall'].includes(s))
      if (scripts.length) offenders.push(`${name}: ${scripts.join(', ')}`)
      for (const dep of Object.keys({...manifest.dependencies, ...manifest.optionalDependencies})) visit(dep, found)
    }
    for (const dep of Object.keys(pkg.dependencies)) visit(dep, ROOT)
    expect(seen.size).toBeGreaterThan(Object.keys(pkg.dependencies).length)
    expect(offenders).toEqual([])
    expect(Object.keys(pkg.dependencies)).not.toContain('swagger-ui-dist')
  })

  test('Swagger UI ships inside dist (vendored at build), with its licence', () => {
    for (const f of ['swagger-ui-bundle.js', 'swagger-ui.css', 'LICENSE']) expect(existsSync(join(ROOT, 'dist', 'vendor', 'swagger-ui', f))).toBe(true)
    expect(ships(join(ROOT, 'dist', 'vendor', 'swagger-ui', 'swagger-ui-bundle.js'))).toBe(true)
  })

  test('every relative link in the README and docs/ points at a file that exists and ships', () => {
    const docs = ['README.md', ...execFileSync('git', ['ls-files', 'docs'], {cwd: ROOT, encoding: 'utf8'}).split('\n').filter((f) => f.endsWith('.md'))]
    const broken: string[] = []
    let links = 0
    for (const doc of docs) {
      const text = readFileSync(join(ROOT, doc), 'utf8')
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:|^#/.test(target)) continue
        links++
        const path = join(ROOT, doc, '..', target.split('#')[0])
        if (!existsSync(path) || !ships(path)) broken.push(`${doc} -> ${target}`)
      }
    }
    expect(links).toBeGreaterThan(5)
    expect(broken).toEqual([])
  })

  test('no tracked file is a scratch script or imports from an absolute path on someone\'s machine', () => {
    const files = execFileSync('git', ['ls-files'], {cwd: ROOT, encoding: 'utf8'}).split('\n').filter(Boolean)
    expect(files.filter((f) => /(^|\/)\.?scratch/i.test(f))).toEqual([])
    const code = files.filter((f) => /\.(ts|js|mjs|cjs)$/.test(f) && !f.startsWith('test/fixtures/'))
    const absolute = code.filter((f) => /from\s+['"]\/(work|home|Users|tmp)\//.test(readFileSync(join(ROOT, f), 'utf8')))
    expect(absolute).toEqual([])
  })
})
