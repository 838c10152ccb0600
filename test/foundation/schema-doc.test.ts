import {afterAll, expect, test} from '@jest/globals'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {ROOT, tempDir} from '../helpers/cli.js'
import {openBenchDb} from '../../src/index.js'

const tmp = tempDir()
afterAll(() => tmp.cleanup())

/** Sections of docs/schema.md by the table or view names in their `### ` heading (`### a, b` covers both). */
function documentedSections(): Map<string, string> {
  const text = readFileSync(join(ROOT, 'docs', 'schema.md'), 'utf8')
  const sections = new Map<string, string>()
  for (const part of text.split(/^### /m).slice(1)) {
    const [heading, ...body] = part.split('\n')
    const section = body.join('\n').split(/^## /m)[0]
    for (const name of heading.replace(/\*\(benchdb\)\*/, '').split(',')) sections.set(name.trim(), section)
  }
  return sections
}

test('docs/schema.md documents every table, view and column of a new database', async () => {
  const bench = await openBenchDb(join(tmp.dir, 'x.duckdb'))
  try {
    const columns = await bench.db.all<{table_name: string; column_name: string}>(
      `SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main' ORDER BY table_name, column_index`,
    )
    const sections = documentedSections()
    const missing = columns
      .filter((c) => !sections.get(c.table_name)?.includes(`\`${c.column_name}\``))
      .map((c) => `${c.table_name}.${c.column_name}`)
    expect(new Set(columns.map((c) => c.table_name)).size).toBeGreaterThan(20)
    expect(missing).toEqual([])
  } finally {
    bench.close()
  }
})
