/**
 * The synthetic dimensions the write and API benchmarks build on (underscore: run-all skips it):
 * 200 models in 20 families, the eight hardware types, 50 nightly runs a day apart. Fact rows
 * refer to them by ids counted from the smallest id each table got.
 */
import type {Database} from '../src/lib/db/connection.js'

export const HARDWARE = ['cpu', 'cuda', 'rocm', 'mps', 'openvino', 'qnn', 'webnn', 'webgpu']

/** Inserts the models, hardware platforms and runs, inside the caller's transaction. */
export async function insertSyntheticDimensions(db: Database): Promise<void> {
  await db.run(`INSERT INTO models (model_name, model_family, modality, source)
    SELECT 'model-' || lpad(i::VARCHAR, 3, '0'), 'family-' || (i % 20)::VARCHAR, 'text', 'synthetic' FROM range(200) t(i)`)
  await db.run(`INSERT INTO hardware_platforms (hardware_type, device_name)
    SELECT t, t || '-device' FROM unnest([${HARDWARE.map((h) => `'${h}'`).join(',')}]) u(t)`)
  await db.run(`INSERT INTO test_runs (test_name, test_type, started_at, success)
    SELECT 'nightly-' || i::VARCHAR, 'performance', TIMESTAMP '2025-01-01' + INTERVAL (i) DAY, true FROM range(50) t(i)`)
}
