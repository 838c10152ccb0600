import type {RowCounts} from './writer.js'

/** What happened to one file (or one submitted document) in a run. */
export type OutcomeStatus = 'ingested' | 'unchanged' | 'duplicate' | 'rejected' | 'unrecognized' | 'skipped'

export interface FileOutcome {
  path: string
  status: OutcomeStatus
  category: string | null
  shape: string | null
  /** Rows written (or, in a dry run, that would be written) per table. */
  rows: RowCounts | null
  reason: string | null
  pointer: string | null
  expected: string | null
  /** For duplicates: the path whose identical content is already stored. */
  duplicateOf: string | null
  /** True when this version replaces an older version of the same path (its rows are deleted). */
  replacesVersion: boolean
  /** Non-fatal remarks, e.g. "UTF-8 BOM skipped". */
  notes: string[]
  sha256: string | null
}

export interface RunSummary {
  dryRun: boolean
  scanned: number
  ingested: number
  unchanged: number
  duplicate: number
  rejected: number
  unrecognized: number
  skipped: number
  /** Of the ingested files, how many replaced an older version of the same path. */
  newVersions: number
  rows: RowCounts
  bytesRead: number
  elapsedSeconds: number
  filesPerSecond: number
}

/** Counts outcomes as they stream by; keeps only what the report needs, never every file. */
export class SummaryBuilder {
  private readonly started = process.hrtime.bigint()
  private readonly s: Omit<RunSummary, 'elapsedSeconds' | 'filesPerSecond'>
  /** Files needing the user's attention (rejected / unrecognized), always kept for the report. */
  readonly problems: FileOutcome[] = []
  /** Every outcome, kept only when asked (dry runs and --json list each file). */
  readonly files: FileOutcome[] | null

  constructor(dryRun: boolean, keepFiles: boolean) {
    this.s = {dryRun, scanned: 0, ingested: 0, unchanged: 0, duplicate: 0, rejected: 0, unrecognized: 0, skipped: 0, newVersions: 0, rows: {}, bytesRead: 0}
    this.files = keepFiles ? [] : null
  }

  add(o: FileOutcome, bytesRead = 0): void {
    this.s.scanned++
    this.s[o.status]++
    this.s.bytesRead += bytesRead
    if (o.status === 'ingested') {
      if (o.replacesVersion) this.s.newVersions++
      for (const [t, n] of Object.entries(o.rows ?? {})) this.s.rows[t] = (this.s.rows[t] ?? 0) + n
    }
    if (o.status === 'rejected' || o.status === 'unrecognized') this.problems.push(o)
    this.files?.push(o)
  }

  /** Bulk count for fast-path unchanged files (no outcome object per file). */
  addUnchanged(n: number): void {
    this.s.scanned += n
    this.s.unchanged += n
  }

  finish(): RunSummary {
    const elapsedSeconds = Number(process.hrtime.bigint() - this.started) / 1e9
    return {...this.s, elapsedSeconds, filesPerSecond: elapsedSeconds > 0 ? this.s.scanned / elapsedSeconds : 0}
  }
}

export function outcome(path: string, status: OutcomeStatus, extra: Partial<FileOutcome> = {}): FileOutcome {
  return {path, status, category: null, shape: null, rows: null, reason: null, pointer: null, expected: null, duplicateOf: null, replacesVersion: false, notes: [], sha256: null, ...extra}
}

/** `path at /pointer: reason; expected X` — how a problem file is shown to people. */
export function describeOutcome(o: FileOutcome): string {
  let text = `${o.path}`
  if (o.pointer) text += ` at ${o.pointer}`
  if (o.reason) text += `: ${o.reason}`
  if (o.expected) text += `; expected ${o.expected}`
  return text
}

export function formatRows(rows: RowCounts | null): string {
  if (!rows) return ''
  return Object.entries(rows)
    .map(([t, n]) => `${t}=${n}`)
    .join(' ')
}

/** The human summary block printed at the end of a run. */
export function formatSummary(s: RunSummary): string[] {
  const verb = s.dryRun ? 'would ingest' : 'ingested'
  const lines = [
    `${s.dryRun ? 'Dry run: ' : ''}${s.scanned} file(s) scanned: ${s.ingested} ${verb}` +
      (s.newVersions ? ` (${s.newVersions} new version(s) replacing older ones)` : '') +
      `, ${s.unchanged} unchanged, ${s.duplicate} duplicate, ${s.rejected} rejected, ${s.unrecognized} unrecognized` +
      (s.skipped ? `, ${s.skipped} skipped by --categories` : ''),
  ]
  const rows = Object.entries(s.rows)
  if (rows.length) lines.push(`Rows ${s.dryRun ? 'that would be written' : 'written'}: ${rows.map(([t, n]) => `${t} ${n}`).join(', ')}`)
  else lines.push(`Rows ${s.dryRun ? 'that would be written' : 'written'}: none`)
  lines.push(`Elapsed ${s.elapsedSeconds.toFixed(2)} s, ${Math.round(s.filesPerSecond)} files/s`)
  return lines
}
