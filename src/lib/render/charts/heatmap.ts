/**
 * The compatibility grid (e.g. models × hardware), drawn directly on the canvas: Chart.js has no
 * matrix chart without a plugin dependency, and a grid of labelled cells is simple to lay out.
 * Each state has a colour AND a glyph (✓ × ~ ?) so it survives greyscale printing.
 */
import type {SKRSContext2D} from '@napi-rs/canvas'

import type {CompatibilityState, HeatmapSpec} from '../types.js'
import {FONT_FAMILY, createWhiteCanvas} from './canvas.js'
import {STATE_ORDER, STATE_STYLES, TEXT_COLOUR} from './palette.js'

const MARGIN = 16
const TITLE_SIZE = 18
const LABEL_SIZE = 12
const MAX_CELL_WIDTH = 110
const MIN_CELL_HEIGHT = 16
const DEFAULT_CELL_HEIGHT = 28
const GAP = 2

const font = (size: number, bold = false) => `${bold ? 'bold ' : ''}${size}px "${FONT_FAMILY}"`

function fitText(ctx: SKRSContext2D, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text
  let chars = [...text]
  while (chars.length > 0 && ctx.measureText(`${chars.join('')}…`).width > maxWidth) chars = chars.slice(0, -1)
  return `${chars.join('')}…`
}

interface Layout {
  titleHeight: number
  legendTop: number
  headerTop: number
  gridTop: number
  gridLeft: number
  cellWidth: number
  cellHeight: number
  rotateColumnLabels: boolean
}

const LEGEND_HEIGHT = 24

function headerHeight(ctx: SKRSContext2D, spec: HeatmapSpec, cellWidth: number): {height: number; rotate: boolean} {
  ctx.font = font(LABEL_SIZE)
  const widest = Math.max(0, ...spec.columns.map((c) => ctx.measureText(c).width))
  const axis = spec.columnLabel ? LABEL_SIZE + 10 : 0
  if (widest <= cellWidth - 6) return {height: LABEL_SIZE + 10 + axis, rotate: false}
  // Rotated 45°: the label's vertical extent, capped so a long name cannot eat the grid.
  return {height: Math.min(widest, 140) * Math.SQRT1_2 + LABEL_SIZE + axis, rotate: true}
}

function layout(ctx: SKRSContext2D, spec: HeatmapSpec, width: number, height?: number): Layout & {height: number} {
  const titleHeight = TITLE_SIZE + 8 + (spec.subtitle ? LABEL_SIZE + 8 : 0)
  ctx.font = font(LABEL_SIZE)
  const rowLabelWidth = Math.min(width * 0.35, Math.max(40, ...[...spec.rows, spec.rowLabel ?? ''].map((r) => ctx.measureText(r).width)) + 10)
  const gridLeft = MARGIN + rowLabelWidth
  const columns = Math.max(1, spec.columns.length)
  let cellWidth = Math.min(MAX_CELL_WIDTH, (width - gridLeft - MARGIN) / columns)
  const header = headerHeight(ctx, spec, cellWidth)
  if (header.rotate) {
    // Rotated labels lean right; leave room for the last one to stay on the canvas.
    const overhang = (header.height - LABEL_SIZE) - cellWidth / 2
    cellWidth = Math.min(cellWidth, (width - gridLeft - MARGIN - Math.max(0, overhang)) / columns)
  }
  const legendTop = MARGIN + titleHeight
  const headerTop = legendTop + LEGEND_HEIGHT + 8
  const gridTop = headerTop + header.height
  const rows = Math.max(1, spec.rows.length)
  const cellHeight = height === undefined ? DEFAULT_CELL_HEIGHT : Math.max(MIN_CELL_HEIGHT, Math.min(48, (height - gridTop - MARGIN) / rows))
  return {
    titleHeight,
    legendTop,
    headerTop,
    gridTop,
    gridLeft,
    cellWidth,
    cellHeight,
    rotateColumnLabels: header.rotate,
    height: height ?? Math.ceil(gridTop + rows * cellHeight + MARGIN),
  }
}

/** A state's glyph, drawn as strokes so it needs no symbol font. */
function drawGlyph(ctx: SKRSContext2D, state: CompatibilityState, cx: number, cy: number, size: number): void {
  const s = size / 2
  ctx.save()
  ctx.strokeStyle = STATE_STYLES[state].ink
  ctx.fillStyle = STATE_STYLES[state].ink
  ctx.lineWidth = Math.max(1.5, size / 7)
  ctx.lineCap = 'round'
  ctx.beginPath()
  if (state === 'compatible') {
    ctx.moveTo(cx - s * 0.7, cy)
    ctx.lineTo(cx - s * 0.2, cy + s * 0.5)
    ctx.lineTo(cx + s * 0.7, cy - s * 0.5)
  } else if (state === 'incompatible') {
    ctx.moveTo(cx - s * 0.5, cy - s * 0.5)
    ctx.lineTo(cx + s * 0.5, cy + s * 0.5)
    ctx.moveTo(cx + s * 0.5, cy - s * 0.5)
    ctx.lineTo(cx - s * 0.5, cy + s * 0.5)
  } else if (state === 'partial') {
    ctx.moveTo(cx - s * 0.6, cy + s * 0.1)
    ctx.bezierCurveTo(cx - s * 0.3, cy - s * 0.4, cx - s * 0.1, cy - s * 0.3, cx, cy)
    ctx.bezierCurveTo(cx + s * 0.1, cy + s * 0.3, cx + s * 0.3, cy + s * 0.4, cx + s * 0.6, cy - s * 0.1)
  } else {
    ctx.font = font(Math.round(size * 0.9), true)
    ctx.textAlign = 'center'
    ctx.textBaseline = 'middle'
    ctx.fillText('?', cx, cy)
  }
  ctx.stroke()
  ctx.restore()
}

