import {readFileSync} from 'node:fs'

/** benchdb's own version, read once from package.json (dist/lib/ and src/lib/ are both two levels down). */
export const BENCHDB_VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {version: string}
    return pkg.version
  } catch {
    return '0.0.0'
  }
})()
