/**
 * Builds the 3D scene of a site as a binary glTF 2.0 file (`.glb`) from its geometry in metres
 * (the shape of @doppel/sim's `DemoGeometry`, demo-geometry-types.ts: each floor in its own frame,
 * x east, y south). Pure and deterministic: no DOM, no Node, no dates; the same input gives the
 * same bytes. scripts/gen-demo-scene.ts writes the demo plant's scene with it.
 *
 * Layout of the scene: a root node `site`; per floor a node named by the floor twin, raised by its
 * elevation, holding its slab, its walls (door lintels included, merged into one mesh), its window
 * panes (one mesh), a floor-area mesh per room and a mesh per positioned twin. Every twin's mesh is
 * named by the twin id and carries `extras: { twinId, kind }`, which three's GLTFLoader puts in
 * `userData`: the 3D view binds live values to meshes by it.
 */

/** The parts of a floor the scene needs (structurally a subset of @doppel/sim's DemoFloor). */
export interface SceneFloorInput {
  readonly id: string;
  readonly name: string;
  readonly level: number;
  readonly elevation: number;
  readonly width: number;
  readonly height: number;
  readonly rooms: readonly {
    readonly id: string;
    readonly name: string;
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly height: number;
  }[];
  readonly walls: readonly {
    readonly x1: number;
    readonly y1: number;
    readonly x2: number;
    readonly y2: number;
    readonly thickness: number;
  }[];
  readonly doors: readonly SceneOpening[];
  readonly windows: readonly SceneOpening[];
  readonly equipment: readonly {
    readonly id: string;
    readonly roomId: string;
    readonly modelId: string;
    readonly kind: 'asset' | 'sensor';
    readonly x: number;
    readonly y: number;
    readonly footprint?: { readonly width: number; readonly depth: number };
  }[];
}

export interface SceneOpening {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly along: 'x' | 'y';
}

export interface SceneInput {
  readonly storeyHeight: number;
  readonly floors: readonly SceneFloorInput[];
}

/** What a twin's mesh stands for (in its `extras.kind`). */
export type SceneTwinKind = 'floor' | 'room' | 'asset' | 'sensor';

/** Heights in metres above a floor's slab. */
export const SCENE_DIMENSIONS = {
  slabThickness: 0.3,
  wallHeight: 3,
  doorHeight: 2.1,
  windowSill: 0.9,
  windowTop: 2.4,
  /** Rooms' floor areas: a thin plate on the slab, inset from the walls' centre lines. */
  roomPlate: 0.04,
  /** Wall-hung sensors, at switch height. */
  sensorHeight: 1.5,
  /** Sensors are pucks this big (larger than life, so that a colour can be read from afar). */
  sensorRadius: 0.3,
  sensorThickness: 0.3,
} as const;

/** Asset heights by model name (the DTMI's last segment), metres; others get the default. */
const ASSET_HEIGHTS: Readonly<Record<string, number>> = {
  Chiller: 1.9,
  Pump: 0.9,
  AirHandlingUnit: 2.2,
  CncMachine: 2.1,
};
const ASSET_HEIGHT_DEFAULT = 1.2;
const ASSET_FOOTPRINT_DEFAULT = { width: 1, depth: 1 };

/** Base colours (linear RGB factors); the view recolours twins by status at run time. */
const MATERIALS = [
  { name: 'slab', color: [0.42, 0.45, 0.5] },
  { name: 'wall', color: [0.86, 0.87, 0.89] },
  { name: 'glass', color: [0.3, 0.52, 0.75] },
  { name: 'room', color: [0.9, 0.91, 0.93] },
  { name: 'asset', color: [0.45, 0.5, 0.56] },
  { name: 'sensor', color: [0.54, 0.58, 0.62] },
] as const;
type MaterialName = (typeof MATERIALS)[number]['name'];
const materialIndex = (name: MaterialName): number => MATERIALS.findIndex((material) => material.name === name);

/** The model name of a DTMI: `Chiller` for `dtmi:doppel:demo:Chiller;1`. */
export function modelName(modelId: string): string {
  return /:([^:;]+);\d+$/.exec(modelId)?.[1] ?? modelId;
}

export function assetHeight(modelId: string): number {
  return ASSET_HEIGHTS[modelName(modelId)] ?? ASSET_HEIGHT_DEFAULT;
}

/** Triangles collected for one primitive: positions, normals, indices. */
class Geometry {
  readonly positions: number[] = [];
  readonly normals: number[] = [];
  readonly indices: number[] = [];

  get vertexCount(): number {
    return this.positions.length / 3;
  }

