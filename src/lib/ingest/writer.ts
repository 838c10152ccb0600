import {appendFlat, allocateIdRanges} from '../db/appender.js'
import type {Database} from '../db/connection.js'
import {Dimensions as DimensionsClass, type Dimensions} from '../db/dimensions.js'
import type {LedgerRow} from './ledger-index.js'
import {Retirement} from './retire-versions.js'
import {SPECS} from './table-specs.js'
import {countRows, FACT_TABLES_PARENT_FIRST, packDocument, REF_COLUMNS, type FactTable, type PackedDoc, type RowCounts} from './pack-rows.js'
import type {NormalizedDocument} from './types.js'

export type LedgerStatus = 'ingested' | 'duplicate' | 'rejected' | 'unrecognized'

/** One file version as the engine decided it: what goes into the ledger, and its rows if any. */
export interface LedgerEntry {
  path: string
  sha256: string | null
  sizeBytes: number | null
  mtimeMs: number | null
  category: string | null
  shape: string | null
  status: LedgerStatus
  reason?: string | null
  pointer?: string | null
  duplicateOf?: number | null
  /** Index in the same batch of the entry this one duplicates (its ledger id is not known yet). */
  duplicateOfIndex?: number
  /** Compressed original bytes, for byte-exact restore. */
  raw?: {encoding: string; bytes: Uint8Array} | null
  doc?: NormalizedDocument | null
  /** The document's rows as packDocument made them (where it was parsed); else packed from `doc`. */
  packed?: PackedDoc | null
  /** Ledger ids of older versions of this path whose rows this version replaces. */
  supersedes?: number[]
  /** The input directory the file was found under and its path there (see input-roots.ts). */
  inputRoot?: string | null
  relativePath?: string | null
}

export type {RowCounts}
export {countRows}

/**
 * What a batch of entries changes, for caches of answers about single models: the names of every
 * model whose rows (or models row) it adds, and `wide` when it also deletes rows of older versions
 * (their models are not known here) so that every cached answer must go. Computed before the write,
 * so it covers a batch that is later split or partly refused (a superset is always safe).
 */
export interface WriteScope {
  models: Set<string>
  wide: boolean
}

export function writeScopeOf(entries: LedgerEntry[], into: WriteScope = {models: new Set(), wide: false}): WriteScope {
  for (const e of entries) {
    if ((e.supersedes?.length ?? 0) > 0) into.wide = true
    if (e.status !== 'ingested') continue
    if (e.packed) {
      for (const m of e.packed.modelNames) into.models.add(m)
      continue
    }
    const doc = e.doc
    if (!doc) continue
    for (const m of doc.models) into.models.add(m.name)
    for (const r of doc.performance) into.models.add(r.model.name)
    for (const r of doc.compatibility) into.models.add(r.model.name)
    for (const r of doc.integration) if (r.model) into.models.add(r.model.name)
    for (const r of doc.webPlatform) into.models.add(r.model.name)
  }
  return into
}

/** Value columns (the spec's columns but `default` ones) per table: the stride of packed rows. */
const STRIDE = Object.fromEntries(Object.entries(SPECS).map(([t, spec]) => [t, spec.columns.filter(([, k]) => k !== 'default').length])) as Record<keyof typeof SPECS, number>

const SEQUENCES: Record<FactTable, string> = {
  test_runs: 'seq_run_id', performance_results: 'seq_result_id', performance_batch_results: 'seq_batch_id',
  result_metrics: 'seq_metric_id',
  hardware_compatibility: 'seq_compatibility_id', integration_test_results: 'seq_test_result_id',
  integration_test_assertions: 'seq_assertion_id', web_platform_results: 'seq_web_result_id',
  webgpu_advanced_features: 'seq_feature_id',
}

/**
 * Writes a batch of ledger entries and all their rows. The caller wraps this in one transaction,
 * so every file's rows land together with its ledger row, or nothing does. Returns the ledger ids
 * in entry order; `heirs` receives the ledger rows of duplicates that took over the content of a
 * version this batch replaced (see Retirement).
 */
