import {createCanvas, loadImage} from '@napi-rs/canvas'

/** A decoded PNG whose pixels tests read as '#rrggbb'. */
export interface Pixels {
  width: number
  height: number
  at(x: number, y: number): string
}

export async function readPixels(png: Buffer): Promise<Pixels> {
  const image = await loadImage(png)
  const canvas = createCanvas(image.width, image.height)
  const ctx = canvas.getContext('2d')
  ctx.drawImage(image, 0, 0)
  const {data} = ctx.getImageData(0, 0, image.width, image.height)
  return {
    width: image.width,
    height: image.height,
    at(x, y) {
      const i = (y * image.width + x) * 4
      return `#${[data[i], data[i + 1], data[i + 2]].map((v) => v.toString(16).padStart(2, '0')).join('')}`
    },
  }
}

/** Bars of one of `colours`: each solid vertical run, left to right, with its colour, x span, top and bottom. */
export function bars(p: Pixels, colours: readonly string[]): {colour: string; x0: number; x1: number; top: number; bottom: number}[] {
  const wanted = new Set(colours)
  // The lowest row holding any bar colour is just above the x axis: every bar starts there.
  let bottom = -1
  for (let y = p.height - 1; y >= 0 && bottom < 0; y--) for (let x = 0; x < p.width; x++) if (wanted.has(p.at(x, y))) bottom = y
  const out: {colour: string; x0: number; x1: number; top: number; bottom: number}[] = []
  for (let x = 0; x < p.width; x++) {
    const colour = p.at(x, bottom)
    if (!wanted.has(colour)) continue
    const last = out[out.length - 1]
    if (last && last.colour === colour && last.x1 === x - 1) last.x1 = x
    else out.push({colour, x0: x, x1: x, top: bottom, bottom})
  }
  for (const bar of out) {
    const cx = Math.round((bar.x0 + bar.x1) / 2)
    while (bar.top > 0 && p.at(cx, bar.top - 1) === bar.colour) bar.top--
  }
  return out
}
