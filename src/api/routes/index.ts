import type {Api, ApiDeps} from '../deps.js'
import {registerChanges} from './changes.js'
import {registerCharts} from './charts.js'
import {registerCompareHardware} from './compare-hardware.js'
import {registerCompareRuns} from './compare-runs.js'
import {registerCompatibility} from './compatibility.js'
import {registerHardware} from './hardware.js'
import {registerHealth} from './health.js'
import {registerLocal} from './local.js'
import {registerMetrics} from './metrics.js'
import {registerModels} from './models.js'
import {registerPages} from './pages.js'
import {registerPerformance} from './performance.js'
import {registerQuery} from './query.js'
import {registerReports} from './reports.js'
import {registerResults} from './results.js'
import {registerRuns} from './runs.js'
import {registerRunDetail} from './run-detail.js'
import {registerSchemas} from './schemas.js'
import {registerTrend} from './trend.js'

/** Every route of the API, one module each. Returns what must be released on shutdown. */
export function registerRoutes(app: Api, deps: ApiDeps): {close(): void} {
  registerHealth(app, deps)
  registerModels(app, deps)
  registerHardware(app, deps)
  registerMetrics(app)
  registerRuns(app, deps)
  registerRunDetail(app, deps)
  registerPerformance(app, deps)
  registerCompatibility(app, deps)
  registerCompareHardware(app, deps)
  registerCompareRuns(app, deps)
  registerChanges(app, deps)
  registerTrend(app, deps)
  registerReports(app, deps)
  registerCharts(app, deps)
  registerResults(app, deps)
  registerSchemas(app)
  registerLocal(app, deps)
  const sql = registerQuery(app, deps)
  registerPages(app)
  return {close: () => sql?.close()}
}
