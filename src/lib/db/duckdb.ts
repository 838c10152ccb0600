import {createRequire} from 'node:module'

type DuckDbModule = typeof import('@duckdb/node-api')

let loaded: DuckDbModule | undefined

/**
 * @duckdb/node-api, loaded on first use with require() rather than import(): importing this
 * CommonJS package from ESM makes Node lex every one of its ~120 files for named exports, which
 * took 0.35–0.7 s of every command's start (require: 0.15–0.25 s). Every runtime use of the
 * package goes through here so one copy of its classes is in play (`instanceof` checks in it).
 */
export function duckdb(): DuckDbModule {
  loaded ??= createRequire(import.meta.url)('@duckdb/node-api') as DuckDbModule
  return loaded
}
