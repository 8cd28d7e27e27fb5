import type { Element, MemberValue } from './element.js';
import type { Linker } from './link.js';
import type { EnumValueInfo, FieldInfo, GeospatialSchemaName, PrimitiveSchemaName, Schema } from './schema.js';
import { GEOSPATIAL_SCHEMAS } from './metamodel.js';
import type { LocalizedText } from './interface-info.js';

const PRIMITIVES = new Map<string, Schema>();

function standard(name: string): Schema {
  let schema = PRIMITIVES.get(name);
  if (schema === undefined) {
    schema = (GEOSPATIAL_SCHEMAS as readonly string[]).includes(name)
      ? { kind: 'geospatial', name: name as GeospatialSchemaName }
      : { kind: 'primitive', name: name as PrimitiveSchemaName };
    PRIMITIVES.set(name, schema);
  }
  return schema;
}

/** Fallback for schemas that failed to read; only seen when errors were reported. */
const UNKNOWN: Schema = { kind: 'primitive', name: 'string' };

/**
 * Turns schema elements into `Schema` values, memoised per element so that a schema declared once
 * in `schemas` and used by many contents is one shared object.
 */
export class SchemaBuilder {
  private readonly memo = new Map<Element, Schema>();

  constructor(private readonly linker: Linker) {}

  fromMember(owner: Element, term: string): Schema {
    const value = owner.members.get(term)?.[0];
    return value === undefined ? UNKNOWN : this.fromValue(value);
  }

  fromValue(value: MemberValue): Schema {
    if (value.kind === 'standard') return standard(value.name);
    const target = this.linker.target(value);
    return target?.kind === 'element' ? this.fromElement(target.element) : UNKNOWN;
  }

  fromElement(element: Element): Schema {
    const known = this.memo.get(element);
    if (known !== undefined) return known;
    this.memo.set(element, UNKNOWN); // cycles were reported by the linker
    const schema = this.build(element);
    this.memo.set(element, schema);
    return schema;
  }

  private build(element: Element): Schema {
    const id = element.explicitId ? { id: element.id } : {};
    switch (element.cls) {
      case 'Array':
        return { kind: 'array', ...id, element: this.fromMember(element, 'elementSchema') };
      case 'Enum': {
        const values: EnumValueInfo[] = [];
        for (const child of this.children(element, 'enumValues')) {
          const value = child.literals.get('enumValue');
          if (typeof value !== 'string' && typeof value !== 'number') continue;
          const displayName = child.literals.get('displayName') as LocalizedText | undefined;
          values.push({
            name: String(child.literals.get('name')),
            value,
            ...(displayName === undefined ? {} : { displayName }),
          });
        }
        const valueSchema = element.literals.get('valueSchema') === 'string' ? 'string' : 'integer';
        return { kind: 'enum', ...id, valueSchema, values };
      }
      case 'Map': {
        const key = this.children(element, 'mapKey')[0];
        const value = this.children(element, 'mapValue')[0];
        return {
          kind: 'map',
          ...id,
          keyName: String(key?.literals.get('name') ?? 'key'),
          valueName: String(value?.literals.get('name') ?? 'value'),
          value: value === undefined ? UNKNOWN : this.fromMember(value, 'schema'),
        };
      }
      case 'Object': {
        const fields: FieldInfo[] = this.children(element, 'fields').map((field) => {
          const displayName = field.literals.get('displayName') as LocalizedText | undefined;
          const semanticType = field.cotypes.find((t) => t !== 'Indexed');
          const unit = field.literals.get('unit');
          return {
            name: String(field.literals.get('name')),
            schema: this.fromMember(field, 'schema'),
            ...(displayName === undefined ? {} : { displayName }),
            ...(semanticType === undefined ? {} : { semanticType }),
            ...(typeof unit === 'string' ? { unit } : {}),
          };
        });
        return { kind: 'object', ...id, fields };
      }
      case 'Interface':
      case 'Telemetry':
      case 'Property':
      case 'Command':
      case 'CommandRequest':
      case 'CommandResponse':
      case 'Relationship':
      case 'Component':
      case 'EnumValue':
      case 'MapKey':
      case 'MapValue':
      case 'Field':
        return UNKNOWN;
    }
  }

  /** Elements of a member, inline or referenced. */
  children(element: Element, term: string): Element[] {
    const out: Element[] = [];
    for (const value of element.members.get(term) ?? []) {
      const target = this.linker.target(value);
      if (target?.kind === 'element') out.push(target.element);
    }
    return out;
  }
}
