import type { TwinId } from '@doppel/core';
import type { DemoSite } from './demo-site-types.js';
import { loadModels } from './load-models.js';
import { SiteBuilder } from './site-builder.js';

/**
 * The demo plant: one building, three floors, 30 rooms, a chilled-water plant (2 chillers, 8 pumps),
 * 4 air-handling units, 12 CNC machines and their sensors, about 200 twins in all. Deterministic:
 * every call returns the same documents (no clock, no randomness). `models` are the demo's own: the
 * pumps also extend the platform's built-in BearingMonitor (@doppel/protocol `BUILT_IN_MODELS`),
 * which the platform registers before them.
 */
export function demoSite(): DemoSite {
  const site = new SiteBuilder();
  const building = site.twin('building-1', 'building', {
    name: 'Demo Plant',
    address: '1 Foundry Lane, Riverside',
    yearBuilt: 1998,
    area: 7200,
    location: { latitude: 52.37, longitude: 4.89 },
  });
  const floors = [1, 2, 3].map((level) => {
    const floor = site.twin(`floor-${level}`, 'floor', { name: `Floor ${level}`, level, area: 2400 });
    site.relate(building, 'contains', floor);
    return floor;
  });

  const rooms = new Map<string, TwinId>();
  const room = (level: number, index: number, spec: RoomSpec): TwinId => {
    const nn = String(index).padStart(2, '0');
    const id = site.twin(`room-${level}-${nn}`, 'room', {
      name: spec.name,
      usage: spec.usage,
      capacity: spec.capacity,
      area: spec.areaM2,
      temperatureSetpoint: spec.usage === 'production' ? 20 : 21.5,
    });
    site.relate(floors[level - 1] as TwinId, 'contains', id);
    rooms.set(`${level}-${nn}`, id);
    const sensors: Array<
      [prefix: string, model: 'temperatureSensor' | 'humiditySensor' | 'co2Sensor' | 'occupancySensor']
    > = [
      ['temp', 'temperatureSensor'],
      ['hum', 'humiditySensor'],
      ['co2', 'co2Sensor'],
    ];
    if (spec.usage === 'office' || spec.usage === 'meeting' || spec.usage === 'production') {
      sensors.push(['occ', 'occupancySensor']);
    }
    for (const [prefix, model] of sensors) {
      const sensor = site.twin(
        `${prefix}-${level}-${nn}`,
        model,
        sensorProperties(`${prefix}-${level}-${nn}`, spec.name),
      );
      site.relate(id, 'contains', sensor);
    }
    return id;
  };

  FLOOR_1_ROOMS.forEach((spec, i) => room(1, i + 1, spec));
  for (const level of [2, 3]) upperFloorRooms(level).forEach((spec, i) => room(level, i + 1, spec));
  const roomId = (key: string): TwinId => {
    const id = rooms.get(key);
    if (id === undefined) throw new Error(`demo site: no room ${key}`);
    return id;
  };

  // The chilled-water plant sits in the ground-floor plant room.
  const plantRoom = roomId('1-01');
  const chillers = [1, 2].map((n) => {
    const id = site.twin(`chiller-${n}`, 'chiller', {
      ...assetProperties('CHL', n, 'Carrier', '4.2.1'),
      name: `Chiller ${n}`,
      ratedCapacity: 350,
      supplyWaterTemperatureSetpoint: 7,
    });
    site.relate(plantRoom, 'contains', id);
    return id;
  });
  for (let n = 1; n <= 8; n++) {
    const chilledWater = n <= 4;
    const circuit = chilledWater ? 'chilledWater' : 'condenserWater';
    const id = site.twin(`pump-${n}`, 'pump', {
      ...assetProperties('PMP', n, 'Grundfos', '1.8.3'),
      name: `Pump ${n}`,
      circuit,
      ratedCapacity: chilledWater ? 16 : 20,
      ratedPower: chilledWater ? 2.2 : 3,
      speedSetpoint: 85,
    });
    site.relate(plantRoom, 'contains', id);
    // Pumps 1-2 and 5-6 serve chiller 1, pumps 3-4 and 7-8 chiller 2.
    site.relate(id, 'feeds', chillers[(n - 1) % 4 < 2 ? 0 : 1] as TwinId, { circuit });
  }

  const ahus = [1, 2, 3, 4].map((n) => {
    const id = site.twin(`ahu-${n}`, 'airHandlingUnit', {
      ...assetProperties('AHU', n, 'Trox', '3.0.7'),
      name: `Air-handling unit ${n}`,
      ratedCapacity: n === 2 ? 24000 : 9000,
      supplyAirTemperatureSetpoint: 16,
    });
    chillers.forEach((chiller) => site.relate(chiller, 'feeds', id));
    return id;
  });
  const [ahu1, ahu2, ahu3, ahu4] = ahus as [TwinId, TwinId, TwinId, TwinId];
  site.relate(plantRoom, 'contains', ahu1);
  site.relate(plantRoom, 'contains', ahu2);
  site.relate(roomId('2-12'), 'contains', ahu3);
  site.relate(roomId('3-12'), 'contains', ahu4);
  for (const key of ['1-01', '1-05', '1-06']) site.relate(ahu1, 'serves', roomId(key));
  for (const key of ['1-02', '1-03', '1-04']) site.relate(ahu2, 'serves', roomId(key));
  for (let i = 1; i <= 12; i++) {
    const nn = String(i).padStart(2, '0');
    site.relate(ahu3, 'serves', roomId(`2-${nn}`));
    site.relate(ahu4, 'serves', roomId(`3-${nn}`));
  }

  // Four CNC machines in each production hall, each with a spindle vibration sensor.
  for (let n = 1; n <= 12; n++) {
    const hall = roomId(`1-0${2 + Math.floor((n - 1) / 4)}`);
    const id = site.twin(`cnc-${n}`, 'cncMachine', {
      ...assetProperties('CNC', n, 'DMG Mori', '7.1.0'),
      name: `CNC machine ${n}`,
      maxSpindleSpeed: 12000,
      program: `O${1000 + n * 10}`,
    });
    site.relate(hall, 'contains', id);
    monitoredBy(site, hall, id, 'vib', `Spindle vibration of CNC machine ${n}`);
  }
  chillers.forEach((id, i) => monitoredBy(site, plantRoom, id, 'vib', `Compressor vibration of chiller ${i + 1}`));
  ahus.forEach((id, i) => monitoredBy(site, plantRoom, id, 'vib', `Fan vibration of air-handling unit ${i + 1}`));
  chillers.forEach((id, i) => monitoredBy(site, plantRoom, id, 'meter', `Power meter of chiller ${i + 1}`));
  ahus.forEach((id, i) => monitoredBy(site, plantRoom, id, 'meter', `Power meter of air-handling unit ${i + 1}`));
  floors.forEach((_floor, i) => {
    const id = site.twin(
      `meter-floor-${i + 1}`,
      'powerMeter',
      sensorProperties(`meter-floor-${i + 1}`, `Main meter, floor ${i + 1}`),
    );
    site.relate(plantRoom, 'contains', id);
  });

  return { models: loadModels(), twins: site.twins, relationships: site.relationships };
}