  /** An axis-aligned box from min to max (glTF frame: y up), with flat normals per face. */
  box(min: readonly [number, number, number], max: readonly [number, number, number]): this {
    const [x0, y0, z0] = min;
    const [x1, y1, z1] = max;
    const faces: [normal: [number, number, number], corners: [number, number, number][]][] = [
      [
        [1, 0, 0],
        [
          [x1, y0, z1],
          [x1, y0, z0],
          [x1, y1, z0],
          [x1, y1, z1],
        ],
      ],
      [
        [-1, 0, 0],
        [
          [x0, y0, z0],
          [x0, y0, z1],
          [x0, y1, z1],
          [x0, y1, z0],
        ],
      ],
      [
        [0, 1, 0],
        [
          [x0, y1, z1],
          [x1, y1, z1],
          [x1, y1, z0],
          [x0, y1, z0],
        ],
      ],
      [
        [0, -1, 0],
        [
          [x0, y0, z0],
          [x1, y0, z0],
          [x1, y0, z1],
          [x0, y0, z1],
        ],
      ],
      [
        [0, 0, 1],
        [
          [x0, y0, z1],
          [x1, y0, z1],
          [x1, y1, z1],
          [x0, y1, z1],
        ],
      ],
      [
        [0, 0, -1],
        [
          [x1, y0, z0],
          [x0, y0, z0],
          [x0, y1, z0],
          [x1, y1, z0],
        ],
      ],
    ];
    for (const [normal, corners] of faces) this.quad(corners, normal);
    return this;
  }

  /** An upright cylinder of radius 1 from y = 0 to 1, centred on the y axis. */
  cylinder(segments: number): this {
    const ring = (index: number): [number, number] => {
      const angle = (2 * Math.PI * (index % segments)) / segments;
      return [Math.cos(angle), Math.sin(angle)];
    };
    for (let i = 0; i < segments; i++) {
      const [ax, az] = ring(i);
      const [bx, bz] = ring(i + 1);
      const [mx, mz] = ring(i + 0.5);
      // Side: flat-shaded facets (pucks read better with crisp edges).
      this.quad(
        [
          [bx, 0, bz],
          [ax, 0, az],
          [ax, 1, az],
          [bx, 1, bz],
        ],
        [mx, 0, mz],
      );
      this.triangle([0, 1, 0], [0, 1, 0], [bx, 1, bz], [ax, 1, az]);
      this.triangle([0, -1, 0], [0, 0, 0], [ax, 0, az], [bx, 0, bz]);
    }
    return this;
  }

  private quad(corners: readonly (readonly [number, number, number])[], normal: readonly [number, number, number]) {
    const base = this.vertexCount;
    for (const corner of corners) {
      this.positions.push(...corner);
      this.normals.push(...normal);
    }
    this.indices.push(base, base + 1, base + 2, base, base + 2, base + 3);
  }

  private triangle(
    normal: readonly [number, number, number],
    ...corners: readonly (readonly [number, number, number])[]
  ): void {
    const base = this.vertexCount;
    for (const corner of corners) {
      this.positions.push(...corner);
      this.normals.push(...normal);
    }
    this.indices.push(base, base + 1, base + 2);
  }
}

/** Rounds to a millimetre (stable output, whatever the float noise of the input). */
const mm = (value: number): number => Math.round(value * 1000) / 1000;

interface GltfNode {
  name: string;
  mesh?: number;
  translation?: number[];
  scale?: number[];
  children?: number[];
  extras?: Record<string, unknown>;
}

/** Accumulates the glTF document and its binary buffer. */
class GltfWriter {
  readonly nodes: GltfNode[] = [];
  readonly meshes: {
    name: string;
    primitives: { attributes: Record<string, number>; indices: number; material: number }[];
  }[] = [];
  readonly accessors: Record<string, unknown>[] = [];
  readonly bufferViews: Record<string, unknown>[] = [];
  private readonly chunks: Uint8Array[] = [];
  private byteLength = 0;

  /** Stores a geometry once; returns its attributes and indices accessors. */
  geometry(geometry: Geometry): { attributes: Record<string, number>; indices: number } {
    const positions = new Float32Array(geometry.positions);
    const min = [Infinity, Infinity, Infinity];
    const max = [-Infinity, -Infinity, -Infinity];
    for (let i = 0; i < positions.length; i++) {
      const axis = i % 3;
      const value = positions[i] as number;
      min[axis] = Math.min(min[axis] as number, value);
      max[axis] = Math.max(max[axis] as number, value);
    }
    const position = this.accessor(positions, 34962, { componentType: 5126, type: 'VEC3', min, max });
    const normal = this.accessor(new Float32Array(geometry.normals), 34962, { componentType: 5126, type: 'VEC3' });
    const wide = geometry.vertexCount > 0xffff;
    const indexArray = wide ? new Uint32Array(geometry.indices) : new Uint16Array(geometry.indices);
    const indices = this.accessor(indexArray, 34963, { componentType: wide ? 5125 : 5123, type: 'SCALAR' });
    return { attributes: { POSITION: position, NORMAL: normal }, indices };
  }

