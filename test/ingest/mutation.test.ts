import {readdirSync, statSync} from 'node:fs'
import {join, relative} from 'node:path'

import {afterAll, describe, expect, test} from '@jest/globals'

import {classifyDocument} from '../../src/lib/ingest/classify.js'
import {FIXTURES, MTIME, load} from './helpers.js'
import {dropKey, incidentalKeys, mapObjects, measurementLeaves, measurementRows, replaceLeaf, unitKeys} from './mutations.js'

/**
 * Tolerance of every adapter, in process (classifyDocument: detect, validate, map), over every
 * real file and every variant. The rule for what a mutation may drop is in mutations.ts: keys
 * whose subtree carries no measurement and no model/hardware identity. Each such key dropped on
 * its own must leave the document recognised by the same adapter, accepted, and mapped to the
 * same measurement rows. The other mutations (an unknown key in every record, every object's
 * keys reversed, every measurement as a numeric string, integers as floats and floats as
 * integers, null for one measurement) must not lose the file or a row either.
 */
function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.json') ? [relative(FIXTURES, p)] : []
  })
}

/** Every real file and every variant, benchmark-tool layouts (#17) included: none is exempt. */
const FILES = [...walk(join(FIXTURES, 'real')), ...walk(join(FIXTURES, 'variants'))].sort()
/**
 * Layouts whose tool fixes its units (optimum-benchmark: latency s, memory MB, energy kWh,
 * throughput per phase): a unit key there is droppable, and the reader must default it. Elsewhere
 * a unit is part of its measurement (mutations.ts UNIT_KEY).
 */
const UNITS_FIXED_BY_TOOL = new Set(['optimum_benchmark'])
/**
 * Where null is the tool's own verdict, not a missing optional value: asv writes
 * `results: {<benchmark>: null}` for a benchmark that failed or was skipped (the value is the
 * whole entry). The adapter records it as "no result" (unmapped) and writes no row for it.
 */
const nullIsVerdict = (file: string, pointer: string) => file.split('/')[1] === 'asv' && /^\/results\/[^/]+$/.test(pointer)
const tried: Record<string, number> = {}
const count = (kind: string, n = 1) => (tried[kind] = (tried[kind] ?? 0) + n)

function classify(doc: unknown, file: string) {
  return classifyDocument(doc, {path: file, mtime: MTIME})
}

/** The baseline: adapter name and measurement rows of the unmutated document. */
function baseline(file: string) {
  const doc = load(file)
  const c = classify(structuredClone(doc), file)
  if (c.kind !== 'mapped') throw new Error(`${file} is not mapped: ${JSON.stringify(c)}`)
  return {doc, adapter: c.adapter.name, rows: measurementRows(c.doc)}
}

/** What a mutated document became: `<adapter>` or `<kind>: <reason>`, and its rows. */
function outcome(doc: unknown, file: string): {as: string; rows: Record<string, string[]> | null} {
  const c = classify(doc, file)
  if (c.kind === 'mapped') return {as: c.adapter.name, rows: measurementRows(c.doc)}
  return {as: `${c.kind}: ${'reason' in c ? c.reason : ''}`, rows: null}
}

const rowCounts = (rows: Record<string, string[]> | null) => rows && Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, v.length]))

afterAll(() => {
  const total = Object.values(tried).reduce((a, b) => a + b, 0)
  // The count the issue asks to see; stderr so it shows beside jest's summary.
  process.stderr.write(
    `mutation test: ${total} mutations over ${FILES.length} files (${Object.entries(tried).map(([k, n]) => `${k} ${n}`).join(', ')})\n`,
  )
})

