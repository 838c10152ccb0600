import {resolveMetric} from '../../metrics/catalogue.js'
import {toCatalogueUnit} from '../../metrics/to-catalogue.js'
import {escapeToken as pointerToken} from '../json-locate.js'
import type {Frame} from './identity.js'
import {keyMeaning, rateMetricOfUnit, snakeKey, tokens, unitWord, type KeyMeaning} from './key-names.js'

/** One number of the document read as a measurement. */
export interface InferredValue {
  /** JSON pointer of the number in the document. */
  pointer: string
  /** The name it was read under (a key, or `<key>.<statistic>`), as written. */
  key: string
  /** The number as it is in the file. */
  raw: number
  metric: string
  catalogued: boolean
  /** Value in the stored unit: raw x factor. */
  value: number
  unit: string
  factor: number
  /** Where the unit came from: the key's name, a sibling unit key (its pointer), or the metric's own unit (rates). */
  unitFrom: string
  higherIsBetter: boolean | null
}

/** Measurements that share one owning object (one future row), with the path to it. */
export interface Group {
  frames: Frame[]
  ownerIndex: number
  values: InferredValue[]
}

export interface Skipped {
  pointer: string
  reason: string
}

const UNIT_KEYS = new Set(['unit', 'units', 'unit_of_measurement'])
const VALUE_KEYS = new Set(['value', 'val', 'result', 'score'])
const NAME_KEYS = new Set(['name', 'metric', 'metric_name', 'measure'])
/** Objects whose numbers belong to the object above them (`{"model": ..., "metrics": {...}}`). */
const MEASUREMENT_CONTAINERS = new Set(['metrics', 'stats', 'statistics', 'measurements', 'timings', 'timing', 'performance', 'perf'])
const NUMERIC = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

function numberOf(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null
  if (typeof v === 'string' && NUMERIC.test(v.trim())) return Number(v)
  return null
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** A sibling unit key: `unit`, `units`, or `<name>_unit` (`time_unit`). */
function siblingUnits(obj: Record<string, unknown>, base: string): Array<{unit: string; pointer: string; prefix: string | null}> {
  const out: Array<{unit: string; pointer: string; prefix: string | null}> = []
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v !== 'string') continue
    const t = tokens(k)
    const isUnit = UNIT_KEYS.has(t.join('_')) || (t.length >= 2 && UNIT_KEYS.has(t[t.length - 1]))
    const unit = isUnit ? unitWord(v) : null
    if (unit) out.push({unit, pointer: `${base}/${pointerToken(k)}`, prefix: t.length >= 2 && UNIT_KEYS.has(t[t.length - 1]) ? t.slice(0, -1).join('_') : null})
  }
  return out
}

/**
 * Walks the document for numbers under measurement names. An object's numbers belong to that
 * object (its row), except inside measurement containers (`metrics`, `stats`) and metric-named
 * objects (`latency: {mean, p99, unit}`), whose numbers belong to the object above them. Arrays
 * of numbers are raw samples: never summarised here (a mean would be computed, not read).
 */
/** Deeper than any result layout; a pathological nesting is not walked further (and says so). */
const MAX_DEPTH = 64

export class MeasurementWalker {
  readonly groups = new Map<string, Group>()
  readonly skipped: Skipped[] = []

  walk(doc: unknown): void {
    if (Array.isArray(doc)) this.walkArray(doc, '', null, [], null)
    else if (isObject(doc)) this.walkObject({key: null, parentKey: null, node: doc, pointer: ''}, [], 0, null)
  }

  /** `ownerIndex`: set for arrays of metrics (`metrics: [{name, value, unit}]`), whose elements are values of one row. */
  private walkArray(arr: unknown[], pointer: string, key: string | null, frames: Frame[], ownerIndex: number | null): void {
    if (arr.length > 0 && arr.every((x) => numberOf(x) !== null) && key && keyMeaning(key)) {
      this.skipped.push({pointer, reason: `${arr.length} raw values under "${key}": samples are not summarised (a summary would be computed, not read)`})
      return
    }
    arr.forEach((el, i) => {
      const p = `${pointer}/${i}`
      if (isObject(el)) this.walkObject({key: null, parentKey: key, node: el, pointer: p}, frames, ownerIndex ?? frames.length, null)
      else if (Array.isArray(el)) this.walkArray(el, p, key, frames, ownerIndex)
    })
  }

