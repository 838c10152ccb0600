import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {ROOT} from './cli.js'

/**
 * The schema contract parsed from the copy of shared/spec/schema.md, so tests check the database
 * against the contract's own text rather than a list retyped here.
 */
export function contractTables(): Record<string, string[]> {
  const text = readFileSync(join(ROOT, 'test/fixtures/contract/schema.md'), 'utf8')
  const tables: Record<string, string[]> = {}
  // Bullets look like "- `table`: `col`, `col` (notes), `col`, ..." and may wrap onto indented lines.
  const tableSections = text.split('## Views')[0]
  const bullets = tableSections
    .split(/\n(?=- `)/)
    .filter((b) => b.startsWith('- `'))
    .map((b) => b.split(/\n\s*\n/)[0])
  for (const bullet of bullets) {
    const m = /^- `([a-z_]+)`:([\s\S]*)/.exec(bullet)
    if (!m) continue
    const [, table, rest] = m
    // Only backticked identifiers that stand as column names (not quoted values like 'pass').
    const cols = [...rest.matchAll(/`([a-z_0-9]+)`/g)].map((c) => c[1]).filter((c) => !/^(cpu|cuda|rocm|mps|openvino|qnn|webnn|webgpu|bert|models|[A-Z].*)$/.test(c))
    tables[table] = [...new Set(cols)]
  }
  return tables
}

export function contractViews(): string[] {
  const text = readFileSync(join(ROOT, 'test/fixtures/contract/schema.md'), 'utf8')
  const section = text.split('## Views')[1].split('##')[0]
  return [...section.matchAll(/`([a-z_]+)`/g)].map((m) => m[1])
}

/** The SQL of the predecessor README's "Python API Usage" section, unchanged. */
export function pythonApiQuery(): string {
  const text = readFileSync(join(ROOT, 'test/fixtures/contract/PREDECESSOR-README.md'), 'utf8')
  const m = /conn\.execute\("""([\s\S]*?)"""\)/.exec(text)
  if (!m) throw new Error('Python API query not found in the predecessor README')
  return m[1]
}
