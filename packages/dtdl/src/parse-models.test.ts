import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseModels } from './parse-models.js';
import type { ParseOptions } from './parse-models.js';
import { ModelSet } from './model-set.js';
import type { DtdlErrorCode } from './errors.js';

const CTX = 'dtmi:dtdl:context;3';

function iface(id: string, rest: Record<string, unknown> = {}): Record<string, unknown> {
  return { '@context': CTX, '@id': id, '@type': 'Interface', ...rest };
}

function ok(documents: unknown[], options?: ParseOptions) {
  const result = parseModels(documents, options);
  if (!result.ok) assert.fail(result.errors.map((e) => `${e.code}: ${e.message}`).join('\n'));
  return result.interfaces;
}

function codes(documents: unknown[], options?: ParseOptions): DtdlErrorCode[] {
  const result = parseModels(documents, options);
  assert.equal(result.ok, false, 'expected errors');
  return result.ok ? [] : result.errors.map((e) => e.code);
}

void test('parses a thermostat with telemetry, a writable property and a command', () => {
  const [info] = ok([
    iface('dtmi:com:example:Thermostat;1', {
      displayName: 'Thermostat',
      contents: [
        { '@type': 'Telemetry', name: 'temp', schema: 'double' },
        { '@type': 'Property', name: 'setPoint', schema: 'double', writable: true },
        {
          '@type': 'Command',
          name: 'reboot',
          request: { name: 'delay', schema: 'duration' },
          response: { name: 'ok', schema: 'boolean' },
        },
      ],
    }),
  ]);
  assert.ok(info);
  assert.equal(info.dtdlVersion, 3);
  assert.deepEqual(info.displayName, { en: 'Thermostat' });
  assert.deepEqual(info.telemetries.get('temp')?.schema, { kind: 'primitive', name: 'double' });
  assert.equal(info.properties.get('setPoint')?.writable, true);
  assert.equal(info.commands.get('reboot')?.request?.name, 'delay');
  assert.equal(info.telemetries.get('temp')?.id, 'dtmi:com:example:Thermostat:_contents:__temp;1');
});

void test('co-types: semantic type and unit, Historized', () => {
  const [info] = ok([
    {
      ...iface('dtmi:com:example:Room;1', {
        contents: [
          { '@type': ['Telemetry', 'Temperature', 'Historized'], name: 't', schema: 'double', unit: 'degreeCelsius' },
        ],
      }),
      '@context': [CTX, 'dtmi:dtdl:extension:quantitativeTypes;1', 'dtmi:dtdl:extension:historization;1'],
    },
  ]);
  const t = info?.telemetries.get('t');
  assert.deepEqual(t?.semanticTypes, ['Temperature']);
  assert.equal(t?.unit, 'degreeCelsius');
  assert.equal(t?.historized, true);
});

void test('a unit of the wrong quantity is an error', () => {
  const doc = {
    ...iface('dtmi:com:example:Room;1', {
      contents: [{ '@type': ['Telemetry', 'Temperature'], name: 't', schema: 'double', unit: 'metre' }],
    }),
    '@context': [CTX, 'dtmi:dtdl:extension:quantitativeTypes;1'],
  };
  assert.deepEqual(codes([doc]), ['dtdl.invalid-unit']);
});

void test('a semantic type without its extension context is undefined', () => {
  const doc = iface('dtmi:com:example:Room;1', {
    contents: [{ '@type': ['Telemetry', 'Temperature'], name: 't', schema: 'double', unit: 'degreeCelsius' }],
  });
  assert.ok(codes([doc]).includes('dtdl.undefined-type'));
});

void test('undefined co-types and properties need an unknown extension context and allowUndefinedExtensions', () => {
  const content = [{ '@type': ['Property', 'Flavor'], name: 'f', schema: 'string', sweetness: 3 }];
  const plain = iface('dtmi:com:example:Ice;1', { contents: content });
  assert.ok(codes([plain]).includes('dtdl.undefined-type'));
  const withExt = { ...plain, '@context': [CTX, 'dtmi:com:example:flavors;1'] };
  assert.ok(codes([withExt]).includes('dtdl.unknown-context'));
  ok([withExt], { allowUndefinedExtensions: true });
});

