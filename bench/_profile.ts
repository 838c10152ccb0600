import {DuckDBInstance} from '@duckdb/node-api'
const inst = await DuckDBInstance.create('/tmp/syn.duckdb', {access_mode: 'READ_ONLY'})
const con = await inst.connect()
const t = async (label: string, sql: string) => {
  await con.runAndReadAll(sql)
  const s = performance.now()
  for (let i = 0; i < 5; i++) await con.runAndReadAll(sql)
  console.log(label.padEnd(40), ((performance.now() - s) / 5).toFixed(1), 'ms')
}
await t('group ids', 'SELECT model_id, hardware_id, batch_size, precision, count(*), avg(throughput_items_per_second), avg(average_latency_ms) FROM performance_results GROUP BY ALL')
await t('join runs max time', 'SELECT pr.model_id, pr.hardware_id, pr.batch_size, pr.precision, count(*), max(coalesce(tr.started_at, tr.completed_at, pr.created_at)) FROM performance_results pr LEFT JOIN test_runs tr ON tr.run_id = pr.run_id GROUP BY ALL')
await t('list lookup', `WITH rt AS (SELECT list(coalesce(tr.started_at, tr.completed_at) ORDER BY i) AS l FROM range(1, (SELECT max(run_id) + 1 FROM test_runs)) r(i) LEFT JOIN test_runs tr ON tr.run_id = r.i)
 SELECT pr.model_id, pr.hardware_id, pr.batch_size, pr.precision, count(*), max(coalesce(rt.l[pr.run_id], pr.created_at)) FROM performance_results pr, rt GROUP BY ALL`)
await t('max run_id then', 'SELECT model_id, hardware_id, batch_size, precision, count(*), max(run_id), max(created_at) FROM performance_results GROUP BY ALL')
await t('mh sim group', 'SELECT model_id, hardware_id, is_simulated, count(*), max(run_id) FROM performance_results GROUP BY ALL')
await t('mh sim run distinct', 'SELECT model_id, hardware_id, is_simulated, count(*), list(DISTINCT run_id) FROM performance_results GROUP BY ALL')
await t('filter FILTER', 'SELECT model_id, hardware_id, batch_size, precision, count(*) FILTER (WHERE NOT is_simulated), avg(throughput_items_per_second) FILTER (WHERE NOT is_simulated), count(*) FILTER (WHERE is_simulated) FROM performance_results GROUP BY ALL')
await t('settings threads', "SELECT current_setting('threads')")
