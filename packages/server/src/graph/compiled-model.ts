import type { InterfaceInfo, ModelResolver, ValueError } from '@doppel/dtdl';
import { compileSchemaValidator, describeSchema } from '@doppel/dtdl';

export type ValueValidator = (value: unknown) => ValueError | undefined;

export interface CompiledContent {
  readonly validate: ValueValidator;
  readonly schemaText: string;
}

/**
 * What ingest and twin writes need of a model, compiled once per model: a validator per
 * telemetry and property name, and the compiled model of each component. Validators are
 * closures built from the schema, so the valid path does no lookups beyond one map get.
 */
export interface CompiledModel {
  readonly id: string;
  readonly info: InterfaceInfo;
  readonly telemetries: ReadonlyMap<string, CompiledContent>;
  readonly properties: ReadonlyMap<string, CompiledContent & { readonly writable: boolean }>;
  readonly components: ReadonlyMap<string, CompiledModel>;
}

export function compileModel(info: InterfaceInfo, resolver: ModelResolver, depth = 0): CompiledModel {
  const telemetries = new Map<string, CompiledContent>();
  for (const [name, telemetry] of info.telemetries) {
    telemetries.set(name, {
      validate: compileSchemaValidator(telemetry.schema),
      schemaText: describeSchema(telemetry.schema),
    });
  }
  const properties = new Map<string, CompiledContent & { writable: boolean }>();
  for (const [name, property] of info.properties) {
    properties.set(name, {
      validate: compileSchemaValidator(property.schema),
      schemaText: describeSchema(property.schema),
      writable: property.writable,
    });
  }
  const components = new Map<string, CompiledModel>();
  // DTDL forbids components inside components' interfaces beyond one level; the depth guard
  // protects against a malformed resolver all the same.
  if (depth < 4) {
    for (const [name, component] of info.components) {
      const target = resolver.get(component.schema);
      if (target !== undefined) components.set(name, compileModel(target, resolver, depth + 1));
    }
  }
  return { id: info.id, info, telemetries, properties, components };
}