void test('Mqtt co-type on an Interface, not inherited', () => {
  const base = {
    ...iface('dtmi:com:example:Vehicle;1', {
      '@type': ['Interface', 'Mqtt'],
      payloadFormat: 'Json/ecma/404',
      telemetryTopic: 'vehicles/{senderId}/telemetry',
    }),
    '@context': [CTX, 'dtmi:dtdl:extension:mqtt;1'],
  };
  const derived = iface('dtmi:com:example:Car;1', { extends: 'dtmi:com:example:Vehicle;1' });
  const infos = ok([base, derived]);
  assert.deepEqual(infos[0]?.mqtt, { payloadFormat: 'Json/ecma/404', telemetryTopic: 'vehicles/{senderId}/telemetry' });
  assert.equal(infos[1]?.mqtt, undefined);
  const noFormat = { ...base, payloadFormat: undefined };
  delete noFormat.payloadFormat;
  assert.deepEqual(codes([noFormat]), ['dtdl.missing-property']);
});

void test('extends flattens contents and records ancestors; multiple and inline bases', () => {
  const infos = ok([
    iface('dtmi:ex:A;1', { contents: [{ '@type': 'Property', name: 'a', schema: 'string' }] }),
    iface('dtmi:ex:B;1', { extends: 'dtmi:ex:A;1', contents: [{ '@type': 'Telemetry', name: 'b', schema: 'long' }] }),
    iface('dtmi:ex:C;1', {
      extends: [
        'dtmi:ex:B;1',
        { '@id': 'dtmi:ex:Inline;1', '@type': 'Interface', contents: [{ '@type': 'Relationship', name: 'r' }] },
      ],
    }),
  ]);
  const c = infos.find((i) => i.id === 'dtmi:ex:C;1');
  assert.ok(c);
  assert.deepEqual(c.extends, ['dtmi:ex:B;1', 'dtmi:ex:Inline;1']);
  assert.deepEqual([...c.ancestors].sort(), ['dtmi:ex:A;1', 'dtmi:ex:B;1', 'dtmi:ex:Inline;1']);
  assert.ok(c.properties.has('a') && c.telemetries.has('b') && c.relationships.has('r'));
  assert.equal(c.properties.get('a')?.definedIn, 'dtmi:ex:A;1');
  assert.equal(infos.length, 4);
});

void test('duplicate names, including inherited ones, are errors; diamonds are not', () => {
  assert.deepEqual(
    codes([
      iface('dtmi:ex:A;1', {
        contents: [
          { '@type': 'Property', name: 'x', schema: 'string' },
          { '@type': 'Telemetry', name: 'x', schema: 'double' },
        ],
      }),
    ]),
    ['dtdl.duplicate-name'],
  );
  assert.deepEqual(
    codes([
      iface('dtmi:ex:A;1', { contents: [{ '@type': 'Property', name: 'x', schema: 'string' }] }),
      iface('dtmi:ex:B;1', {
        extends: 'dtmi:ex:A;1',
        contents: [{ '@type': 'Property', name: 'x', schema: 'string' }],
      }),
    ]),
    ['dtdl.duplicate-name'],
  );
  ok([
    iface('dtmi:ex:Root;1', { contents: [{ '@type': 'Property', name: 'x', schema: 'string' }] }),
    iface('dtmi:ex:L;1', { extends: 'dtmi:ex:Root;1' }),
    iface('dtmi:ex:R;1', { extends: 'dtmi:ex:Root;1' }),
    iface('dtmi:ex:D;1', { extends: ['dtmi:ex:L;1', 'dtmi:ex:R;1'] }),
  ]);
});

void test('extends cycles and depth over 10 are errors', () => {
  assert.ok(
    codes([
      iface('dtmi:ex:A;1', { extends: 'dtmi:ex:B;1' }),
      iface('dtmi:ex:B;1', { extends: 'dtmi:ex:A;1' }),
    ]).includes('dtdl.extends-cycle'),
  );
  const chain = Array.from({ length: 12 }, (_, i) =>
    iface(`dtmi:ex:I${i};1`, i === 0 ? {} : { extends: `dtmi:ex:I${i - 1};1` }),
  );
  assert.ok(codes(chain).includes('dtdl.extends-too-deep'));
  ok(chain.slice(0, 11));
});

void test('unresolved references are errors, unless an existing model resolves them', () => {
  const derived = iface('dtmi:ex:Derived;1', { extends: 'dtmi:ex:Base;1' });
  assert.deepEqual(codes([derived]), ['dtdl.unresolved-reference']);
  const set = new ModelSet(
    ok([iface('dtmi:ex:Base;1', { contents: [{ '@type': 'Property', name: 'p', schema: 'integer' }] })]),
  );
  const [info] = ok([derived], { existing: set });
  assert.ok(info?.properties.has('p'));
  assert.deepEqual(info?.ancestors, ['dtmi:ex:Base;1']);
});

