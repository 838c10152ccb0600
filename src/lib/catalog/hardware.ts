import type {Database} from '../db/connection.js'

export type HardwareItem = {
  hardware_id: number
  hardware_type: string
  device_name: string | null
  platform: string | null
  platform_version: string | null
  driver_version: string | null
  memory_gb: number | null
  compute_units: number | null
  /** Measured (non-simulated) performance rows on this platform. */
  performance_results: number
  /** Performance rows marked simulated. */
  simulated_results: number
}

/** Every hardware platform, by type then device, with its evidence counts. */
export async function listHardware(db: Database, options: {type?: string} = {}): Promise<HardwareItem[]> {
  const params = options.type !== undefined ? [options.type.toLowerCase()] : []
  return db.all<HardwareItem>(
    `SELECT hp.hardware_id, hp.hardware_type, hp.device_name, hp.platform, hp.platform_version, hp.driver_version,
            hp.memory_gb, hp.compute_units,
            count(pr.result_id) FILTER (WHERE NOT pr.is_simulated) AS performance_results,
            count(pr.result_id) FILTER (WHERE pr.is_simulated) AS simulated_results
     FROM hardware_platforms hp
     LEFT JOIN performance_results pr ON pr.hardware_id = hp.hardware_id
     ${options.type !== undefined ? 'WHERE hp.hardware_type = ?' : ''}
     GROUP BY ALL
     ORDER BY hp.hardware_type, hp.device_name NULLS LAST, hp.hardware_id`,
    params,
  )
}