export async function writeBatch(db: Database, dims: Dimensions, entries: LedgerEntry[], heirs?: LedgerRow[]): Promise<number[]> {
  const superseded = entries.flatMap((e) => e.supersedes ?? [])
  const packs = entries.map((e) => (e.status === 'ingested' ? e.packed ?? (e.doc ? packDocument(e.doc) : null) : null))
  const withPack = packs.flatMap((p, i) => (p ? [{p, i}] : []))
  const totals = {} as Record<FactTable, number>
  for (const t of FACT_TABLES_PARENT_FIRST) {
    let n = 0
    for (const {p} of withPack) n += (p.rows[t]?.length ?? 0) / STRIDE[t]
    totals[t] = n
  }
  // Every id of the batch, and the transaction's now() for DEFAULT columns, in one round trip.
  const {ids, now} = await allocateIdRanges(db, [
    ['source_files', 'seq_source_file_id', entries.length] as const,
    ...FACT_TABLES_PARENT_FIRST.map((t) => [t, SEQUENCES[t], totals[t]] as const),
  ])
  const ledgerIds = ids.source_files
  const retirement = superseded.length > 0 ? await Retirement.begin(db, superseded, entries, ledgerIds) : null
  const {modelIds, hardwareIds} = await resolveDimensions(db, dims, withPack.map(({p}) => p))

  // Copy each document's packed rows into one flat array per table, patching the id columns.
  const out = {} as Record<FactTable, unknown[]>
  const at = {} as Record<FactTable, number>
  for (const t of FACT_TABLES_PARENT_FIRST) {
    out[t] = new Array(totals[t] * STRIDE[t])
    at[t] = 0
  }
  const runIds = ids.test_runs
  // Run ids go to documents that have a run (a companion file has none), in order.
  let runAt = -1
  for (const [k, {p, i}] of withPack.entries()) {
    if (p.rows.test_runs) runAt++
    const fileId = ledgerIds[i]
    // Row offset of this document's first row per table (parents are referred to by local index).
    const base = {...at}
    for (const t of FACT_TABLES_PARENT_FIRST) {
      const src = p.rows[t]
      if (!src) continue
      const stride = STRIDE[t]
      const dst = out[t]
      const own = ids[t]
      let o = at[t] * stride
      for (let s = 0; s < src.length; s += stride, o += stride) {
        for (let c = 0; c < stride; c++) dst[o + c] = src[s + c]
        for (const [c, kind] of REF_COLUMNS[t]) {
          const v = src[s + c] as number | null
          switch (kind) {
            case 'own':
              dst[o + c] = own[at[t]++]
              break
            case 'run':
              dst[o + c] = runIds[runAt]
              break
            case 'file':
              dst[o + c] = fileId
              break
            case 'model':
              dst[o + c] = v === null ? null : modelIds[k][v]
              break
            case 'hardware':
              dst[o + c] = v === null ? null : hardwareIds[k][v]
              break
            default: {
              const parent = kind.slice(7) as FactTable
              dst[o + c] = ids[parent][base[parent] + v!]
            }
          }
        }
      }
    }
  }

  const duplicateOf = (i: number, e: LedgerEntry): number | null => {
    const original = e.duplicateOf ?? (e.duplicateOfIndex === undefined ? null : ledgerIds[e.duplicateOfIndex])
    return retirement ? retirement.duplicateOf(i, original) : original
  }
  const ledger: unknown[] = []
  entries.forEach((e, i) => {
    ledger.push(ledgerIds[i], e.path, e.sha256, e.sizeBytes,
      e.mtimeMs === null ? null : BigInt(Math.round(e.mtimeMs * 1000)), e.category, e.shape, e.status,
      e.reason ?? null, e.pointer ?? null, duplicateOf(i, e), null,
      packs[i] ? JSON.stringify(packs[i]!.counts) : null, e.raw?.encoding ?? null, e.raw?.bytes ?? null,
      e.inputRoot ?? null, e.relativePath ?? null)
  })

  await appendFlat(db, SPECS.source_files, ledger, {now})
  for (const t of FACT_TABLES_PARENT_FIRST) await appendFlat(db, SPECS[t], out[t], {now})
  if (retirement) heirs?.push(...(await retirement.finish(db)))
  return ledgerIds
}

/**
 * Ids of every model and hardware platform the batch names, created where new, in the order the
 * documents name them (each PackedDoc lists its refs in first-use order), per document: its
 * local ref index -> id. Refs already resolved in this batch cost no await.
 */
async function resolveDimensions(db: Database, dims: Dimensions, packs: PackedDoc[]) {
  const models = new Map<string, number>()
  const hardware = new Map<string, number>()
  const modelIds: number[][] = []
  const hardwareIds: number[][] = []
  for (const p of packs) {
    const mi: number[] = []
    for (const m of p.models) {
      let id = models.get(m.name)
      if (id === undefined) models.set(m.name, (id = await dims.modelId(db, m)))
      mi.push(id)
    }
    const hi: number[] = []
    for (const h of p.hardware) {
      const key = DimensionsClass.hardwareKey(h)
      let id = hardware.get(key)
      if (id === undefined) hardware.set(key, (id = await dims.hardwareId(db, h)))
      hi.push(id)
    }
    modelIds.push(mi)
    hardwareIds.push(hi)
  }
  return {modelIds, hardwareIds}
}