void test('relationships: target, multiplicity, properties; targets need not resolve', () => {
  const [info] = ok([
    iface('dtmi:ex:Floor;1', {
      contents: [
        {
          '@type': 'Relationship',
          name: 'contains',
          target: 'dtmi:ex:Room;1',
          minMultiplicity: 0,
          maxMultiplicity: 50,
          writable: true,
          properties: [{ '@type': 'Property', name: 'since', schema: 'date' }],
        },
      ],
    }),
  ]);
  const r = info?.relationships.get('contains');
  assert.equal(r?.target, 'dtmi:ex:Room;1');
  assert.equal(r?.maxMultiplicity, 50);
  assert.equal(r?.properties.get('since')?.schema.kind, 'primitive');
  assert.ok(
    codes([iface('dtmi:ex:F;1', { contents: [{ '@type': 'Relationship', name: 'r', minMultiplicity: 1 }] })]).includes(
      'dtdl.invalid-value',
    ),
  );
  assert.ok(
    codes([iface('dtmi:ex:F;1', { contents: [{ '@type': 'Relationship', name: 'r', target: 'room' }] })]).includes(
      'dtdl.invalid-dtmi',
    ),
  );
});

void test('components must be Interfaces without components of their own', () => {
  const camera = iface('dtmi:ex:Camera;1', { contents: [{ '@type': 'Telemetry', name: 'frames', schema: 'integer' }] });
  const [, phone] = ok([
    camera,
    iface('dtmi:ex:Phone;1', { contents: [{ '@type': 'Component', name: 'front', schema: 'dtmi:ex:Camera;1' }] }),
  ]);
  assert.equal(phone?.components.get('front')?.schema, 'dtmi:ex:Camera;1');
  const enumSchema = iface('dtmi:ex:P;1', {
    schemas: [{ '@id': 'dtmi:ex:P:mode;1', '@type': 'Enum', valueSchema: 'string', enumValues: [] }],
    contents: [{ '@type': 'Component', name: 'c', schema: 'dtmi:ex:P:mode;1' }],
  });
  assert.ok(codes([enumSchema]).includes('dtdl.wrong-element-type'));
  const nested = [
    camera,
    iface('dtmi:ex:Phone;1', { contents: [{ '@type': 'Component', name: 'front', schema: 'dtmi:ex:Camera;1' }] }),
    iface('dtmi:ex:Bag;1', { contents: [{ '@type': 'Component', name: 'phone', schema: 'dtmi:ex:Phone;1' }] }),
  ];
  assert.deepEqual(codes(nested), ['dtdl.nested-component']);
});

void test('complex schemas: enum, object, map, array, reusable schemas', () => {
  const [info] = ok([
    iface('dtmi:ex:Pump;1', {
      schemas: [
        {
          '@id': 'dtmi:ex:Pump:mode;1',
          '@type': 'Enum',
          valueSchema: 'string',
          enumValues: [
            { name: 'on', enumValue: 'on' },
            { name: 'off', enumValue: 'off' },
          ],
        },
      ],
      contents: [
        { '@type': 'Property', name: 'mode', schema: 'dtmi:ex:Pump:mode;1' },
        {
          '@type': 'Telemetry',
          name: 'status',
          schema: {
            '@type': 'Object',
            fields: [
              { name: 'rpm', schema: 'integer' },
              { name: 'tags', schema: { '@type': 'Array', elementSchema: 'string' } },
            ],
          },
        },
        {
          '@type': 'Property',
          name: 'limits',
          schema: {
            '@type': 'Map',
            mapKey: { name: 'k', schema: 'string' },
            mapValue: { name: 'v', schema: 'double' },
          },
        },
      ],
    }),
  ]);
  const mode = info?.properties.get('mode')?.schema;
  assert.equal(mode?.kind, 'enum');
  assert.equal(info?.schemas.get('dtmi:ex:Pump:mode;1'), mode);
  const status = info?.telemetries.get('status')?.schema;
  assert.equal(status?.kind === 'object' && status.fields[1]?.schema.kind, 'array');
  const limits = info?.properties.get('limits')?.schema;
  assert.equal(limits?.kind === 'map' && limits.value.kind, 'primitive');
});

void test('schema nesting over 5 levels is an error', () => {
  let schema: unknown = 'double';
  for (let i = 0; i < 6; i++) schema = { '@type': 'Array', elementSchema: schema };
  assert.ok(
    codes([iface('dtmi:ex:Deep;1', { contents: [{ '@type': 'Property', name: 'p', schema }] })]).includes(
      'dtdl.schema-too-deep',
    ),
  );
});

