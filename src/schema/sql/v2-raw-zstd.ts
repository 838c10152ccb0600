/**
 * Schema version 2: the ledger's raw documents are compressed by DuckDB, column-wise with zstd,
 * instead of one deflate stream per document written by the ingest engine.
 *
 * Why: result files of one corpus share most of their text (keys, model and device names), and
 * zstd over a column segment finds that redundancy across documents, where per-document deflate
 * can only use one fixed preset dictionary: on 10,000 generated 2 KB files the raw documents take
 * ~8 % of the JSON bytes instead of ~11.5 %, and the engine no longer spends ~0.08 ms of deflate
 * per file. Every document still reads back on its own (DuckDB decompresses transparently); rows
 * written before keep their `raw_encoding` (deflate-raw-d1) and decode as before.
 *
 * DuckDB has no ALTER ... SET COMPRESSION, so the ledger table is rebuilt once (same columns, same
 * order, same defaults, ids kept). `USING COMPRESSION zstd` takes effect only in files whose
 * storage version is v1.2.0 or later (new files get that from the connection's
 * storage_compatibility_version); in older files DuckDB stores the column uncompressed, so the
 * engine keeps deflating documents there (see ingest/raw-storage.ts).
 */
export const V2_RAW_ZSTD: string[] = [
  `CREATE TABLE source_files_v2 (
    source_file_id BIGINT PRIMARY KEY DEFAULT nextval('seq_source_file_id'),
    path VARCHAR NOT NULL,
    sha256 VARCHAR,
    size_bytes BIGINT,
    mtime TIMESTAMP,
    category VARCHAR,
    shape VARCHAR,
    status VARCHAR NOT NULL,
    reason VARCHAR,
    json_pointer VARCHAR,
    duplicate_of BIGINT,
    superseded_by BIGINT,
    rows_written JSON,
    raw_encoding VARCHAR,
    raw_document BLOB USING COMPRESSION zstd,
    ingested_at TIMESTAMP NOT NULL DEFAULT (now()::TIMESTAMP)
  )`,
  `INSERT INTO source_files_v2 SELECT * FROM source_files ORDER BY source_file_id`,
  `DROP TABLE source_files`,
  `ALTER TABLE source_files_v2 RENAME TO source_files`,
]
