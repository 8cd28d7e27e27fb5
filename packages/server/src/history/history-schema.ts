import type {
  InterfaceInfo,
  ModelResolver,
  PrimitiveSchemaName,
  PropertyInfo,
  Schema,
  TelemetryInfo,
} from '@doppel/dtdl';
import type { HistoryColumn, HistoryColumnType, HistoryModelSchema } from './history-store.js';

/**
 * The history columns of a model: its telemetry and property paths (components' contents as
 * `component/name`), typed from their DTDL schema. Numbers that DTDL says are integral stay
 * integers; dates and durations keep their ISO text; complex values are JSON so that they
 * round-trip exactly.
 *
 * DTDL Historization (DTDL.historization.v1.md) says which contents to historize, not what an
 * unmarked one means. Here a mark speaks for the interface that declares it: once an interface
 * marks any of its contents `Historized`, only its marked contents are historized (its others are
 * listed in `excludedPaths`), whether the model holds them as its own, inherited or a component's
 * contents. An interface with no mark keeps all of its contents (the default). So a model that
 * extends the built-in BearingMonitor (which historizes its derived values, not its waveforms)
 * keeps the history of its own telemetry.
 */
export function historySchemaOf(info: InterfaceInfo, resolver: ModelResolver): HistoryModelSchema {
  const contents: { path: string; content: TelemetryInfo | PropertyInfo }[] = [];
  const add = (model: InterfaceInfo, prefix: string, depth: number): void => {
    for (const [name, content] of [...model.telemetries, ...model.properties])
      contents.push({ path: prefix + name, content });
    if (depth > 0) return; // DTDL: a component's interface has no components of its own
    for (const [name, component] of model.components) {
      const target = resolver.get(component.schema);
      if (target !== undefined) add(target, `${prefix}${name}/`, depth + 1);
    }
  };
  add(info, '', 0);
  const marking = new Set(contents.filter(({ content }) => content.historized).map(({ content }) => content.definedIn));
  const columns: HistoryColumn[] = [];
  const excludedPaths = new Set<string>();
  for (const { path, content } of contents) {
    if (!content.historized && marking.has(content.definedIn)) excludedPaths.add(path);
    else columns.push({ path, type: columnTypeOf(content.schema) });
  }
  return { modelId: info.id, columns, ...(marking.size > 0 ? { excludedPaths } : {}) };
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