describe('mutation: dropping an incidental key loses nothing', () => {
  test('the corpus is the real files and the variants', () => {
    expect(FILES.filter((f) => f.startsWith('real/'))).toHaveLength(38)
    expect(FILES.length).toBeGreaterThan(60)
  })

  test.each(FILES.map((f) => [f]))('%s', (file) => {
    const base = baseline(file)
    const losses: string[] = []
    const keys = incidentalKeys(base.doc)
    for (const pointer of keys) {
      const got = outcome(dropKey(base.doc, pointer), file)
      if (got.as !== base.adapter) losses.push(`${pointer}: ${got.as}`)
      else if (JSON.stringify(got.rows) !== JSON.stringify(base.rows)) losses.push(`${pointer}: rows changed ${JSON.stringify(rowCounts(got.rows))} vs ${JSON.stringify(rowCounts(base.rows))}`)
    }
    count('drop', keys.length)
    expect(losses).toEqual([])
  })

  test.each(FILES.filter((f) => UNITS_FIXED_BY_TOOL.has(f.split('/')[1])).map((f) => [f]))('%s without each unit its tool fixes', (file) => {
    const base = baseline(file)
    const units = unitKeys(base.doc)
    expect(units.length).toBeGreaterThan(0)
    const losses = units.flatMap((pointer) => {
      const got = outcome(dropKey(base.doc, pointer), file)
      return got.as === base.adapter && JSON.stringify(got.rows) === JSON.stringify(base.rows) ? [] : [`${pointer}: ${got.as}`]
    })
    count('drop unit', units.length)
    expect(losses).toEqual([])
  })
})

describe('mutation: extra keys, reordered keys, strings, floats and nulls', () => {
  test.each(FILES.map((f) => [f]))('%s', (file) => {
    const base = baseline(file)
    const problems: string[] = []
    const expectSame = (what: string, doc: unknown, sameRows = true) => {
      const got = outcome(doc, file)
      if (got.as !== base.adapter) problems.push(`${what}: ${got.as}`)
      else if (sameRows ? JSON.stringify(got.rows) !== JSON.stringify(base.rows) : JSON.stringify(rowCounts(got.rows)) !== JSON.stringify(rowCounts(base.rows))) {
        problems.push(`${what}: rows changed`)
      }
    }
    // An unknown key at the root (an object: a metadata block a newer runner adds) and in every
    // record of every list (a string: an unknown column).
    const withExtra = (v: unknown, record: boolean): unknown =>
      Array.isArray(v) ? v.map((x) => withExtra(x, true)) : v && typeof v === 'object' ? {...Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withExtra(x, false)])), ...(record ? {x_unknown_field: 'added by a newer runner'} : {})} : v
    const extra = withExtra(base.doc, false)
    expectSame('extra keys', Array.isArray(extra) ? extra : {...(extra as object), x_runner_info: {version: '2.0', note: 'added by a newer runner'}})
    expectSame('reversed keys', mapObjects(base.doc, (o) => Object.fromEntries(Object.entries(o).reverse())))
    count('extra+reorder', 2)

    const leaves = measurementLeaves(base.doc)
    let asStrings = base.doc
    for (const p of leaves) asStrings = replaceLeaf(asStrings, p, (v) => String(v))
    if (leaves.length > 0) {
      expectSame('every measurement as a numeric string', asStrings)
      count('string numbers')
    }
    for (const p of leaves) {
      const last = p.split('/').at(-1)!
      const inArray = /^\d+$/.test(last)
      // Counts (batch sizes, iterations, rounds, concurrent requests, tests, BenchmarkDotNet's
      // sample count N) and exit codes stay integers: 16.5 of them is not a value a runner
      // writes. Other integers become floats, floats integers.
      if (!/batch|iteration|count|num_|runs|rounds|concurrency|_tests$|\/N$|exit_code/i.test(p)) {
        expectSame(`int/float at ${p}`, replaceLeaf(base.doc, p, (v) => (Number.isInteger(v) ? (v as number) + 0.5 : Math.round(v as number))), false)
        count('int/float')
      }
      if (!inArray && !nullIsVerdict(file, p)) {
        expectSame(`null at ${p}`, replaceLeaf(base.doc, p, () => null), false)
        count('null')
      }
    }
    expect(problems).toEqual([])
  })
})