  /** `metric`: the object sits under a metric name (its numbers are that metric's statistics). */
  private walkObject(frame: Frame, parents: Frame[], ownerIndex: number, metric: {key: string; meaning: KeyMeaning} | null): void {
    if (parents.length >= MAX_DEPTH) {
      this.skipped.push({pointer: frame.pointer, reason: `nested deeper than ${MAX_DEPTH} objects: not read`})
      return
    }
    const frames = [...parents, frame]
    const obj = frame.node
    const units = siblingUnits(obj, frame.pointer)
    const named = this.namedValue(obj, frame.pointer, units)
    if (named) this.add(frames, ownerIndex, named)
    for (const [k, v] of Object.entries(obj)) {
      const p = `${frame.pointer}/${pointerToken(k)}`
      const n = numberOf(v)
      if (n !== null) {
        if (named && (VALUE_KEYS.has(k.toLowerCase()) || k === named.valueKey)) continue
        const read = this.readNumber(k, p, n, units, metric)
        if (read) this.add(frames, ownerIndex, read)
      } else if (isObject(v)) {
        const meaning = keyMeaning(k)
        const child: Frame = {key: k, parentKey: frame.key, node: v, pointer: p}
        if (meaning) this.walkObject(child, frames, ownerIndex, {key: k, meaning})
        else if (MEASUREMENT_CONTAINERS.has(snakeKey(k))) this.walkObject(child, frames, ownerIndex, null)
        else this.walkObject(child, frames, frames.length, null)
      } else if (Array.isArray(v)) {
        this.walkArray(v, p, k, frames, MEASUREMENT_CONTAINERS.has(snakeKey(k)) ? ownerIndex : null)
      }
    }
  }

  /** `{name: "latency", value: 12, unit: "ms"}`: a metric spelled out as fields. */
  private namedValue(obj: Record<string, unknown>, pointer: string, units: ReturnType<typeof siblingUnits>): (InferredValue & {valueKey: string}) | null {
    const nameKey = Object.keys(obj).find((k) => NAME_KEYS.has(k.toLowerCase()) && typeof obj[k] === 'string')
    const valueKey = Object.keys(obj).find((k) => VALUE_KEYS.has(k.toLowerCase()) && numberOf(obj[k]) !== null)
    if (!nameKey || !valueKey) return null
    const read = this.readNumber(obj[nameKey] as string, `${pointer}/${pointerToken(valueKey)}`, numberOf(obj[valueKey])!, units, null)
    return read ? {...read, valueKey} : null
  }

  private readNumber(key: string, pointer: string, raw: number, units: ReturnType<typeof siblingUnits>, parent: {key: string; meaning: KeyMeaning} | null): InferredValue | null {
    let meaning = keyMeaning(key)
    let name = key
    if (parent) {
      // `latency_ms: {mean: 5, p99: 9}` -> latency (mean) and latency_p99, in ms; `memory: {peak_mb: 9}` -> memory_peak in MB.
      const stat = VALUE_KEYS.has(key.toLowerCase()) ? parent.meaning : keyMeaning(`${parent.meaning.metric}_${key}`) ?? keyMeaning(`${parent.key}_${key}`)
      if (stat) {
        meaning = {...stat, unit: stat.unit ?? parent.meaning.unit}
        name = `${parent.key}.${key}`
      } else if (!meaning) return null
    }
    if (!meaning) return null
    let unit = meaning.unit
    let unitFrom = unit ? 'name' : ''
    if (!unit) {
      const kind = meaning.entry.kind
      const sib = units.find((u) => (u.prefix === null || meaning!.metric.startsWith(u.prefix) || key.toLowerCase().startsWith(u.prefix)) && (kind === 'throughput' ? u.unit.includes('/') : !u.unit.includes('/')))
      if (sib) {
        unit = sib.unit
        unitFrom = sib.pointer
      } else if (kind === 'throughput' || kind === 'count') {
        unit = meaning.entry.unit
        unitFrom = 'metric'
      }
    }
    if (!unit) {
      this.skipped.push({pointer, reason: `"${name}" looks like ${meaning.entry.label.toLowerCase()} but neither its name nor a sibling "unit" says in which unit`})
      return null
    }
    // A bare `throughput` with a sibling `"unit": "tok/s"` is tokens/s, not items/s.
    if (meaning.entry.kind === 'throughput' && unitFrom !== 'name') {
      const byUnit = rateMetricOfUnit(unit)
      if (byUnit && byUnit !== meaning.entry.name && meaning.catalogued && meaning.metric === meaning.entry.name) {
        const r = resolveMetric(byUnit)!
        meaning = {metric: r.name, entry: r.entry, catalogued: true, direction: r.direction, unit}
      }
    }
    const converted = toCatalogueUnit(meaning.entry, raw, unit)
    if (!converted) {
      this.skipped.push({pointer, reason: `"${name}" looks like ${meaning.entry.label.toLowerCase()} but its unit "${unit}" does not convert to ${meaning.entry.unit}`})
      return null
    }
    return {
      pointer, key: name, raw, metric: meaning.metric, catalogued: meaning.catalogued, value: converted.value, unit: meaning.entry.unit,
      factor: converted.factor, unitFrom, higherIsBetter: meaning.direction === null ? null : meaning.direction === 'higher',
    }
  }

  private add(frames: Frame[], ownerIndex: number, v: InferredValue): void {
    const owner = frames[ownerIndex]
    let g = this.groups.get(owner.pointer)
    if (!g) this.groups.set(owner.pointer, (g = {frames: frames.slice(0, ownerIndex + 1), ownerIndex, values: []}))
    g.values.push(v)
  }
}
