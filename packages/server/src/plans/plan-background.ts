import type { PlanBackground } from '@doppel/protocol';
import type { PlanProblems } from './plan-problems.js';

const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';
/**
 * What may come before the root `<svg`: a byte-order mark, the XML declaration, comments and a
 * DOCTYPE without an internal subset (which could declare entities), with whitespace between.
 * A comment's body cannot run past its `-->` (`[\s\S]*?` could, and then a run of comments
 * before something that is no `<svg` backtracks exponentially: 25 comments took 1.7 s).
 */
const SVG_START =
  /^\uFEFF?\s*(?:<\?xml\s[^>]*\?>\s*)?(?:(?:<!--(?:[^-]|-(?!->))*-->|<!DOCTYPE\s[^>[]*>)\s*)*<svg(?=[\s/>])([^>]*)>/;
const XMLNS = /\sxmlns\s*=\s*(["'])([^"']*)\1/;
const DATA_URL = /^data:image\/(png|jpeg|webp);base64,/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The first bytes of each image type accepted (WebP: "RIFF", 4 bytes of length, then "WEBP"). */
const SIGNATURES: Readonly<Record<string, (bytes: Uint8Array) => boolean>> = {
  png: (b) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((byte, i) => b[i] === byte),
  jpeg: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  webp: (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP',
};

/**
 * Checks a plan's background: its kind, that an SVG is an SVG document a browser draws as an
 * image, that an image is a PNG, JPEG or WebP data URL whose bytes say so, and its size.
 */
export function parseBackground(value: unknown, bytesMax: number, problems: PlanProblems): PlanBackground | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.add('/background', 'background must be an object with kind "svg", "image" or "none"');
    return undefined;
  }
  const fields = value as Record<string, unknown>;
  switch (fields.kind) {
    case 'svg':
      if (!problems.onlyKeys(fields, ['kind', 'svg'], 'background', '/background')) return undefined;
      return parseSvg(fields.svg, bytesMax, problems);
    case 'image':
      if (!problems.onlyKeys(fields, ['kind', 'dataUrl'], 'background', '/background')) return undefined;
      return parseImage(fields.dataUrl, bytesMax, problems);
    case 'none':
      if (!problems.onlyKeys(fields, ['kind'], 'background', '/background')) return undefined;
      return { kind: 'none' };
    default:
      problems.add('/background/kind', 'background.kind must be "svg", "image" or "none"');
      return undefined;
  }
}

function parseSvg(svg: unknown, bytesMax: number, problems: PlanProblems): PlanBackground | undefined {
  const pointer = '/background/svg';
  if (typeof svg !== 'string') return problems.add(pointer, 'background.svg must be a string (an SVG document)');
  const bytes = Buffer.byteLength(svg, 'utf8');
  if (bytes > bytesMax) {
    return problems.add(
      pointer,
      `background.svg is ${bytes} bytes; at most ${bytesMax} (limits.planBackgroundBytesMax)`,
    );
  }
  const start = SVG_START.exec(svg);
  if (start === null) {
    return problems.add(
      pointer,
      'background.svg must be an SVG document: it must start with <svg (after an optional XML declaration, comments and a DOCTYPE without internal subset)',
    );
  }
  if (XMLNS.exec(start[1] ?? '')?.[2] !== SVG_NAMESPACE) {
    return problems.add(
      pointer,
      `background.svg must declare xmlns="${SVG_NAMESPACE}" on its <svg> element: without it a browser does not draw it as an image`,
    );
  }
  return { kind: 'svg', svg };
}

function parseImage(dataUrl: unknown, bytesMax: number, problems: PlanProblems): PlanBackground | undefined {
  const pointer = '/background/dataUrl';
  const type = typeof dataUrl === 'string' ? DATA_URL.exec(dataUrl)?.[1] : undefined;
  if (typeof dataUrl !== 'string' || type === undefined) {
    return problems.add(
      pointer,
      'background.dataUrl must be a data URL of a PNG, JPEG or WebP image in base64: data:image/png;base64,… (or image/jpeg, image/webp)',
    );
  }
  const data = dataUrl.slice(dataUrl.indexOf(',') + 1);
  if (data.length % 4 !== 0 || !BASE64.test(data)) {
    return problems.add(
      pointer,
      'background.dataUrl must hold base64 after the comma (A-Z a-z 0-9 + /, padded with =)',
    );
  }
  const bytes = (data.length / 4) * 3 - (data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0);
  if (bytes > bytesMax) {
    return problems.add(
      pointer,
      `background.dataUrl holds ${bytes} bytes; at most ${bytesMax} (limits.planBackgroundBytesMax)`,
    );
  }
  const head = Buffer.from(data.slice(0, 16), 'base64');
  if (!(SIGNATURES[type]?.(head) ?? false)) {
    return problems.add(
      pointer,
      `background.dataUrl says image/${type} but its bytes are not a ${type.toUpperCase()} image`,
    );
  }
  return { kind: 'image', dataUrl };
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}
