import type { InterfaceInfo, ModelResolver, PrimitiveSchemaName, Schema } from '@doppel/dtdl';
import type { HistoryColumn, HistoryColumnType, HistoryModelSchema } from './history-store.js';

/**
 * The history columns of a model: every telemetry and property path (components' contents as
 * `component/name`), typed from its DTDL schema. Numbers that DTDL says are integral stay
 * integers; dates and durations keep their ISO text; complex values are JSON so that they
 * round-trip exactly.
 */
export function historySchemaOf(info: InterfaceInfo, resolver: ModelResolver): HistoryModelSchema {
  const columns: HistoryColumn[] = [];
  const add = (model: InterfaceInfo, prefix: string, depth: number): void => {
    for (const [name, content] of [...model.telemetries, ...model.properties]) {
      columns.push({ path: prefix + name, type: columnTypeOf(content.schema) });
    }
    if (depth > 0) return; // DTDL: a component's interface has no components of its own
    for (const [name, component] of model.components) {
      const target = resolver.get(component.schema);
      if (target !== undefined) add(target, `${prefix}${name}/`, depth + 1);
    }
  };
  add(info, '', 0);
  return { modelId: info.id, columns };
}

export function columnTypeOf(schema: Schema): HistoryColumnType {
  switch (schema.kind) {
    case 'primitive':
      return primitiveColumnType(schema.name);
    case 'enum':
      return schema.valueSchema === 'integer' ? 'bigint' : 'string';
    case 'geospatial':
    case 'scaledDecimal':
    case 'array':
    case 'map':
    case 'object':
      return 'json';
  }
}

function primitiveColumnType(name: PrimitiveSchemaName): HistoryColumnType {
  switch (name) {
    case 'double':
    case 'float':
    case 'decimal':
      return 'double';
    case 'integer':
    case 'long':
    case 'short':
    case 'byte':
    case 'unsignedByte':
    case 'unsignedShort':
    case 'unsignedInteger':
    case 'unsignedLong':
      return 'bigint';
    case 'boolean':
      return 'boolean';
    case 'string':
    case 'date':
    case 'dateTime':
    case 'time':
    case 'duration':
    case 'uuid':
    case 'bytes':
      // Text as received (dates and durations keep their ISO 8601 form).
      return 'string';
  }
}
