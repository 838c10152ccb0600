/**
 * Schema version 8: the performance rollup gains the run's machine in its key, so reports that
 * keep machines apart (a series is model x hardware x machine x precision x batch size ...) read
 * the rollup instead of scanning every row when the runs come from several machines.
 *
 * The rollup is derived data: its rows and coverage state are dropped here (they have no machine)
 * and the next refresh (db:convert, the API's write lane) rebuilds it; until then readers scan the
 * table, as with no rollup. Optional like version 3: a read-only open of an older file keeps using
 * its rollup wherever the runs name at most one machine.
 */
export const V8_ROLLUP_MACHINE: string[] = [
  `DELETE FROM perf_rollup_state`,
  `DELETE FROM perf_rollup`,
  `DELETE FROM perf_rollup_total`,
  `ALTER TABLE perf_rollup ADD COLUMN machine VARCHAR`,
  `ALTER TABLE perf_rollup_total ADD COLUMN machine VARCHAR`,
]
