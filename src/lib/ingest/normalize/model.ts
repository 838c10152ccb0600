import type {JsonObject, ModelRef} from '../types.js'
import {inferFamily} from './families.js'

export {inferFamily}

/**
 * Model identity. `name` is the canonical id the file gives (`bert-base-uncased`,
 * `prajjwal1/bert-tiny`). When a file only has a display name or a key (`BERT`, `bert`), the
 * lower-cased key becomes the name and metadata says so (`nameSource: 'key'`), so such rows can
 * be found and re-pointed once the canonical id is known.
 *
 * Family is the architecture (bert, t5, llama, ...), from the table in families.ts. Files also use
 * "family" for task categories (embedding, text_generation, ...); those go to
 * metadata.category, never to family, so one model has one family across files.
 */
export const TASK_CATEGORIES = new Set(['embedding', 'text_generation', 'vision', 'audio', 'multimodal', 'text'])

export interface ModelOptions {
  family?: string | null
  modality?: string | null
  metadata?: JsonObject | null
}

/** A model from its canonical id. A task-category "family" is moved to metadata.category. */
export function modelRef(name: string, opts: ModelOptions = {}): ModelRef {
  const metadata: JsonObject = {...(opts.metadata ?? {})}
  let family = opts.family ?? null
  if (family && TASK_CATEGORIES.has(family)) {
    metadata.category = family
    family = null
  }
  return {
    name,
    family: family ?? inferFamily(name),
    modality: opts.modality ?? null,
    metadata: Object.keys(metadata).length > 0 ? metadata : null,
  }
}

/** A model known only by a display name or key (`BERT`, `bert`): lower-cased key, flagged. */
export function modelFromKey(key: string, opts: ModelOptions & {displayName?: string | null} = {}): ModelRef {
  const metadata: JsonObject = {...(opts.metadata ?? {}), nameSource: 'key'}
  if (opts.displayName && opts.displayName !== key) metadata.displayName = opts.displayName
  return modelRef(key.toLowerCase(), {...opts, metadata})
}

/** Canonical id when there is one, else the key. `hf_bert` / `test_hf_bert` keys lose their prefix. */
export function modelFrom(canonical: unknown, key: string, opts: ModelOptions & {displayName?: string | null} = {}): ModelRef {
  if (typeof canonical === 'string' && canonical.length > 0 && !canonical.startsWith('/')) {
    const metadata: JsonObject = {...(opts.metadata ?? {})}
    if (opts.displayName) metadata.displayName = opts.displayName
    if (key && key !== canonical) metadata.key = key
    return modelRef(canonical, {...opts, metadata})
  }
  const metadata: JsonObject = {...(opts.metadata ?? {})}
  if (typeof canonical === 'string') metadata.localPath = canonical
  return modelFromKey(key.replace(/^(test_)?hf_/, ''), {...opts, metadata})
}
