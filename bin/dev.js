#!/usr/bin/env node
// Runs src/ through tsx. Delete oclif.manifest.json first, or oclif runs the stale dist/ instead.
import {execute} from '@oclif/core'

await execute({development: true, dir: import.meta.url})
