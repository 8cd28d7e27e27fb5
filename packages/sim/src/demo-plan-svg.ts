import type { DemoDoor, DemoEquipment, DemoFloor, DemoRoom, DemoWindow, Rect } from './demo-geometry-types.js';
import { DEMO_MODEL_IDS } from './demo-model-ids.js';

/**
 * A floor drawn as an architectural plan, in SVG: viewBox = the floor frame in metres, so it lays
 * over the plan's frame exactly. Exterior walls thick, interior walls thin, door leaves with their
 * swing, windows in the facades, stairs with treads, room names with number and area, the assets'
 * footprints, a scale bar and a north arrow. Self-contained: no external references, system fonts
 * only (a plan is shown as an image, which loads nothing).
 */
export function floorPlanSvg(floor: DemoFloor): string {
  const nameSize = roomNameSize(floor.rooms);
  const withAssets = new Set(floor.equipment.filter((item) => item.kind === 'asset').map((item) => item.roomId));
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n(floor.width)} ${n(floor.height)}" width="${n(floor.width * PX_PER_M)}" height="${n(floor.height * PX_PER_M)}" font-family="${FONTS}">`,
    `<title>${escape(`${floor.name}: floor plan`)}</title>`,
    `<style>${STYLE}</style>`,
    `<rect width="${n(floor.width)}" height="${n(floor.height)}" fill="#ffffff"/>`,
    ...floor.commons.map((common) => rect(common, `c-${common.kind}`)),
    ...floor.rooms.map((room) => rect(room, `r-${room.usage}`)),
    ...floor.commons.filter((common) => common.kind === 'stairs').map(stairTreads),
    ...floor.equipment.filter((item) => item.kind === 'asset').map(footprint),
    path(
      'wall',
      floor.walls.filter((wall) => !wall.exterior),
    ),
    path(
      'ext',
      floor.walls.filter((wall) => wall.exterior),
    ),
    ...floor.windows.map(windowOpening),
    doors(
      'door',
      floor.doors.filter((door) => door.kind !== 'roller'),
    ),
    doors(
      'roller',
      floor.doors.filter((door) => door.kind === 'roller'),
    ),
    ...floor.rooms.map((room) => roomLabel(room, nameSize, withAssets.has(room.id))),
    ...floor.commons.map(commonLabel),
    legend(floor),
    '</svg>',
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>\n${parts.join('\n')}\n`;
}

/** Intrinsic size of the image: 20 px per metre. */
const PX_PER_M = 20;
const FONTS = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
/** Average glyph width of those fonts, in ems, to fit a label in its room. */
const GLYPH_EM = 0.58;
/** Room names are this high (metres), or smaller down to the minimum where a room is narrow. */
const NAME_SIZE_MAX = 0.9;
const NAME_SIZE_MIN = 0.4;
const STYLE = [
  '.r-production{fill:#f5f1e8}.r-plant{fill:#eceff2}.r-storage{fill:#f2efe9}.r-office{fill:#eef4fa}.r-meeting{fill:#f1f0f9}',
  '.c-corridor{fill:#f7f7f5}.c-open-plan{fill:#fafbfc}.c-stairs{fill:#f1f1ef}.c-toilets{fill:#eef3f3}',
  '.wall{fill:none;stroke:#3b4046;stroke-width:.12;stroke-linecap:square}',
  '.ext{fill:none;stroke:#1d2125;stroke-width:.3}',
  '.win{fill:#ffffff;stroke:#1d2125;stroke-width:.04}',
  '.door{fill:none;stroke:#5b6168;stroke-width:.04}.roller{fill:none;stroke:#5b6168;stroke-width:.1;stroke-dasharray:.3 .2}',
  '.tread{fill:none;stroke:#a2a8ae;stroke-width:.03}',
  '.eq{fill:#e4e7ea;stroke:#7a8188;stroke-width:.05}',
  '.name{fill:#262a2f;font-weight:600;text-anchor:middle}.info{fill:#6a7178;text-anchor:middle}',
  '.common{fill:#8d939a;font-style:italic;text-anchor:middle}.tag{fill:#5f666d;text-anchor:middle}',
  '.legend{fill:#6a7178}.bar{fill:none;stroke:#6a7178;stroke-width:.06}',
].join('');

function rect(area: Rect, className: string): string {
  return `<rect class="${className}" x="${n(area.x)}" y="${n(area.y)}" width="${n(area.width)}" height="${n(area.height)}"/>`;
}

function path(className: string, walls: readonly { x1: number; y1: number; x2: number; y2: number }[]): string {
  const d = walls.map(
    (wall) => `M${n(wall.x1)} ${n(wall.y1)}${wall.y1 === wall.y2 ? `H${n(wall.x2)}` : `V${n(wall.y2)}`}`,
  );
  return `<path class="${className}" d="${d.join('')}"/>`;
}

/** A window: a white gap across the wall's thickness with its frame and a line for the glass. */
function windowOpening(opening: DemoWindow): string {
  const half = opening.width / 2;
  const depth = 0.3;
  const box =
    opening.along === 'x'
      ? { x: opening.x - half, y: opening.y - depth / 2, width: opening.width, height: depth }
      : { x: opening.x - depth / 2, y: opening.y - half, width: depth, height: opening.width };
  const glass =
    opening.along === 'x'
      ? `M${n(opening.x - half)} ${n(opening.y)}H${n(opening.x + half)}`
      : `M${n(opening.x)} ${n(opening.y - half)}V${n(opening.y + half)}`;
  return `${rect(box, 'win')}<path class="win" d="${glass}"/>`;
}

function doors(className: string, list: readonly DemoDoor[]): string {
  return list.length === 0 ? '' : `<path class="${className}" d="${list.map(doorPath).join('')}"/>`;
}

/**
 * A door's leaves (a line square to the wall) and their swing (a quarter circle), or a roller
 * door's dashed line across the opening. In the SVG frame (y down) a positive angle turns
 * clockwise, which sets each arc's sweep flag.
 */
function doorPath(door: DemoDoor): string {
  const half = door.width / 2;
  const along = (t: number, out: number): [number, number] =>
    door.along === 'x' ? [door.x + t, door.y + out * door.swing] : [door.x + out * door.swing, door.y + t];
  const point = ([x, y]: [number, number]): string => `${n(x)} ${n(y)}`;
  if (door.kind === 'roller') return `M${point(along(-half, 0))}L${point(along(half, 0))}`;
  /** A leaf hinged at `hinge` (an end of the opening) reaching `length` towards `towards`. */
  const leaf = (hinge: number, towards: number, length: number): string => {
    const open = along(hinge, length);
    const shut = along(hinge + towards * length, 0);
    // From the open leaf's tip round to the shut position: clockwise in the SVG frame or not.
    const clockwise = (door.along === 'x' ? -towards : towards) * door.swing > 0;
    return `M${point(along(hinge, 0))}L${point(open)}A${n(length)} ${n(length)} 0 0 ${clockwise ? 1 : 0} ${point(shut)}`;
  };
  return door.kind === 'single' ? leaf(-half, 1, door.width) : leaf(-half, 1, half) + leaf(half, -1, half);
}

function stairTreads(stairs: Rect): string {
  const flights = [
    [stairs.x + 0.25, stairs.x + stairs.width / 2 - 0.1],
    [stairs.x + stairs.width / 2 + 0.1, stairs.x + stairs.width - 0.4],
  ] as const;
  const [top, bottom] = [stairs.y + 0.9, stairs.y + stairs.height - 3];
  const d: string[] = [];
  for (const [from, to] of flights) {
    for (let y = top; y <= bottom + 1e-9; y += 0.3) d.push(`M${n(from)} ${n(y)}H${n(to)}`);
  }
  d.push(`M${n(stairs.x + stairs.width / 2)} ${n(top)}V${n(bottom)}`);
  return `<path class="tread" d="${d.join('')}"/>`;
}

const ASSET_TAGS: Readonly<Record<string, string>> = {
  [DEMO_MODEL_IDS.chiller]: 'CH',
  [DEMO_MODEL_IDS.pump]: 'P',
  [DEMO_MODEL_IDS.airHandlingUnit]: 'AHU',
  [DEMO_MODEL_IDS.cncMachine]: 'CNC',
};

/** An asset's outline with its tag (CH-1, P-3, AHU-2, CNC-7) under it. */
function footprint(asset: DemoEquipment): string {
  const size = asset.footprint ?? { width: 1, depth: 1 };
  const box = { x: asset.x - size.width / 2, y: asset.y - size.depth / 2, width: size.width, height: size.depth };
  const tag = `${ASSET_TAGS[asset.modelId] ?? 'EQ'}-${/(\d+)$/.exec(asset.id)?.[1] ?? ''}`;
  return `${rect(box, 'eq')}${text('tag', asset.x, asset.y + size.depth / 2 + 0.5, 0.42, tag)}`;
}

/**
 * Name (on one or two lines), then number and area; centred in the room, or at the top of a room
 * whose middle is taken by assets.
 */
function roomLabel(room: DemoRoom, nameSize: number, atTop: boolean): string {
  const lines = nameLines(room.name, room.width, nameSize) ?? [room.name];
  const infoSize = nameSize * 0.7;
  const lineHeight = nameSize * 1.15;
  const block = lines.length * lineHeight + infoSize * 1.3;
  const top = atTop ? room.y + 0.8 : room.y + room.height / 2 - block / 2;
  const cx = room.x + room.width / 2;
  const names = lines.map((line, i) => text('name', cx, top + nameSize * 0.85 + i * lineHeight, nameSize, line));
  const info = `${room.number} · ${n(room.areaM2)} m²`;
  return (
    names.join('') +
    text('info', cx, top + nameSize * 0.85 + (lines.length - 1) * lineHeight + infoSize * 1.4, infoSize, info)
  );
}

/** One text size for every room name of a floor, as plans have: the largest that fits each room on two lines. */
function roomNameSize(rooms: readonly DemoRoom[]): number {
  let size = NAME_SIZE_MAX;
  while (size > NAME_SIZE_MIN && rooms.some((room) => nameLines(room.name, room.width, size) === undefined)) {
    size = Math.round((size - 0.05) * 100) / 100;
  }
  return size;
}

/** The name's words on at most two lines that fit the room's width with 0.5 m each side, or undefined. */
function nameLines(name: string, width: number, size: number): string[] | undefined {
  const fits = (line: string): boolean => line.length * GLYPH_EM * size <= width - 1;
  if (fits(name)) return [name];
  const words = name.split(' ');
  for (let split = words.length - 1; split > 0; split--) {
    const lines = [words.slice(0, split).join(' '), words.slice(split).join(' ')];
    if (lines.every(fits)) return lines;
  }
  return undefined;
}

function commonLabel(common: DemoFloor['commons'][number]): string {
  switch (common.kind) {
    case 'corridor':
      return text('common', common.x + common.width / 2 - 4, common.y + common.height / 2 + 0.25, 0.7, common.name);
    case 'stairs':
      return text('common', common.x + common.width / 2, common.y + common.height - 1.2, 0.5, common.name);
    case 'toilets':
      return text('common', common.x + common.width / 2, common.y + common.height / 2, 0.6, common.name);
    case 'open-plan':
      return text('common', common.x + common.width / 2, common.y + common.height / 2 + 0.3, 0.9, common.name);
  }
}

/** The floor's name at the corridor's west end; a 10 m scale bar and a north arrow at its east end. */
function legend(floor: DemoFloor): string {
  const corridor = floor.commons.find((common) => common.kind === 'corridor');
  if (corridor === undefined) return '';
  const mid = corridor.y + corridor.height / 2;
  const [x0, y] = [corridor.x + corridor.width - 18, mid + 0.55];
  const ticks = [0, 5, 10].map((m) => `M${n(x0 + m)} ${n(y - 0.25)}V${n(y + 0.05)}`).join('');
  const north = corridor.x + corridor.width - 5.5;
  return [
    `<text class="legend" x="${n(corridor.x + 2.2)}" y="${n(mid + 0.25)}" font-size="0.7" font-weight="600">${escape(floor.name)}</text>`,
    `<path class="bar" d="M${n(x0)} ${n(y)}H${n(x0 + 10)}${ticks}"/>`,
    ...[0, 5, 10].map((m) => text('info', x0 + m, y - 0.45, 0.45, m === 10 ? '10 m' : String(m))),
    `<path fill="#6a7178" d="M${n(north)} ${n(mid - 1)}L${n(north + 0.4)} ${n(mid + 0.35)}L${n(north)} ${n(mid + 0.1)}L${n(north - 0.4)} ${n(mid + 0.35)}Z"/>`,
    text('info', north, mid + 1, 0.45, 'N'),
  ].join('');
}

function text(className: string, x: number, y: number, size: number, content: string): string {
  return `<text class="${className}" x="${n(x)}" y="${n(y)}" font-size="${n(size)}">${escape(content)}</text>`;
}

/** Centimetres, without trailing zeros: SVG numbers stay short. */
function n(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function escape(content: string): string {
  return content.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);
}