function drawCell(ctx: SKRSContext2D, state: CompatibilityState, x: number, y: number, w: number, h: number): void {
  ctx.fillStyle = STATE_STYLES[state].fill
  ctx.fillRect(x, y, w, h)
  if (state === 'untested') {
    ctx.save()
    ctx.strokeStyle = STATE_STYLES.untested.ink
    ctx.setLineDash([3, 3])
    ctx.strokeRect(x + 0.5, y + 0.5, w - 1, h - 1)
    ctx.restore()
  }
  drawGlyph(ctx, state, x + w / 2, y + h / 2, Math.min(w, h) * 0.6)
}

function drawLegend(ctx: SKRSContext2D, top: number, width: number): void {
  ctx.font = font(LABEL_SIZE)
  const box = 16
  const items = STATE_ORDER.map((state) => ({state, label: STATE_STYLES[state].label, w: box + 6 + ctx.measureText(STATE_STYLES[state].label).width}))
  const total = items.reduce((sum, item) => sum + item.w, 0) + 18 * (items.length - 1)
  let x = Math.max(MARGIN, (width - total) / 2)
  ctx.textBaseline = 'middle'
  ctx.textAlign = 'left'
  for (const item of items) {
    drawCell(ctx, item.state, x, top + 4, box, box)
    ctx.fillStyle = TEXT_COLOUR
    ctx.fillText(item.label, x + box + 6, top + 4 + box / 2)
    x += item.w + 18
  }
}

function drawTitles(ctx: SKRSContext2D, spec: HeatmapSpec, width: number): void {
  ctx.fillStyle = TEXT_COLOUR
  ctx.textAlign = 'center'
  ctx.textBaseline = 'top'
  ctx.font = font(TITLE_SIZE, true)
  ctx.fillText(fitText(ctx, spec.title, width - 2 * MARGIN), width / 2, MARGIN)
  if (spec.subtitle) {
    ctx.font = font(LABEL_SIZE)
    ctx.fillText(fitText(ctx, spec.subtitle, width - 2 * MARGIN), width / 2, MARGIN + TITLE_SIZE + 8)
  }
}

function drawColumnLabels(ctx: SKRSContext2D, spec: HeatmapSpec, l: Layout, width: number): void {
  ctx.fillStyle = TEXT_COLOUR
  const axisHeight = spec.columnLabel ? LABEL_SIZE + 10 : 0
  if (spec.columnLabel) {
    ctx.font = font(LABEL_SIZE, true)
    ctx.textAlign = 'center'
    ctx.textBaseline = 'top'
    const gridWidth = l.cellWidth * spec.columns.length
    ctx.fillText(fitText(ctx, spec.columnLabel, width - l.gridLeft - MARGIN), l.gridLeft + gridWidth / 2, l.headerTop)
  }
  ctx.font = font(LABEL_SIZE)
  spec.columns.forEach((label, c) => {
    const cx = l.gridLeft + (c + 0.5) * l.cellWidth
    if (!l.rotateColumnLabels) {
      ctx.textAlign = 'center'
      ctx.textBaseline = 'bottom'
      ctx.fillText(fitText(ctx, label, l.cellWidth - 6), cx, l.gridTop - 4)
      return
    }
    ctx.save()
    ctx.translate(cx, l.gridTop - 4)
    ctx.rotate(-Math.PI / 4)
    ctx.textAlign = 'left'
    ctx.textBaseline = 'middle'
    ctx.fillText(fitText(ctx, label, (l.gridTop - l.headerTop - axisHeight - 4) / Math.SQRT1_2), 0, 0)
    ctx.restore()
  })
}

function drawRows(ctx: SKRSContext2D, spec: HeatmapSpec, l: Layout): void {
  if (spec.rowLabel) {
    ctx.font = font(LABEL_SIZE, true)
    ctx.fillStyle = TEXT_COLOUR
    ctx.textAlign = 'right'
    ctx.textBaseline = 'bottom'
    ctx.fillText(fitText(ctx, spec.rowLabel, l.gridLeft - MARGIN - 6), l.gridLeft - 6, l.gridTop - 4)
  }
  spec.rows.forEach((label, r) => {
    const y = l.gridTop + r * l.cellHeight
    ctx.font = font(LABEL_SIZE)
    ctx.fillStyle = TEXT_COLOUR
    ctx.textAlign = 'right'
    ctx.textBaseline = 'middle'
    ctx.fillText(fitText(ctx, label, l.gridLeft - MARGIN - 6), l.gridLeft - 6, y + l.cellHeight / 2)
    spec.columns.forEach((_column, c) => {
      const state = spec.cells[r]?.[c] ?? 'untested'
      drawCell(ctx, state, l.gridLeft + c * l.cellWidth + GAP / 2, y + GAP / 2, l.cellWidth - GAP, l.cellHeight - GAP)
    })
  })
}

/** Height defaults to what the rows need (a 50-model grid should not be squeezed into 450 px). */
export async function renderHeatmapPng(spec: HeatmapSpec, width = 800, height?: number): Promise<Buffer> {
  const measuring = createWhiteCanvas(1, 1).ctx
  const l = layout(measuring, spec, width, height)
  const {canvas, ctx} = createWhiteCanvas(width, l.height)
  drawTitles(ctx, spec, width)
  drawLegend(ctx, l.legendTop, width)
  drawColumnLabels(ctx, spec, l, width)
  drawRows(ctx, spec, l)
  return canvas.encode('png')
}
