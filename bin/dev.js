#!/usr/bin/env node
// Runs src/ through tsx. Delete oclif.manifest.json first, or oclif runs the stale dist/ instead.
process.env.OCLIF_DISABLE_ENGINE_WARNING ??= '1' // see run.js
const {execute} = await import('@oclif/core')

await execute({development: true, dir: import.meta.url})
