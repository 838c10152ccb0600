import {isAbsolute, relative, sep} from 'node:path'

/**
 * Where a scanned file sits relative to the input directory it was found under: the ledger's
 * portable address of the file (source_files.input_root + relative_path, schema v5), beside its
 * absolute path and sha256. The root is recorded relative to the working directory when it lies
 * inside it (so moving the whole project, and running from its new place, keeps every address
 * valid), else absolute; the relative path always uses `/`. A file under nested roots belongs to
 * the outermost one (the one the scan walked).
 */
export interface PortableAddress {
  inputRoot: string | null
  relativePath: string
}

export class InputRoots {
  /** Outermost first: the first root containing a path is the one the walk found it under. */
  private readonly roots: string[]

  constructor(absoluteRoots: readonly string[], private readonly cwd: string) {
    this.roots = [...new Set(absoluteRoots)].sort((a, b) => a.length - b.length)
  }

  locate(path: string): PortableAddress | null {
    for (const root of this.roots) {
      const rel = relative(root, path)
      if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) continue
      const fromCwd = relative(this.cwd, root)
      const inputRoot = fromCwd === '' ? '.' : fromCwd.startsWith('..') || isAbsolute(fromCwd) ? root : fromCwd
      return {inputRoot: inputRoot.split(sep).join('/'), relativePath: rel.split(sep).join('/')}
    }
    return null
  }
}
