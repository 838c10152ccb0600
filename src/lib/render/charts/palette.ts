/**
 * Colours, defined once. Datasets use the Tableau 10 palette (distinct, colour-blind aware, and
 * stable: dataset i always gets colour i). Compatibility states use traffic-light colours plus a
 * glyph per state, so the grid is readable in greyscale print and by colour-blind readers.
 */
import type {CompatibilityState} from '../types.js'

export const DATASET_COLOURS: readonly string[] = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
]

export function datasetColour(index: number): string {
  return DATASET_COLOURS[index % DATASET_COLOURS.length]
}

export interface StateStyle {
  label: string
  fill: string
  /** Glyph colour drawn on top of the fill. */
  ink: string
}

export const STATE_STYLES: Readonly<Record<CompatibilityState, StateStyle>> = {
  compatible: {label: 'Compatible', fill: '#2e7d32', ink: '#ffffff'},
  incompatible: {label: 'Incompatible', fill: '#c62828', ink: '#ffffff'},
  partial: {label: 'Partial', fill: '#f9a825', ink: '#3e2723'},
  // Pale with a dashed outline and "?": "nobody tried" must never read as "it failed".
  untested: {label: 'Untested', fill: '#eeeeee', ink: '#616161'},
}

export const STATE_ORDER: readonly CompatibilityState[] = ['compatible', 'partial', 'incompatible', 'untested']

export const TEXT_COLOUR = '#222222'
export const GRID_COLOUR = '#e6e6e6'
