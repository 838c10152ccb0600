import type {Block, Section} from './types.js'

/**
 * A section's blocks as every format shows them: a table titled like its own section would print
 * the same words twice in a row ("Overview" over "Overview"), so that title is left to the heading.
 */
export function sectionBlocks(section: Section): Block[] {
  return section.blocks.map((block) =>
    block.kind === 'table' && block.table.title?.trim() === section.heading.trim()
      ? {...block, table: {...block.table, title: undefined}}
      : block,
  )
}