  mesh(name: string, geometry: { attributes: Record<string, number>; indices: number }, material: number): number {
    this.meshes.push({ name, primitives: [{ ...geometry, material }] });
    return this.meshes.length - 1;
  }

  node(node: GltfNode): number {
    this.nodes.push(node);
    return this.nodes.length - 1;
  }

  /** The `.glb`: a 12-byte header, the JSON chunk (space-padded), the BIN chunk (zero-padded). */
  glb(scene: { name: string; rootNodes: number[] }): Uint8Array {
    const document = {
      asset: { version: '2.0', generator: 'Doppel scene-builder (scripts/gen-demo-scene.ts)' },
      scene: 0,
      scenes: [{ name: scene.name, nodes: scene.rootNodes }],
      nodes: this.nodes,
      meshes: this.meshes,
      materials: MATERIALS.map((material) => ({
        name: material.name,
        pbrMetallicRoughness: { baseColorFactor: [...material.color, 1], metallicFactor: 0, roughnessFactor: 0.9 },
      })),
      accessors: this.accessors,
      bufferViews: this.bufferViews,
      buffers: [{ byteLength: this.byteLength }],
    };
    const json = new TextEncoder().encode(JSON.stringify(document));
    const jsonLength = pad4(json.length);
    const binLength = this.byteLength;
    const total = 12 + 8 + jsonLength + 8 + binLength;
    const out = new Uint8Array(total);
    const view = new DataView(out.buffer);
    view.setUint32(0, 0x46546c67, true); // "glTF"
    view.setUint32(4, 2, true);
    view.setUint32(8, total, true);
    view.setUint32(12, jsonLength, true);
    view.setUint32(16, 0x4e4f534a, true); // "JSON"
    out.fill(0x20, 20, 20 + jsonLength);
    out.set(json, 20);
    let offset = 20 + jsonLength;
    view.setUint32(offset, binLength, true);
    view.setUint32(offset + 4, 0x004e4942, true); // "BIN\0"
    offset += 8;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }

  private accessor(
    array: Float32Array | Uint16Array | Uint32Array,
    target: number,
    fields: { componentType: number; type: string; min?: number[]; max?: number[] },
  ): number {
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    const padded = new Uint8Array(pad4(bytes.length));
    padded.set(bytes);
    this.bufferViews.push({ buffer: 0, byteOffset: this.byteLength, byteLength: bytes.length, target });
    this.chunks.push(padded);
    this.byteLength += padded.length;
    const components = fields.type === 'VEC3' ? 3 : 1;
    this.accessors.push({
      bufferView: this.bufferViews.length - 1,
      componentType: fields.componentType,
      count: array.length / components,
      type: fields.type,
      ...(fields.min === undefined ? {} : { min: fields.min, max: fields.max }),
    });
    return this.accessors.length - 1;
  }
}

const pad4 = (length: number): number => Math.ceil(length / 4) * 4;

/** The walls of a floor as boxes (square ends: half a thickness longer at each end), lintels over doors. */
function wallsGeometry(floor: SceneFloorInput): Geometry {
  const geometry = new Geometry();
  const { wallHeight, doorHeight } = SCENE_DIMENSIONS;
  for (const wall of floor.walls) {
    const half = wall.thickness / 2;
    geometry.box([mm(wall.x1 - half), 0, mm(wall.y1 - half)], [mm(wall.x2 + half), wallHeight, mm(wall.y2 + half)]);
  }
  for (const door of floor.doors) {
    const half = door.width / 2;
    const thick = 0.15;
    const [x0, x1, z0, z1] =
      door.along === 'x'
        ? [door.x - half, door.x + half, door.y - thick, door.y + thick]
        : [door.x - thick, door.x + thick, door.y - half, door.y + half];
    geometry.box([mm(x0), doorHeight, mm(z0)], [mm(x1), wallHeight, mm(z1)]);
  }
  return geometry;
}

/** Window panes: a little proud of both faces of the (whole) exterior wall, so they show. */
function windowsGeometry(floor: SceneFloorInput): Geometry {
  const geometry = new Geometry();
  const { windowSill, windowTop } = SCENE_DIMENSIONS;
  for (const pane of floor.windows) {
    const half = pane.width / 2;
    const thick = 0.17;
    const [x0, x1, z0, z1] =
      pane.along === 'x'
        ? [pane.x - half, pane.x + half, pane.y - thick, pane.y + thick]
        : [pane.x - thick, pane.x + thick, pane.y - half, pane.y + half];
    geometry.box([mm(x0), windowSill, mm(z0)], [mm(x1), windowTop, mm(z1)]);
  }
  return geometry;
}

