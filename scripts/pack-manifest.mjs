// `npm pack`/`npm publish` hooks (the pattern of the `pinst` package): the published package.json
// must not carry our `prepare` script. In a clone, `prepare` builds dist/ on `npm ci`; in an
// installed tarball dist/ is already built, and npm would warn about (and, with scripts allowed,
// run) a build that cannot work without our devDependencies.
//   node scripts/pack-manifest.mjs strip [package.json]   (prepack: moves scripts.prepare aside)
//   node scripts/pack-manifest.mjs restore  (postpack: puts it back)
import {readFileSync, writeFileSync} from 'node:fs'

const file = process.argv[3] ?? new URL('../package.json', import.meta.url)
const text = readFileSync(file, 'utf8')
const pkg = JSON.parse(text)
const mode = process.argv[2]
if (mode === 'strip' && pkg.scripts.prepare) {
  pkg.scripts['//prepare'] = pkg.scripts.prepare
  delete pkg.scripts.prepare
} else if (mode === 'restore' && pkg.scripts['//prepare']) {
  pkg.scripts.prepare = pkg.scripts['//prepare']
  delete pkg.scripts['//prepare']
} else {
  process.exit(0)
}
writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n')
