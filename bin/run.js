#!/usr/bin/env node
// @oclif/core checks the Node version against its own `engines` by loading semver: ~50 modules and
// ~30-45 ms on every command. npm checks ours (package.json `engines`) at install time instead.
process.env.OCLIF_DISABLE_ENGINE_WARNING ??= '1'
const {execute} = await import('@oclif/core')

await execute({dir: import.meta.url})
