import type { Element } from './element.js';
import type { ErrorSink } from './errors.js';
import type {
  CommandInfo,
  CommandPayloadInfo,
  ComponentInfo,
  ContentInfo,
  InterfaceInfo,
  LocalizedText,
  MqttInfo,
  PropertyInfo,
  RelationshipInfo,
  TelemetryInfo,
} from './interface-info.js';
import type { Linker, Target } from './link.js';
import { basesOf } from './link.js';
import type { Schema } from './schema.js';
import { SchemaBuilder } from './build-schema.js';
import { ADJUNCTS } from './extensions.js';

/**
 * Builds the resolved, flattened InterfaceInfo of every new Interface, bases first. Inherited
 * contents are merged in; a name declared twice in the hierarchy is an error (v3 spec, Command /
 * Property / … "name": "unique among … contents of any parent Interface"), except when it is the
 * very same element reached through two bases (diamond inheritance).
 */
export function buildInterfaces(elements: readonly Element[], linker: Linker, sink: ErrorSink): InterfaceInfo[] {
  const schemas = new SchemaBuilder(linker);
  const built = new Map<Element, InterfaceInfo>();
  const building = new Set<Element>();

  const infoOf = (target: Target): InterfaceInfo | undefined =>
    target.kind === 'existing' ? target.info : build(target.element);

  const build = (element: Element): InterfaceInfo | undefined => {
    const done = built.get(element);
    if (done !== undefined) return done;
    if (building.has(element)) return undefined; // extends cycle, already reported
    building.add(element);
    const bases: InterfaceInfo[] = [];
    for (const base of basesOf({ kind: 'element', element }, linker)) {
      const info = infoOf(base);
      if (info !== undefined) bases.push(info);
    }
    const info = assemble(element, bases, schemas, linker, sink);
    building.delete(element);
    built.set(element, info);
    return info;
  };

  const out: InterfaceInfo[] = [];
  for (const element of elements) {
    if (element.cls !== 'Interface') continue;
    const info = build(element);
    if (info !== undefined) out.push(info);
  }
  checkComponentNesting(elements, linker, built, sink);
  return out;
}

function assemble(
  element: Element,
  bases: readonly InterfaceInfo[],
  schemas: SchemaBuilder,
  linker: Linker,
  sink: ErrorSink,
): InterfaceInfo {
  const contents = new Map<string, ContentInfo>();
  const ancestors: string[] = [];
  for (const base of bases) {
    for (const id of [base.id, ...base.ancestors]) if (!ancestors.includes(id)) ancestors.push(id);
  }
  const own = new Set<string>();
  const add = (content: ContentInfo, pointer: string, isOwn: boolean): void => {
    const previous = contents.get(content.name);
    const twiceOwn = isOwn && own.has(content.name);
    if (isOwn) own.add(content.name);
    if (previous === undefined) contents.set(content.name, content);
    else if (previous.id !== content.id || twiceOwn) {
      const from = (c: ContentInfo): string => (c.definedIn === element.id ? 'this Interface' : c.definedIn);
      sink.add(
        'dtdl.duplicate-name',
        `Interface ${element.id}: name "${content.name}" is declared twice in its contents (in ${from(previous)} and in ${from(content)}); rename one.`,
        { elementId: element.id, pointer },
      );
    }
  };
  for (const base of bases) {
    for (const map of [base.telemetries, base.properties, base.commands, base.relationships, base.components]) {
      for (const content of map.values()) add(content, element.pointer, false);
    }
  }
  for (const child of schemas.children(element, 'contents')) {
    const content = buildContent(child, element.id, schemas);
    if (content !== undefined) add(content, child.pointer, true);
  }
  const ownSchemas = new Map<string, Schema>();
  for (const child of schemas.children(element, 'schemas')) ownSchemas.set(child.id, schemas.fromElement(child));

  const pick = <K extends ContentInfo['kind']>(kind: K): Map<string, Extract<ContentInfo, { kind: K }>> => {
    const map = new Map<string, Extract<ContentInfo, { kind: K }>>();
    for (const [name, content] of contents)
      if (content.kind === kind) map.set(name, content as Extract<ContentInfo, { kind: K }>);
    return map;
  };
  const extendsIds: string[] = [];
  for (const value of element.members.get('extends') ?? []) {
    const target = linker.target(value);
    if (target !== undefined) extendsIds.push(target.kind === 'element' ? target.element.id : target.info.id);
  }
  const mqtt = mqttOf(element);
  return {
    id: element.id,
    dtdlVersion: element.context.dtdlVersion,
    ...texts(element),
    extends: extendsIds,
    ancestors,
    telemetries: pick('telemetry'),
    properties: pick('property'),
    commands: pick('command'),
    relationships: pick('relationship'),
    components: pick('component'),
    schemas: ownSchemas,
    ...(mqtt === undefined ? {} : { mqtt }),
    document: element.node,
  };
}

function texts(element: Element): { displayName?: LocalizedText; description?: LocalizedText; comment?: string } {
  const displayName = element.literals.get('displayName') as LocalizedText | undefined;
  const description = element.literals.get('description') as LocalizedText | undefined;
  const comment = element.literals.get('comment') as string | undefined;
  return {
    ...(displayName === undefined ? {} : { displayName }),
    ...(description === undefined ? {} : { description }),
    ...(comment === undefined ? {} : { comment }),
  };
}

