import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { SceneInput } from './scene-builder';
import { buildSceneGlb, glbJson, modelName } from './scene-builder';

const INPUT: SceneInput = {
  storeyHeight: 4,
  floors: [
    {
      id: 'floor-2',
      name: 'Floor 2',
      level: 2,
      elevation: 4,
      width: 10,
      height: 8,
      rooms: [{ id: 'room-2-01', name: 'Office', x: 0, y: 0, width: 10, height: 8 }],
      walls: [{ x1: 0, y1: 0.15, x2: 10, y2: 0.15, thickness: 0.3 }],
      doors: [{ x: 5, y: 0.15, width: 1, along: 'x' }],
      windows: [{ x: 2, y: 0.15, width: 1.2, along: 'x' }],
      equipment: [
        {
          id: 'pump-1',
          roomId: 'room-2-01',
          modelId: 'dtmi:doppel:demo:Pump;1',
          kind: 'asset',
          x: 5,
          y: 4,
          footprint: { width: 1, depth: 1 },
        },
        {
          id: 'vib-pump-1',
          roomId: 'room-2-01',
          modelId: 'dtmi:doppel:demo:VibrationSensor;1',
          kind: 'sensor',
          x: 5.2,
          y: 3.8,
        },
        {
          id: 'temp-2-01',
          roomId: 'room-2-01',
          modelId: 'dtmi:doppel:demo:TemperatureSensor;1',
          kind: 'sensor',
          x: 0.6,
          y: 4,
        },
      ],
    },
    {
      id: 'floor-1',
      name: 'Floor 1',
      level: 1,
      elevation: 0,
      width: 10,
      height: 8,
      rooms: [],
      walls: [],
      doors: [],
      windows: [],
      equipment: [],
    },
  ],
};

interface Doc {
  asset: { version: string };
  scenes: { nodes: number[] }[];
  nodes: {
    name: string;
    mesh?: number;
    translation?: number[];
    children?: number[];
    extras?: Record<string, unknown>;
  }[];
  meshes: { name: string }[];
  accessors: { count: number; min?: number[]; max?: number[] }[];
  buffers: { byteLength: number; uri?: string }[];
}

void it('writes a binary glTF 2.0 whose twin meshes are named by their twins', () => {
  const glb = buildSceneGlb(INPUT, 'test-site');
  const view = new DataView(glb.buffer, glb.byteOffset, glb.byteLength);
  assert.equal(view.getUint32(0, true), 0x46546c67);
  assert.equal(view.getUint32(8, true), glb.length, 'header length');
  assert.equal(glb.length % 4, 0);
  const doc = glbJson(glb) as Doc;
  assert.equal(doc.asset.version, '2.0');
  assert.equal(doc.buffers.length, 1);
  assert.equal(doc.buffers[0]?.uri, undefined, 'the buffer is the GLB BIN chunk');
  const jsonLength = view.getUint32(12, true);
  assert.equal(view.getUint32(20 + jsonLength, true), doc.buffers[0]?.byteLength);

  const root = doc.nodes[doc.scenes[0]?.nodes[0] ?? -1];
  const floors = (root?.children ?? []).map((index) => doc.nodes[index]);
  assert.deepEqual(
    floors.map((floor) => [floor?.name, floor?.translation?.[1]]),
    [
      ['floor-1', 0],
      ['floor-2', 4],
    ],
    'floors stacked by level',
  );
  const byName = new Map(doc.nodes.map((node) => [node.name, node]));
  for (const [id, kind] of [
    ['room-2-01', 'room'],
    ['pump-1', 'asset'],
    ['vib-pump-1', 'sensor'],
    ['temp-2-01', 'sensor'],
    ['floor-2', 'floor'],
  ] as const) {
    assert.deepEqual([byName.get(id)?.extras?.twinId, byName.get(id)?.extras?.kind], [id, kind], id);
  }
  assert.equal(doc.meshes[byName.get('pump-1')?.mesh ?? -1]?.name, 'pump-1');
  // The vibration sensor sits on its pump (0.9 m tall), the temperature sensor on the wall.
  assert.ok((byName.get('vib-pump-1')?.translation?.[1] ?? 0) > 0.9);
  assert.equal(byName.get('vib-pump-1')?.extras?.mount, 'asset');
  assert.equal(byName.get('temp-2-01')?.translation?.[1], 1.5);
  for (const accessor of doc.accessors) assert.ok(accessor.count > 0);
  assert.ok(byName.get('floor-2/walls')?.mesh !== undefined && byName.get('floor-2/windows')?.mesh !== undefined);
});

void it('is deterministic', () => {
  assert.deepEqual(buildSceneGlb(INPUT), buildSceneGlb(INPUT));
  assert.equal(modelName('dtmi:doppel:demo:CncMachine;1'), 'CncMachine');
});
