import type {Api, ApiDeps} from '../deps.js'
import {registerHardware} from './hardware.js'
import {registerHealth} from './health.js'
import {registerModels} from './models.js'
import {registerPages} from './pages.js'
import {registerPerformance} from './performance.js'
import {registerRuns} from './runs.js'

/** Every route of the API, one module each. */
export function registerRoutes(app: Api, deps: ApiDeps): void {
  registerHealth(app, deps)
  registerModels(app, deps)
  registerHardware(app, deps)
  registerRuns(app, deps)
  registerPerformance(app, deps)
  registerPages(app)
}
