// Pixels of a screenshot, for browser tests that check what is drawn (a canvas has no DOM to
// inspect): a small decoder of the PNGs Chromium writes, and counts of colours in them.
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';

export interface Pixels {
  readonly width: number;
  readonly height: number;
  /** RGBA, row by row. */
  readonly data: Uint8Array;
}

/** Decodes an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium's screenshots are). */
export function decodePng(png: Buffer): Pixels {
  assert.equal(png.readUInt32BE(0), 0x89504e47, 'a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      assert.equal(body[8], 8, 'bit depth 8');
      assert.equal(body[12], 0, 'not interlaced');
      channels = body[9] === 6 ? 4 : body[9] === 2 ? 3 : 0;
      assert.ok(channels > 0, `colour type ${body[9]}`);
    } else if (type === 'IDAT') idat.push(body);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const rows = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const byte = raw[y * (stride + 1) + 1 + x] as number;
      const left = x >= channels ? (rows[y * stride + x - channels] as number) : 0;
      const up = y > 0 ? (rows[(y - 1) * stride + x] as number) : 0;
      const upLeft = y > 0 && x >= channels ? (rows[(y - 1) * stride + x - channels] as number) : 0;
      let value = byte;
      if (filter === 1) value += left;
      else if (filter === 2) value += up;
      else if (filter === 3) value += Math.floor((left + up) / 2);
      else if (filter === 4) {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        value += pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      }
      rows[y * stride + x] = value & 0xff;
    }
  }
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    data[i * 4] = rows[i * channels] as number;
    data[i * 4 + 1] = rows[i * channels + 1] as number;
    data[i * 4 + 2] = rows[i * channels + 2] as number;
    data[i * 4 + 3] = channels === 4 ? (rows[i * channels + 3] as number) : 255;
  }
  return { width, height, data };
}

/** Pixel counts of a screenshot: distinct colours (to 4 bits a channel), green and red pixels. */
export function census(pixels: Pixels): { colours: number; green: number; red: number } {
  const colours = new Set<number>();
  let green = 0;
  let red = 0;
  for (let i = 0; i < pixels.data.length; i += 4) {
    const [r, g, b] = [pixels.data[i] as number, pixels.data[i + 1] as number, pixels.data[i + 2] as number];
    colours.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
    if (g > r + 50 && g > b + 30) green++;
    if (r > 140 && r > g + 70 && r > b + 70) red++;
  }
  return { colours: colours.size, green, red };
}

/** How many pixels fall in each of the plans' marker colour families (light theme). */
export interface ColourCounts {
  readonly green: number;
  readonly yellow: number;
  readonly red: number;
  /** The stale grey (#9aa1aa and its anti-aliased edges). */
  readonly grey: number;
  /** Near white: paper, halos, the stale hatch's stripes. */
  readonly light: number;
  /** Text. */
  readonly dark: number;
}

export function colourCounts(pixels: Pixels): ColourCounts {
  let [green, yellow, red, grey, light, dark] = [0, 0, 0, 0, 0, 0];
  for (let i = 0; i < pixels.data.length; i += 4) {
    const [r, g, b] = [pixels.data[i] as number, pixels.data[i + 1] as number, pixels.data[i + 2] as number];
    if (g > r + 50 && g > b + 30) green++;
    else if (r > 180 && g > 120 && g < 200 && b < 80) yellow++;
    else if (r > 140 && r > g + 70 && r > b + 70) red++;
    else if (Math.max(r, g, b) - Math.min(r, g, b) < 30 && r > 110 && r < 200) grey++;
    else if (r > 225 && g > 225 && b > 225) light++;
    else if (r < 90 && g < 90 && b < 90) dark++;
  }
  return { green, yellow, red, grey, light, dark };
}
