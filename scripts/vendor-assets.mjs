// Copies the browser assets benchdb serves from third-party packages into dist/vendor at build
// time, so the published package carries them and needs none of those packages at run time.
// swagger-ui-dist is a devDependency for this reason: as a dependency it pulls in @scarf/scarf,
// whose postinstall sends install telemetry from users' machines.
import {copyFileSync, mkdirSync} from 'node:fs'
import {createRequire} from 'node:module'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const require = createRequire(import.meta.url)
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const swagger = dirname(require.resolve('swagger-ui-dist/package.json'))
const out = join(root, 'dist', 'vendor', 'swagger-ui')
mkdirSync(out, {recursive: true})
for (const f of ['swagger-ui-bundle.js', 'swagger-ui.css', 'favicon-32x32.png', 'LICENSE', 'NOTICE']) {
  copyFileSync(join(swagger, f), join(out, f))
}
