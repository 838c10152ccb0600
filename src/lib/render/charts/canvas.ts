/**
 * Chart.js on @napi-rs/canvas. The font is loaded from the @fontsource/dejavu-sans package rather
 * than whatever the system has, so the same spec gives the same PNG bytes on any machine.
 */
import {createRequire} from 'node:module'

import {GlobalFonts, createCanvas, type Canvas, type SKRSContext2D} from '@napi-rs/canvas'
import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, SubTitle, Title,
  type ChartConfiguration, type Plugin,
} from 'chart.js'

import {TEXT_COLOUR} from './palette.js'

export const FONT_FAMILY = 'DejaVu Sans Bench'

let ready = false

/** Registers fonts and Chart.js components once, on first use, so importing stays cheap. */
export function ensureChartSetup(): void {
  if (ready) return
  const require = createRequire(import.meta.url)
  // WOFF, not WOFF2: the same DejaVu glyphs (the PNG bytes are identical), but zlib instead of
  // Brotli plus WOFF2's table transforms to decode: registering both weights takes ~10 ms, not ~25.
  for (const weight of ['400', '700']) {
    const path = require.resolve(`@fontsource/dejavu-sans/files/dejavu-sans-latin-${weight}-normal.woff`)
    if (!GlobalFonts.registerFromPath(path, FONT_FAMILY)) throw new Error(`could not load chart font ${path}`)
  }
  // Only what bar.ts and line.ts draw with (not all of Chart.js's registerables: a one-shot process
  // pays for every controller, scale and plugin it registers; tooltips and animations never show
  // on a PNG). The Colors plugin is left out too: every dataset here sets its own colours.
  Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Title, SubTitle, Legend)
  Chart.defaults.font.family = FONT_FAMILY
  Chart.defaults.font.size = 13
  Chart.defaults.color = TEXT_COLOUR
  ready = true
}

// Transparent PNGs look broken on dark viewers and in print; paint white under every chart.
const whiteBackground: Plugin = {
  id: 'benchdb-white-background',
  beforeDraw(chart) {
    chart.ctx.save()
    chart.ctx.fillStyle = 'white'
    chart.ctx.fillRect(0, 0, chart.width, chart.height)
    chart.ctx.restore()
  },
}

export async function renderChartJsPng(config: ChartConfiguration, width: number, height: number): Promise<Buffer> {
  ensureChartSetup()
  const canvas = createCanvas(width, height)
  const chart = new Chart(canvas.getContext('2d') as unknown as CanvasRenderingContext2D, {
    ...config,
    options: {...config.options, responsive: false, animation: false, devicePixelRatio: 1},
    plugins: [...(config.plugins ?? []), whiteBackground],
  } as ChartConfiguration)
  try {
    return await canvas.encode('png')
  } finally {
    chart.destroy()
  }
}

/** For charts drawn by hand (the heat map): a white canvas with the chart font registered. */
export function createWhiteCanvas(width: number, height: number): {canvas: Canvas; ctx: SKRSContext2D} {
  ensureChartSetup()
  const canvas = createCanvas(width, height)
  const ctx = canvas.getContext('2d')
  ctx.fillStyle = 'white'
  ctx.fillRect(0, 0, width, height)
  return {canvas, ctx}
}