/** The glTF scene of a site, as `.glb` bytes. */
export function buildSceneGlb(input: SceneInput, name = 'site'): Uint8Array {
  const writer = new GltfWriter();
  const { slabThickness, roomPlate, sensorHeight, sensorRadius, sensorThickness } = SCENE_DIMENSIONS;
  // Shared unit primitives, scaled per node: a box from (-½, 0, -½) to (½, 1, ½) and a puck.
  const unitBox = writer.geometry(new Geometry().box([-0.5, 0, -0.5], [0.5, 1, 0.5]));
  const unitPuck = writer.geometry(new Geometry().cylinder(16));

  const floorNodes: number[] = [];
  for (const floor of [...input.floors].sort((a, b) => a.level - b.level)) {
    const children: number[] = [];
    const slab = writer.mesh(`${floor.id}/slab`, unitBox, materialIndex('slab'));
    children.push(
      writer.node({
        name: `${floor.id}/slab`,
        mesh: slab,
        translation: [mm(floor.width / 2), -slabThickness, mm(floor.height / 2)],
        scale: [mm(floor.width), slabThickness, mm(floor.height)],
        extras: { part: 'slab' },
      }),
    );
    const wallGeometry = wallsGeometry(floor);
    if (wallGeometry.vertexCount > 0) {
      const walls = writer.mesh(`${floor.id}/walls`, writer.geometry(wallGeometry), materialIndex('wall'));
      children.push(writer.node({ name: `${floor.id}/walls`, mesh: walls, extras: { part: 'walls' } }));
    }
    if (floor.windows.length > 0) {
      const windows = writer.mesh(
        `${floor.id}/windows`,
        writer.geometry(windowsGeometry(floor)),
        materialIndex('glass'),
      );
      children.push(writer.node({ name: `${floor.id}/windows`, mesh: windows, extras: { part: 'windows' } }));
    }
    for (const room of floor.rooms) {
      // Inset by half the thickest wall, so the plate never shows through a wall's face.
      const inset = 0.16;
      const mesh = writer.mesh(room.id, unitBox, materialIndex('room'));
      children.push(
        writer.node({
          name: room.id,
          mesh,
          translation: [mm(room.x + room.width / 2), 0.005, mm(room.y + room.height / 2)],
          scale: [mm(room.width - 2 * inset), roomPlate, mm(room.height - 2 * inset)],
          extras: { twinId: room.id, kind: 'room', name: room.name },
        }),
      );
    }
    const assets = floor.equipment.filter((item) => item.kind === 'asset');
    for (const item of floor.equipment) {
      if (item.kind === 'asset') {
        const footprint = item.footprint ?? ASSET_FOOTPRINT_DEFAULT;
        const mesh = writer.mesh(item.id, unitBox, materialIndex('asset'));
        children.push(
          writer.node({
            name: item.id,
            mesh,
            translation: [mm(item.x), roomPlate, mm(item.y)],
            scale: [mm(footprint.width), assetHeight(item.modelId), mm(footprint.depth)],
            extras: { twinId: item.id, kind: 'asset', model: item.modelId },
          }),
        );
        continue;
      }
      // A sensor on an asset's footprint sits on top of it; any other hangs on a wall.
      const under = assets.find((asset) => {
        const footprint = asset.footprint ?? ASSET_FOOTPRINT_DEFAULT;
        return (
          asset.roomId === item.roomId &&
          Math.abs(item.x - asset.x) <= footprint.width / 2 &&
          Math.abs(item.y - asset.y) <= footprint.depth / 2
        );
      });
      const base = under === undefined ? sensorHeight : roomPlate + assetHeight(under.modelId);
      const mesh = writer.mesh(item.id, unitPuck, materialIndex('sensor'));
      children.push(
        writer.node({
          name: item.id,
          mesh,
          translation: [mm(item.x), mm(base), mm(item.y)],
          scale: [sensorRadius, sensorThickness, sensorRadius],
          extras: {
            twinId: item.id,
            kind: 'sensor',
            model: item.modelId,
            mount: under === undefined ? 'wall' : 'asset',
          },
        }),
      );
    }
    floorNodes.push(
      writer.node({
        name: floor.id,
        translation: [0, mm(floor.elevation), 0],
        children,
        extras: { twinId: floor.id, kind: 'floor', level: floor.level, name: floor.name },
      }),
    );
  }
  const root = writer.node({ name, children: floorNodes, extras: { storeyHeight: input.storeyHeight } });
  return writer.glb({ name, rootNodes: [root] });
}

/** The JSON chunk of a `.glb` (for checks and tests). */
export function glbJson(glb: Uint8Array): unknown {
  const view = new DataView(glb.buffer, glb.byteOffset, glb.byteLength);
  if (view.getUint32(0, true) !== 0x46546c67) throw new Error('not a glb file');
  const length = view.getUint32(12, true);
  return JSON.parse(new TextDecoder().decode(glb.subarray(20, 20 + length)));
}