function semantics(element: Element): Pick<TelemetryInfo, 'semanticTypes' | 'unit' | 'historized' | 'cotypes'> {
  const unit = element.literals.get('unit');
  return {
    semanticTypes: element.cotypes.filter((t) => ADJUNCTS.get(t)?.semantic === true),
    ...(typeof unit === 'string' ? { unit } : {}),
    historized: element.cotypes.includes('Historized'),
    cotypes: element.cotypes,
  };
}

function buildContent(element: Element, definedIn: string, schemas: SchemaBuilder): ContentInfo | undefined {
  const name = element.literals.get('name');
  if (typeof name !== 'string') return undefined;
  const base = { id: element.id, name, definedIn, ...texts(element) };
  switch (element.cls) {
    case 'Telemetry':
      return { kind: 'telemetry', ...base, ...semantics(element), schema: schemas.fromMember(element, 'schema') };
    case 'Property':
      return propertyOf(element, base, schemas);
    case 'Command': {
      const request = payloadOf(schemas.children(element, 'request')[0], schemas);
      const response = payloadOf(schemas.children(element, 'response')[0], schemas);
      const command: CommandInfo = {
        kind: 'command',
        ...base,
        ...(request === undefined ? {} : { request }),
        ...(response === undefined ? {} : { response }),
        cotypes: element.cotypes,
      };
      return command;
    }
    case 'Relationship': {
      const properties = new Map<string, PropertyInfo>();
      for (const child of schemas.children(element, 'properties')) {
        const childName = child.literals.get('name');
        if (typeof childName !== 'string') continue;
        properties.set(
          childName,
          propertyOf(child, { id: child.id, name: childName, definedIn, ...texts(child) }, schemas),
        );
      }
      const target = element.literals.get('target');
      const max = element.literals.get('maxMultiplicity');
      const relationship: RelationshipInfo = {
        kind: 'relationship',
        ...base,
        ...(typeof target === 'string' ? { target } : {}),
        minMultiplicity:
          typeof element.literals.get('minMultiplicity') === 'number'
            ? (element.literals.get('minMultiplicity') as number)
            : 0,
        ...(typeof max === 'number' ? { maxMultiplicity: max } : {}),
        writable: element.literals.get('writable') === true,
        properties,
      };
      return relationship;
    }
    case 'Component': {
      const target = schemas.children(element, 'schema')[0];
      const value = element.members.get('schema')?.[0];
      const schemaId = target?.id ?? (value?.kind === 'reference' ? value.id : '');
      const component: ComponentInfo = { kind: 'component', ...base, schema: schemaId };
      return component;
    }
    case 'Interface':
    case 'CommandRequest':
    case 'CommandResponse':
    case 'Array':
    case 'Enum':
    case 'EnumValue':
    case 'Map':
    case 'MapKey':
    case 'MapValue':
    case 'Object':
    case 'Field':
      return undefined;
  }
}

function propertyOf(
  element: Element,
  base: Pick<PropertyInfo, 'id' | 'name' | 'definedIn'>,
  schemas: SchemaBuilder,
): PropertyInfo {
  return {
    kind: 'property',
    ...base,
    ...texts(element),
    ...semantics(element),
    schema: schemas.fromMember(element, 'schema'),
    writable: element.literals.get('writable') === true,
  };
}

function payloadOf(element: Element | undefined, schemas: SchemaBuilder): CommandPayloadInfo | undefined {
  if (element === undefined) return undefined;
  const { displayName, description } = texts(element);
  return {
    name: String(element.literals.get('name')),
    schema: schemas.fromMember(element, 'schema'),
    ...(displayName === undefined ? {} : { displayName }),
    ...(description === undefined ? {} : { description }),
  };
}

function mqttOf(element: Element): MqttInfo | undefined {
  if (!element.cotypes.includes('Mqtt')) return undefined;
  const payloadFormat = element.literals.get('payloadFormat');
  const telemetryTopic = element.literals.get('telemetryTopic');
  const commandTopic = element.literals.get('commandTopic');
  return {
    payloadFormat: typeof payloadFormat === 'string' ? payloadFormat : '',
    ...(typeof telemetryTopic === 'string' ? { telemetryTopic } : {}),
    ...(typeof commandTopic === 'string' ? { commandTopic } : {}),
  };
}

/** "There MUST NOT be a path of schema or contents members from any Component to any Component." */
function checkComponentNesting(
  elements: readonly Element[],
  linker: Linker,
  built: ReadonlyMap<Element, InterfaceInfo>,
  sink: ErrorSink,
): void {
  for (const element of elements) {
    if (element.cls !== 'Component') continue;
    const value = element.members.get('schema')?.[0];
    if (value === undefined) continue;
    const target = linker.target(value);
    const info =
      target === undefined ? undefined : target.kind === 'existing' ? target.info : built.get(target.element);
    if (info !== undefined && info.components.size > 0) {
      const inner = [...info.components.keys()].join(', ');
      sink.add(
        'dtdl.nested-component',
        `Component "${String(element.literals.get('name'))}" (${element.id}) uses Interface ${info.id}, which itself has components (${inner}); components may not nest.`,
        { elementId: element.anchorId, pointer: element.pointer },
      );
    }
  }
}