void test('names, DTMIs and required members are checked, and all errors are reported', () => {
  const result = parseModels([
    iface('dtmi:ex:Bad;1', {
      contents: [
        { '@type': 'Property', name: '1st', schema: 'double' },
        { '@type': 'Telemetry', name: 'noSchema' },
        { '@type': 'Telemetry', name: 'badSchema', schema: 'real' },
      ],
      colour: 'red',
    }),
    iface('dtmi:dtdl:mine;1'),
    iface('not-a-dtmi'),
    iface(`dtmi:ex:${'x'.repeat(130)};1`),
    { '@id': 'dtmi:ex:NoContext;1', '@type': 'Interface' },
    { '@context': CTX, '@id': 'dtmi:ex:T;1', '@type': 'Telemetry', name: 't', schema: 'double' },
  ]);
  assert.equal(result.ok, false);
  if (result.ok) return;
  const got = result.errors.map((e) => e.code).sort();
  assert.deepEqual(got, [
    'dtdl.dtmi-too-long',
    'dtdl.invalid-dtmi',
    'dtdl.invalid-name',
    'dtdl.invalid-type',
    'dtdl.invalid-value',
    'dtdl.missing-context',
    'dtdl.missing-property',
    'dtdl.reserved-dtmi',
    'dtdl.unknown-property',
  ]);
  const name = result.errors.find((e) => e.code === 'dtdl.invalid-name');
  assert.equal(name?.pointer, '/0/contents/0/name');
  assert.equal(name?.elementId, 'dtmi:ex:Bad;1');
  assert.match(name?.message ?? '', /Property "1st"/);
});

void test('documents may be arrays of interfaces, and v2 models parse', () => {
  const infos = ok([
    [iface('dtmi:ex:A;1'), iface('dtmi:ex:B;1', { extends: 'dtmi:ex:A;1' })],
    {
      '@context': 'dtmi:dtdl:context;2',
      '@id': 'dtmi:ex:V2;1',
      '@type': 'Interface',
      contents: [{ '@type': ['Telemetry', 'Temperature'], name: 't', schema: 'double', unit: 'degreeCelsius' }],
    },
  ]);
  assert.equal(infos.length, 3);
  assert.equal(infos[2]?.dtdlVersion, 2);
  assert.deepEqual(codes([[iface('dtmi:ex:A;1'), 42]]), ['dtdl.invalid-document']);
});

void test('an unknown extension context in scope may redefine DTDL terms; without it they stay reserved', () => {
  const allow = { allowUndefinedExtensions: true };
  const schema = (extra: Record<string, unknown>) =>
    iface('dtmi:ex:Host;1', { schemas: { '@id': 'dtmi:ex:Arr;1', elementSchema: 'date', ...extra } });
  const unknown = { '@context': 'dtmi:acme:extension:context;1' };
  // Under the unknown context both a term as a co-type and a term as a property are the extension's business.
  ok([schema({ ...unknown, '@type': ['Array', 'boolean'] })], allow);
  ok([schema({ ...unknown, '@type': ['Array', 'Foobar'], boolean: null })], allow);
  // Without it, "boolean" is DTDL's schema, which can neither co-type an Array nor be one of its properties.
  assert.deepEqual(codes([schema({ '@type': ['Array', 'boolean'] })], allow), ['dtdl.invalid-type']);
  assert.deepEqual(codes([schema({ '@type': ['Array', 'Foobar'], boolean: null })], allow), ['dtdl.undefined-type']);
});

void test('an element switches to DTDL v2 only where its member takes an abstract class', () => {
  const v2 = { '@context': 'dtmi:dtdl:context;2' };
  const enumProperty = (value: Record<string, unknown>) =>
    iface('dtmi:ex:E;1', {
      contents: {
        '@type': 'Property',
        name: 'mode',
        schema: { '@type': 'Enum', valueSchema: 'integer', enumValues: { name: 'on', enumValue: 1, ...value } },
      },
    });
  ok([enumProperty({})]);
  const result = parseModels([enumProperty(v2)]);
  assert.equal(result.ok, false);
  const error = result.ok ? undefined : result.errors[0];
  assert.equal(error?.code, 'dtdl.invalid-context');
  assert.equal(error?.pointer, '/0/contents/schema/enumValues/@context');
  assert.match(error?.message ?? '', /"enumValues" takes DTDL v3 elements only/);
  // A property's schema is abstract (any Schema): a v2 Array is fine there.
  ok([
    iface('dtmi:ex:P;1', {
      contents: { '@type': 'Property', name: 'list', schema: { ...v2, '@type': 'Array', elementSchema: 'double' } },
    }),
  ]);
});
