import type { ErrorDetail } from '@doppel/core';
import type { CompiledModel } from './compiled-model.js';

/**
 * Validates a twin's property values against its model (PUT and PATCH). Telemetry names are not
 * properties and are refused here: telemetry arrives through ingest. Components are nested
 * objects whose own properties are validated against the component's interface; Azure's
 * `$metadata` member of a component is accepted and ignored.
 */
export function validateTwinProperties(
  model: CompiledModel,
  properties: Readonly<Record<string, unknown>>,
  pointerPrefix = '',
): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  for (const [name, value] of Object.entries(properties)) {
    const pointer = `${pointerPrefix}/${name}`;
    if (name.startsWith('$')) continue;
    const property = model.properties.get(name);
    if (property !== undefined) {
      const error = property.validate(value);
      if (error !== undefined) errors.push({ pointer, message: `property "${name}": ${error.message}` });
      continue;
    }
    const component = model.components.get(name);
    if (component !== undefined) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        errors.push({ pointer, message: `component "${name}" must be an object of its properties` });
      } else {
        errors.push(...validateTwinProperties(component, value as Record<string, unknown>, pointer));
      }
      continue;
    }
    const hint = model.telemetries.has(name)
      ? `"${name}" is telemetry in ${model.id}; send it through ingest, not as a twin property`
      : `${model.id} declares no property or component "${name}"`;
    errors.push({ pointer, message: hint });
  }
  return errors;
}