interface RoomSpec {
  readonly name: string;
  readonly usage: 'office' | 'meeting' | 'production' | 'plant' | 'storage';
  readonly capacity: number;
  readonly areaM2: number;
}

const FLOOR_1_ROOMS: readonly RoomSpec[] = [
  { name: 'Plant room', usage: 'plant', capacity: 2, areaM2: 180 },
  { name: 'Production hall A', usage: 'production', capacity: 12, areaM2: 600 },
  { name: 'Production hall B', usage: 'production', capacity: 12, areaM2: 600 },
  { name: 'Production hall C', usage: 'production', capacity: 12, areaM2: 600 },
  { name: 'Workshop office', usage: 'office', capacity: 6, areaM2: 60 },
  { name: 'Stores', usage: 'storage', capacity: 2, areaM2: 150 },
];

function upperFloorRooms(level: number): RoomSpec[] {
  const rooms: RoomSpec[] = [];
  for (let i = 1; i <= 8; i++) {
    rooms.push({
      name: `Office ${level}.${i}`,
      usage: 'office',
      capacity: 4 + ((i * 3) % 9),
      areaM2: 40 + ((i * 7) % 30),
    });
  }
  for (let i = 1; i <= 3; i++) {
    rooms.push({ name: `Meeting room ${level}.${i}`, usage: 'meeting', capacity: 6 + i * 4, areaM2: 25 + i * 10 });
  }
  rooms.push({ name: `Technical room ${level}`, usage: 'plant', capacity: 1, areaM2: 35 });
  return rooms;
}

/** A sensor mounted on an asset: contained in the asset's room, `monitors` the asset. */
function monitoredBy(site: SiteBuilder, roomId: TwinId, assetId: TwinId, prefix: 'vib' | 'meter', name: string): void {
  const id = site.twin(
    `${prefix}-${assetId}`,
    prefix === 'vib' ? 'vibrationSensor' : 'powerMeter',
    sensorProperties(`${prefix}-${assetId}`, name),
  );
  site.relate(roomId, 'contains', id);
  site.relate(id, 'monitors', assetId);
}

function sensorProperties(id: string, where: string): Record<string, unknown> {
  const n = stableNumber(id);
  const named = where.startsWith('Power meter') || where.startsWith('Main meter') || where.includes('vibration');
  return {
    name: named ? where : `${SENSOR_NAMES[id.split('-')[0] ?? ''] ?? 'Sensor'}, ${where}`,
    serialNumber: `DP-SNS-${String(n % 100000).padStart(5, '0')}`,
    firmwareVersion: `2.${n % 4}.${n % 10}`,
    batteryLevel: 60 + (n % 40),
  };
}

const SENSOR_NAMES: Readonly<Record<string, string>> = {
  temp: 'Temperature',
  hum: 'Humidity',
  co2: 'CO2',
  occ: 'Occupancy',
};

function assetProperties(
  code: string,
  n: number,
  manufacturer: string,
  firmwareVersion: string,
): Record<string, unknown> {
  // Service dates spread over 2024-2025 so that "last serviced more than 6 months ago" matches some.
  const servicedMs = Date.UTC(2024, 0, 15) + ((n * 37) % 600) * 86_400_000;
  return {
    manufacturer,
    serialNumber: `DP-${code}-${String(n).padStart(4, '0')}`,
    firmwareVersion,
    lastServicedAt: new Date(servicedMs).toISOString(),
    operatingHours: 8000 + n * 1234,
  };
}

/** A small deterministic hash, to vary properties without randomness. */
function stableNumber(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619) >>> 0;
  return hash;
}
