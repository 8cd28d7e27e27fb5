import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isModelId, isRelationshipId, isTwinId } from '@doppel/core';
import { BEARING_MONITOR_MODEL_ID, BUILT_IN_MODELS } from '@doppel/protocol';
import { demoSite } from './demo-site.js';
import { DEMO_MODEL_IDS } from './demo-model-ids.js';
import { ModelCatalog } from './model-catalog.js';
import type { DtdlContent, DtdlInterface } from './model-document.js';
import { contentKind, extendsOf, hasType } from './model-document.js';
import { valueConforms } from './value-conforms.js';

const site = demoSite();
const models = site.models as DtdlInterface[];
const catalog = new ModelCatalog(models);
const NAME = /^[A-Za-z](?:[A-Za-z0-9_]*[A-Za-z0-9])?$/;
const SEMANTIC_UNITS: Readonly<Record<string, readonly string[]>> = {
  Temperature: ['degreeCelsius'],
  Pressure: ['bar', 'pascal'],
  Power: ['kilowatt'],
  VolumeFlowRate: ['cubicMetrePerHour'],
  AngularVelocity: ['revolutionPerMinute'],
  RelativeHumidity: ['percent'],
  Concentration: ['partsPerMillion'],
  Energy: ['kilowattHour'],
  Voltage: ['volt'],
  TimeSpan: ['hour'],
  Area: ['squareMetre'],
  Latitude: ['degreeOfArc'],
  Longitude: ['degreeOfArc'],
};

void describe('demo models', () => {
  void it('are DTDL v3 interfaces with valid ids, the QuantitativeTypes context, and bases first', () => {
    // The platform's built-in interfaces are registered before them: a demo model may extend one.
    const builtIn = new Set(BUILT_IN_MODELS.map((model) => model['@id']));
    const seen = new Set<string>(builtIn);
    for (const model of models) {
      assert.ok(isModelId(model['@id']) && model['@id'].startsWith('dtmi:doppel:demo:'), model['@id']);
      const context = model['@context'];
      assert.ok(Array.isArray(context), model['@id']);
      assert.equal(context[0], 'dtmi:dtdl:context;3');
      assert.ok(context.includes('dtmi:dtdl:extension:quantitativeTypes;1'));
      assert.ok(hasType(model, 'Interface'));
      for (const base of extendsOf(model)) assert.ok(seen.has(base), `${model['@id']} extends ${base}, listed later`);
      seen.add(model['@id']);
    }
    assert.deepEqual(new Set(Object.values(DEMO_MODEL_IDS)), new Set([...seen].filter((id) => !builtIn.has(id))));
  });

  void it('make the pumps bearing monitors, which the catalog resolves with the built-in interface', () => {
    assert.ok(catalog.isA(DEMO_MODEL_IDS.pump, BEARING_MONITOR_MODEL_ID));
    const telemetry = catalog.contents(DEMO_MODEL_IDS.pump, 'Telemetry').map((content) => content.name);
    for (const name of ['flowRate', 'vibration', 'anomalyScore', 'waveform', 'healthIndex', 'rulP10Hours']) {
      assert.ok(telemetry.includes(name), name);
    }
    assert.ok(!models.some((model) => model['@id'] === BEARING_MONITOR_MODEL_ID), 'not a demo model');
  });

  void it('have content names that are valid and unique across each hierarchy', () => {
    for (const model of models) {
      const names = catalog.lineage(model['@id']).flatMap((m) => (m.contents ?? []).map((c) => c.name));
      assert.equal(new Set(names).size, names.length, `duplicate names in ${model['@id']}: ${names.join(',')}`);
      for (const name of names) assert.match(name, NAME);
    }
  });

  void it('give every semantic type a matching unit and a numeric schema', () => {
    const check = (element: DtdlContent | { '@type'?: unknown; unit?: unknown; schema?: unknown }): void => {
      const types = typeof element['@type'] === 'string' ? [element['@type']] : ((element['@type'] ?? []) as string[]);
      const semantic = types.filter((type) => SEMANTIC_UNITS[type] !== undefined);
      const unit = (element as { unit?: unknown }).unit;
      if (semantic.length === 0) return assert.equal(unit, undefined);
      assert.equal(semantic.length, 1);
      assert.ok(SEMANTIC_UNITS[semantic[0] as string]?.includes(unit as string), `${String(unit)} for ${semantic[0]}`);
      assert.ok(['double', 'integer', 'float', 'long'].includes(element.schema as string));
    };
    for (const model of models) {
      for (const content of model.contents ?? []) {
        check(content);
        const fields = typeof content.schema === 'object' ? (content.schema.fields ?? []) : [];
        fields.forEach((field) => check(field as never));
      }
    }
  });

  void it('use an Enum, an Object, a writable property and a command with request and response', () => {
    const all = models.flatMap((model) => model.contents ?? []);
    assert.ok(all.some((c) => typeof c.schema === 'object' && c.schema['@type'] === 'Enum'));
    assert.ok(all.some((c) => typeof c.schema === 'object' && c.schema['@type'] === 'Object'));
    assert.ok(all.some((c) => contentKind(c) === 'Property' && c.writable === true));
    const setSpeed = catalog.contents(DEMO_MODEL_IDS.pump, 'Command').find((c) => c.name === 'setSpeed') as
      (DtdlContent & { request?: unknown; response?: unknown }) | undefined;
    assert.ok(setSpeed?.request !== undefined && setSpeed.response !== undefined);
  });

  void it('co-type only the CNC machine with Mqtt, publishing on factory/cnc/{senderId}/telemetry', () => {
    const mqtt = models.filter((model) => hasType(model, 'Mqtt'));
    assert.deepEqual(
      mqtt.map((model) => model['@id']),
      [DEMO_MODEL_IDS.cncMachine],
    );
    const cnc = mqtt[0] as DtdlInterface;
    assert.ok((cnc['@context'] as string[]).includes('dtmi:dtdl:extension:mqtt;1'));
    assert.equal(cnc.payloadFormat, 'application/json');
    assert.equal(catalog.telemetryTopic(DEMO_MODEL_IDS.cncMachine, 'cnc-12'), 'factory/cnc/cnc-12/telemetry');
    assert.equal(catalog.telemetryTopic(DEMO_MODEL_IDS.pump, 'pump-7'), 'twins/pump-7/telemetry');
  });

  void it('point relationship targets at models that exist', () => {
    for (const model of models) {
      for (const content of model.contents ?? []) {
        if (contentKind(content) === 'Relationship' && content.target !== undefined)
          assert.ok(catalog.has(content.target));
      }
    }
  });
});

