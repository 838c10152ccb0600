import {mergeContext} from '../context/merge.js'
import type {NormalizedDocument} from '../types.js'
import {documentContext} from './context.js'
import {timeFromPath} from './time-from-name.js'

/**
 * What the engine adds to every mapped document's run after its adapter: the context the document
 * states in its metadata (the adapter's own values win), and, when the document holds no time,
 * the time its file or folder name states (`time_source = 'filename'`). A run with neither keeps
 * started_at NULL (`time_source = 'unknown'`): ingestion time and mtime are never measurement times.
 */
export function completeRun(doc: NormalizedDocument, value: unknown, path: string, now = Date.now()): void {
  const run = doc.run
  const found = documentContext(value)
  if (Object.keys(found).length) Object.assign(run, mergeContext(contextOf(run), found))
  if (run.timeSource) return
  if (run.startedAt || run.completedAt) {
    run.timeSource = 'file'
    return
  }
  const named = timeFromPath(path, now)
  if (named) {
    run.startedAt = named.iso
    run.timeSource = 'filename'
    run.metadata = {...(run.metadata ?? {}), timeFromName: named.name}
  } else {
    run.timeSource = 'unknown'
  }
}

function contextOf(run: NormalizedDocument['run']) {
  const {gitCommit, gitBranch, repository, ciProvider, ciRunId, ciRunUrl, machine, runName, tags} = run
  return {gitCommit, gitBranch, repository, ciProvider, ciRunId, ciRunUrl, machine, runName, tags}
}
