import type {Database} from '../db/connection.js'

export type ModelItem = {
  model_id: number
  model_name: string
  model_family: string | null
  modality: string | null
  source: string | null
  parameters_million: number | null
  /** Measured (non-simulated) performance rows of this model. */
  performance_results: number
  /** Hardware types with at least one compatible result. */
  compatible_hardware: string[]
}

/** Every model, by name, with how much evidence the database has for it. */
export async function listModels(db: Database, options: {family?: string} = {}): Promise<ModelItem[]> {
  const params = options.family !== undefined ? [options.family] : []
  return db.all<ModelItem>(
    `SELECT m.model_id, m.model_name, m.model_family, m.modality, m.source, m.parameters_million,
            coalesce((SELECT count(*) FROM performance_results pr WHERE pr.model_id = m.model_id AND NOT pr.is_simulated), 0) AS performance_results,
            coalesce((SELECT list(DISTINCT hp.hardware_type ORDER BY hp.hardware_type) FROM hardware_compatibility hc
                      JOIN hardware_platforms hp ON hp.hardware_id = hc.hardware_id
                      WHERE hc.model_id = m.model_id AND hc.is_compatible), []) AS compatible_hardware
     FROM models m ${options.family !== undefined ? 'WHERE m.model_family = ?' : ''}
     ORDER BY m.model_name`,
    params,
  )
}
