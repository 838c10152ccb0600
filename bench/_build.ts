process.env.BENCH_QUERY_KEEP = '1'
const {buildDatabase} = await import('/work/wt/query/bench/query.ts')
await buildDatabase('/tmp/syn.duckdb')
