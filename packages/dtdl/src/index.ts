// @doppel/dtdl: DTDL v3 (and v2) parser, validator and model registry. Isomorphic and pure.
export type { ParseOptions, ParseResult } from './parse-models.js';
export { parseModels } from './parse-models.js';
export type { DtdlError, DtdlErrorCode } from './errors.js';
export type {
  InterfaceInfo,
  ModelResolver,
  ContentInfo,
  TelemetryInfo,
  PropertyInfo,
  CommandInfo,
  CommandPayloadInfo,
  RelationshipInfo,
  ComponentInfo,
  MqttInfo,
  LocalizedText,
} from './interface-info.js';
export type { Schema, PrimitiveSchemaName, GeospatialSchemaName, EnumValueInfo, FieldInfo } from './schema.js';
export { describeSchema } from './schema.js';
export { ModelSet } from './model-set.js';
export type { ValueError, ValueValidator } from './value-validator.js';
export { compileSchemaValidator } from './value-validator.js';
export { isDtmi } from './dtmi.js';
