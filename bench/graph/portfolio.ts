/**
 * A generated real-estate portfolio for `npm run bench:graph`: buildings → floors → rooms →
 * equipment (pumps and fans, both extending Equipment) → sensors, about 100,000 twins and 310,000
 * relationships (containment both ways, sensors located in rooms, equipment feeding equipment,
 * adjacent rooms). Deterministic.
 */
export const MODELS = {
  building: 'dtmi:bench:graph:Building;1',
  floor: 'dtmi:bench:graph:Floor;1',
  room: 'dtmi:bench:graph:Room;1',
  equipment: 'dtmi:bench:graph:Equipment;1',
  pump: 'dtmi:bench:graph:Pump;1',
  fan: 'dtmi:bench:graph:Fan;1',
  sensor: 'dtmi:bench:graph:Sensor;1',
} as const;

const CONTEXT = 'dtmi:dtdl:context;3';
const rel = (name: string, target?: string) => ({ '@type': 'Relationship', name, ...(target ? { target } : {}) });
const prop = (name: string, schema: string) => ({ '@type': 'Property', name, schema });

export const MODEL_DOCUMENTS = [
  {
    '@context': CONTEXT,
    '@id': MODELS.building,
    '@type': 'Interface',
    contents: [prop('name', 'string'), rel('hasFloor', MODELS.floor)],
  },
  {
    '@context': CONTEXT,
    '@id': MODELS.floor,
    '@type': 'Interface',
    contents: [prop('level', 'integer'), rel('hasRoom', MODELS.room), rel('isPartOf', MODELS.building)],
  },
  {
    '@context': CONTEXT,
    '@id': MODELS.room,
    '@type': 'Interface',
    contents: [
      prop('name', 'string'),
      rel('hasEquipment', MODELS.equipment),
      rel('isPartOf', MODELS.floor),
      rel('adjacentTo', MODELS.room),
    ],
  },
  {
    '@context': CONTEXT,
    '@id': MODELS.equipment,
    '@type': 'Interface',
    contents: [
      prop('load', 'double'),
      prop('lastServiced', 'date'),
      rel('hasSensor', MODELS.sensor),
      rel('isPartOf', MODELS.room),
      rel('feeds', MODELS.equipment),
      { '@type': 'Telemetry', name: 'flowRate', schema: 'double' },
    ],
  },
  { '@context': CONTEXT, '@id': MODELS.pump, '@type': 'Interface', extends: MODELS.equipment },
  { '@context': CONTEXT, '@id': MODELS.fan, '@type': 'Interface', extends: MODELS.equipment },
  {
    '@context': CONTEXT,
    '@id': MODELS.sensor,
    '@type': 'Interface',
    contents: [prop('unit', 'string'), rel('isPartOf', MODELS.equipment), rel('isLocatedIn', MODELS.room)],
  },
];

export interface Twin {
  readonly id: string;
  readonly body: Record<string, unknown>;
}

export interface Relationship {
  readonly sourceId: string;
  readonly id: string;
  readonly body: { $targetId: string; $relationshipName: string };
}

export const SHAPE = {
  buildings: 45,
  floorsPerBuilding: 10,
  roomsPerFloor: 20,
  equipmentPerRoom: 2,
  sensorsPerEquipment: 3.5,
};

export function portfolio(): { twins: Twin[]; relationships: Relationship[] } {
  const twins: Twin[] = [];
  const relationships: Relationship[] = [];
  let random = 0x2545f491;
  const next = (): number => {
    random = (Math.imul(random ^ (random >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return random / 4_294_967_296;
  };
  const link = (sourceId: string, name: string, targetId: string): void => {
    relationships.push({ sourceId, id: `${name}-${targetId}`, body: { $targetId: targetId, $relationshipName: name } });
  };
  const twin = (id: string, model: string, properties: Record<string, unknown>): void => {
    twins.push({ id, body: { $metadata: { $model: model }, ...properties } });
  };
  let sensorNo = 0;
  let previousEquipment: string | undefined;
  for (let b = 1; b <= SHAPE.buildings; b++) {
    const building = `building-${b}`;
    twin(building, MODELS.building, { name: `Building ${b}` });
    for (let f = 1; f <= SHAPE.floorsPerBuilding; f++) {
      const floor = `${building}-f${f}`;
      twin(floor, MODELS.floor, { level: f });
      link(building, 'hasFloor', floor);
      link(floor, 'isPartOf', building);
      let previousRoom: string | undefined;
      for (let r = 1; r <= SHAPE.roomsPerFloor; r++) {
        const room = `${floor}-r${r}`;
        twin(room, MODELS.room, { name: `Room ${f}.${r}` });
        link(floor, 'hasRoom', room);
        link(room, 'isPartOf', floor);
        if (previousRoom !== undefined) {
          link(room, 'adjacentTo', previousRoom);
          link(previousRoom, 'adjacentTo', room);
        }
        previousRoom = room;
        for (let e = 1; e <= SHAPE.equipmentPerRoom; e++) {
          const equipment = `${room}-e${e}`;
          const month = 1 + Math.floor(next() * 22);
          twin(equipment, e === 1 ? MODELS.pump : MODELS.fan, {
            load: Math.round(next() * 1000) / 10,
            lastServiced: `${2025 + Math.floor((month - 1) / 12)}-${String(((month - 1) % 12) + 1).padStart(2, '0')}-15`,
          });
          link(room, 'hasEquipment', equipment);
          link(equipment, 'isPartOf', room);
          if (previousEquipment !== undefined) link(previousEquipment, 'feeds', equipment);
          previousEquipment = equipment;
          // 3 or 4 sensors, 3.5 on average.
          const sensors = sensorNo % 2 === 0 ? 3 : 4;
          for (let s = 1; s <= sensors; s++) {
            const sensor = `${equipment}-s${s}`;
            sensorNo++;
            twin(sensor, MODELS.sensor, { unit: ['bar', 'degC', 'm3/h', 'A'][s - 1] as string });
            link(equipment, 'hasSensor', sensor);
            link(sensor, 'isPartOf', equipment);
            link(sensor, 'isLocatedIn', room);
          }
        }
      }
    }
  }
  return { twins, relationships };
}
