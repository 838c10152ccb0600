import {Database} from '../db/connection.js'
import {fileSize, rebuildDatabase} from './vacuum.js'

export interface OptimizeResult {
  database: string
  dryRun: boolean
  steps: Array<{step: string; ms: number}>
  sizeBefore: number
  sizeAfter: number
  /** Share of the file's blocks that were free before; a rebuild happens above REBUILD_FREE_SHARE. */
  freeShare: number
  rebuilt: boolean
}

/** Rewriting the file pays off once this share of its blocks is free (deleted or superseded data). */
export const REBUILD_FREE_SHARE = 0.2

/**
 * `--optimize-db` with DuckDB's own means: CHECKPOINT (fold the WAL into the file), ANALYZE
 * (refresh the optimizer's statistics), and a rebuild when enough of the file is free blocks.
 * DuckDB keeps no user-managed indexes to rebuild beyond the primary keys, which the rebuild
 * recreates.
 */
export async function optimizeDatabase(dbPath: string, options: {dryRun?: boolean} = {}): Promise<OptimizeResult> {
  const sizeBefore = fileSize(dbPath) + fileSize(`${dbPath}.wal`)
  const steps: OptimizeResult['steps'] = []
  const db = await Database.open(dbPath, {readOnly: Boolean(options.dryRun), mustExist: true})
  let freeShare = 0
  try {
    const timed = async (step: string, sql: string) => {
      const t = performance.now()
      if (!options.dryRun) await db.run(sql)
      steps.push({step, ms: Math.round(performance.now() - t)})
    }
    await timed('CHECKPOINT', 'CHECKPOINT')
    await timed('ANALYZE', 'ANALYZE')
    const size = await db.one<{total: number; free: number}>(
      'SELECT total_blocks::BIGINT AS total, free_blocks::BIGINT AS free FROM pragma_database_size() WHERE database_name = current_database()',
    )
    freeShare = size && size.total > 0 ? size.free / size.total : 0
  } finally {
    db.close()
  }
  let rebuilt = false
  if (freeShare > REBUILD_FREE_SHARE) {
    const t = performance.now()
    if (!options.dryRun) await rebuildDatabase(dbPath)
    steps.push({step: `rebuild (${Math.round(freeShare * 100)}% of blocks free)`, ms: Math.round(performance.now() - t)})
    rebuilt = !options.dryRun
  }
  const sizeAfter = fileSize(dbPath) + fileSize(`${dbPath}.wal`)
  return {database: dbPath, dryRun: Boolean(options.dryRun), steps, sizeBefore, sizeAfter, freeShare, rebuilt}
}
