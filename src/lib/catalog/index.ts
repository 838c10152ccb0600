/** Catalog queries without another owner: what models, hardware, runs and results the database holds. */
export {listModels, type ModelItem} from './models.js'
export {listHardware, type HardwareItem} from './hardware.js'
export {listRuns, type RunItem} from './runs.js'
export {listPerformance, type PerformanceItem} from './performance.js'
export {healthReport, type HealthReport} from './health.js'
export {DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, normalizePage, parseSince, type Page, type PageOf, type ResultFilters} from './filters.js'