void describe('demo twins', () => {
  void it('are about 200, with unique valid ids and known models', () => {
    assert.ok(site.twins.length >= 180 && site.twins.length <= 230, `${site.twins.length} twins`);
    const ids = site.twins.map((twin) => twin.$dtId);
    assert.equal(new Set(ids).size, ids.length);
    for (const twin of site.twins) {
      assert.ok(isTwinId(twin.$dtId), twin.$dtId);
      assert.ok(catalog.has(twin.$metadata.$model), twin.$metadata.$model);
    }
    for (const id of ['building-1', 'floor-2', 'room-2-03', 'pump-7', 'chiller-1', 'ahu-3', 'cnc-12', 'temp-2-03']) {
      assert.ok(ids.includes(id as never), `${id} is missing`);
    }
  });

  void it('have property values declared by their model, of the declared schema', () => {
    for (const twin of site.twins) {
      const properties = new Map(catalog.contents(twin.$metadata.$model, 'Property').map((p) => [p.name, p.schema]));
      for (const [key, value] of Object.entries(twin)) {
        if (key.startsWith('$')) continue;
        assert.ok(properties.has(key), `${twin.$dtId}.${key} is not a property of ${twin.$metadata.$model}`);
        assert.ok(valueConforms(value, properties.get(key)), `${twin.$dtId}.${key} = ${JSON.stringify(value)}`);
      }
      assert.equal(typeof twin['name'], 'string');
    }
  });

  void it('include pump-7 with double flowRate and pressure telemetry (README example)', () => {
    const pump = site.twins.find((twin) => twin.$dtId === 'pump-7');
    assert.equal(pump?.$metadata.$model, DEMO_MODEL_IDS.pump);
    const telemetry = catalog.contents(DEMO_MODEL_IDS.pump, 'Telemetry');
    for (const name of ['flowRate', 'pressure']) assert.equal(telemetry.find((t) => t.name === name)?.schema, 'double');
  });
});

void describe('demo relationships', () => {
  const twins = new Map(site.twins.map((twin) => [twin.$dtId as string, twin]));

  void it('join existing twins with relationships their source model declares, to allowed targets', () => {
    const ids = new Set<string>();
    for (const relationship of site.relationships) {
      assert.ok(isRelationshipId(relationship.$relationshipId));
      assert.ok(!ids.has(relationship.$relationshipId), relationship.$relationshipId);
      ids.add(relationship.$relationshipId);
      const source = twins.get(relationship.$sourceId);
      const target = twins.get(relationship.$targetId);
      assert.ok(source !== undefined && target !== undefined, relationship.$relationshipId);
      const declared = catalog
        .contents(source.$metadata.$model, 'Relationship')
        .find((content) => content.name === relationship.$relationshipName);
      assert.ok(declared !== undefined, `${relationship.$relationshipId}: not declared by ${source.$metadata.$model}`);
      if (declared.target !== undefined) {
        assert.ok(
          catalog.isA(target.$metadata.$model, declared.target),
          `${relationship.$relationshipId} target model`,
        );
      }
    }
  });

  void it('form one containment tree rooted at building-1', () => {
    const parents = new Map<string, string>();
    for (const r of site.relationships.filter((r) => r.$relationshipName === 'contains')) {
      assert.ok(!parents.has(r.$targetId), `${r.$targetId} has two containers`);
      parents.set(r.$targetId, r.$sourceId);
    }
    for (const twin of site.twins) {
      if (twin.$dtId === 'building-1') continue;
      let id: string | undefined = twin.$dtId;
      for (let hops = 0; id !== undefined && id !== 'building-1' && hops < 10; hops++) id = parents.get(id);
      assert.equal(id, 'building-1', `${twin.$dtId} is not inside building-1`);
    }
  });

  void it('use contains, feeds, serves and monitors', () => {
    const names = new Set(site.relationships.map((r) => r.$relationshipName));
    assert.deepEqual([...names].sort(), ['contains', 'feeds', 'monitors', 'serves']);
  });

  void it('are deterministic', () => {
    assert.deepEqual(demoSite(), site);
  });
});
