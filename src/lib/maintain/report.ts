import {relative} from 'node:path'
import {isInside} from './files.js'
import type {MaintainResult} from './run.js'

/** Bytes for people: 1536 -> "1.5 KiB". */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let v = Math.abs(n)
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${n < 0 ? '-' : ''}${i === 0 ? v : v.toFixed(1)} ${units[i]}`
}

const show = (path: string, cwd: string) => (isInside(path, cwd) ? relative(cwd, path) || '.' : path)

/**
 * The human report of a maintenance run: one line per file acted on or kept (with --dry-run, what
 * would happen to each), then a summary per operation.
 */
export function formatMaintenanceReport(r: MaintainResult, options: {verbose?: boolean; cwd?: string} = {}): string[] {
  const cwd = options.cwd ?? process.cwd()
  const verbose = Boolean(options.verbose)
  const lines: string[] = []
  if (r.restoredBackup) {
    const b = r.restoredBackup
    lines.push(`${r.dryRun ? 'would restore' : 'restored'} ${show(b.database, cwd)} from backup ${show(b.backup, cwd)} (${b.tables.reduce((s, t) => s + t.rows, 0)} rows in ${b.tables.length} tables${b.replaced ? `, ${r.dryRun ? 'replacing' : 'replaced'} the existing file` : ''}${r.dryRun ? '' : ', verified'})`)
  }
  if (r.backup) {
    const b = r.backup
    lines.push(`${r.dryRun ? 'would back up' : 'backed up'} ${r.database} -> ${show(b.file, cwd)} (${formatBytes(b.sizeBytes)}, ${b.tables.reduce((s, t) => s + t.rows, 0)} rows in ${b.tables.length} tables${r.dryRun ? '' : ', verified'})`)
  }
  if (r.clean) {
    const c = r.clean
    const verb = c.mode === 'archive' ? (r.dryRun ? 'would archive' : 'archived') : r.dryRun ? 'would delete' : 'deleted'
    const done = c.mode === 'archive' ? (r.dryRun ? 'would be archived' : 'archived and removed') : r.dryRun ? 'would be deleted' : 'deleted'
    // Removed files are listed when asked (--verbose) and always in a dry run; kept files always,
    // except the merely too new, which would drown the list on every run.
    if (verbose || r.dryRun) for (const f of c.removed) lines.push(`${verb.padEnd(13)} ${show(f.path, cwd)}  ${formatBytes(f.sizeBytes)}  ledger id ${f.ledgerId}`)
    for (const k of c.kept.filter((k) => verbose || k.reason !== 'too-new')) lines.push(`${(r.dryRun ? 'would keep' : 'kept').padEnd(13)} ${show(k.path, cwd)}  ${k.reason}: ${k.detail}`)
    if (c.archive) lines.push(`archive: ${show(c.archive.path, cwd)}${c.archive.verified ? ` (${c.archive.files} files, re-read and verified; manifest ${show(c.archive.manifest, cwd)})` : ''}`)
    const reasons = Object.entries(c.keptByReason).map(([k, n]) => `${n} ${k}`).join(', ')
    lines.push(
      `Summary: ${c.removed.length} file(s) ${done}, ${c.kept.length} kept${reasons ? ` (${reasons})` : ''}, ` +
        `${formatBytes(c.bytesFreed)} ${r.dryRun ? 'would be ' : ''}freed; scanned ${c.inputDirs.length ? c.inputDirs.map((d) => show(d, cwd)).join(', ') : '(no input directories found)'} for files older than ${c.olderThanDays} day(s)`,
    )
  }
  if (r.restore) {
    const s = r.restore
    const verb = r.dryRun ? 'would restore' : 'restored'
    if (verbose || r.dryRun) for (const f of s.restored) lines.push(`${verb.padEnd(15)} ${show(f.target, cwd)}  ${formatBytes(f.sizeBytes)}  from ${f.from}`)
    if (verbose) for (const f of s.alreadyPresent) lines.push(`${'already there'.padEnd(15)} ${show(f.target, cwd)}`)
    for (const f of s.conflicts) lines.push(`${'CONFLICT'.padEnd(15)} ${show(f.target, cwd)}  a different file is there; left alone`)
    for (const f of s.skipped) lines.push(`${'skipped'.padEnd(15)} ${show(f.path, cwd)}  ${f.reason}`)
    for (const a of s.damagedArchives) lines.push(`${'DAMAGED'.padEnd(15)} ${show(a.archive, cwd)}  not read: ${a.reason}`)
    lines.push(`Summary: ${s.restored.length} file(s) ${verb} from the ${s.source} (${formatBytes(s.bytesWritten)}), ${s.alreadyPresent.length} already present, ${s.conflicts.length} conflict(s), ${s.skipped.length} skipped`)
  }
  if (r.optimize) {
    const o = r.optimize
    lines.push(`${r.dryRun ? 'would run' : 'ran'}: ${o.steps.map((s) => (r.dryRun ? s.step : `${s.step} (${s.ms} ms)`)).join(', ')}`)
    lines.push(`Optimize: ${formatBytes(o.sizeBefore)} -> ${formatBytes(o.sizeAfter)}; ${Math.round(o.freeShare * 100)}% of blocks were free${o.rebuilt ? ', file rebuilt' : ''}`)
  }
  if (r.vacuum) {
    const v = r.vacuum
    lines.push(r.dryRun
      ? `Vacuum: would rebuild ${r.database} (now ${formatBytes(v.sizeBefore)})`
      : `Vacuum: ${formatBytes(v.sizeBefore)} before, ${formatBytes(v.sizeAfter)} after, ${formatBytes(v.bytesReclaimed)} reclaimed`)
  }
  if (r.integrity) {
    const i = r.integrity
    for (const p of i.problems) lines.push(`PROBLEM ${p.kind} [${p.table}] ${p.check}: ${p.count} row(s), e.g. ids ${p.examples.join(', ')}`)
    lines.push(i.ok ? `Integrity: ${i.checks} checks, no problems` : `Integrity: ${i.problems.length} problem(s) found by ${i.checks} checks`)
  }
  if (r.purge) {
    const p = r.purge
    for (const d of p.removed) lines.push(`${r.dryRun ? 'would delete' : 'deleted'} backup ${show(d, cwd)}`)
    lines.push(`Backups: kept ${p.kept.length} newest, ${r.dryRun ? 'would delete' : 'deleted'} ${p.removed.length} (${formatBytes(p.bytesFreed)})`)
  }
  return lines
}
