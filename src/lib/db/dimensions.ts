import type {HardwareRef, ModelRef} from '../ingest/types.js'
import type {Database} from './connection.js'

/**
 * In-memory lookup of the two dimension tables, so that writing a fact row costs no query.
 * Rows created inside a transaction are kept apart until `commit()`, so a rolled-back batch
 * leaves no id in the cache that the database does not have.
 */
export class Dimensions {
  private models = new Map<string, number>()
  private hardware = new Map<string, number>()
  private pendingModels = new Map<string, number>()
  private pendingHardware = new Map<string, number>()

  static hardwareKey(h: HardwareRef): string {
    return `${h.type.toLowerCase()}\u0000${h.deviceName ?? ''}`
  }

  static async load(db: Database): Promise<Dimensions> {
    const dims = new Dimensions()
    for (const r of await db.all<{model_id: number; model_name: string}>('SELECT model_id, model_name FROM models')) {
      dims.models.set(r.model_name, r.model_id)
    }
    const hw = await db.all<{hardware_id: number; hardware_type: string; device_name: string | null}>(
      'SELECT hardware_id, hardware_type, device_name FROM hardware_platforms ORDER BY hardware_id',
    )
    for (const r of hw) {
      const key = Dimensions.hardwareKey({type: r.hardware_type, deviceName: r.device_name})
      if (!dims.hardware.has(key)) dims.hardware.set(key, r.hardware_id)
    }
    return dims
  }

  async modelId(db: Database, m: ModelRef): Promise<number> {
    const known = this.models.get(m.name) ?? this.pendingModels.get(m.name)
    if (known !== undefined) return known
    const row = await db.one<{model_id: number}>(
      `INSERT INTO models (model_name, model_family, modality, source, version, parameters_million, metadata)
       VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING model_id`,
      [m.name, m.family ?? null, m.modality ?? null, m.source ?? null, m.version ?? null, m.parametersMillion ?? null,
        m.metadata ? JSON.stringify(m.metadata) : null],
    )
    this.pendingModels.set(m.name, row!.model_id)
    return row!.model_id
  }

  async hardwareId(db: Database, h: HardwareRef): Promise<number> {
    const key = Dimensions.hardwareKey(h)
    const known = this.hardware.get(key) ?? this.pendingHardware.get(key)
    if (known !== undefined) return known
    const row = await db.one<{hardware_id: number}>(
      `INSERT INTO hardware_platforms (hardware_type, device_name, platform, platform_version, driver_version,
         memory_gb, compute_units, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING hardware_id`,
      [h.type.toLowerCase(), h.deviceName ?? null, h.platform ?? null, h.platformVersion ?? null, h.driverVersion ?? null,
        h.memoryGb ?? null, h.computeUnits ?? null, h.metadata ? JSON.stringify(h.metadata) : null],
    )
    this.pendingHardware.set(key, row!.hardware_id)
    return row!.hardware_id
  }

  commit(): void {
    for (const [k, v] of this.pendingModels) this.models.set(k, v)
    for (const [k, v] of this.pendingHardware) this.hardware.set(k, v)
    this.rollback()
  }

  rollback(): void {
    this.pendingModels.clear()
    this.pendingHardware.clear()
  }
}
