import {describe} from '@jest/globals'
import {existsSync} from 'node:fs'
import type {Browser} from 'playwright-core'

/**
 * Headless Chromium (Debian's package, driven by playwright-core, which never downloads a browser).
 * Skipped only on a developer machine without it; in CI (CI set) a missing browser fails the suite.
 */
export const CHROMIUM = '/usr/bin/chromium'
const available = existsSync(CHROMIUM) || Boolean(process.env.CI)
if (!available) console.warn(`browser tests skipped: ${CHROMIUM} not found (apt-get install -y chromium); they always run when CI is set`)
export const describeBrowser: (name: string, fn: () => void) => void = available ? describe : describe.skip

export async function launchChromium(): Promise<Browser> {
  const {chromium} = await import('playwright-core')
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  })
}
