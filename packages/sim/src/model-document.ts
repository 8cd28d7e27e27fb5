/**
 * The slice of DTDL v3 JSON that the simulator reads. It is not a parser (that lives in
 * `@doppel/dtdl`); it only names the fields the demo models use, so that the simulator can find
 * each twin's telemetry and the Mqtt topic override.
 */
export type DtdlSchema = string | DtdlComplexSchema;

export interface DtdlEnumValue {
  readonly name: string;
  readonly enumValue: string | number;
}

export interface DtdlField {
  readonly name: string;
  readonly schema: DtdlSchema;
}

export interface DtdlComplexSchema {
  readonly '@type': string;
  readonly valueSchema?: string;
  readonly enumValues?: readonly DtdlEnumValue[];
  readonly fields?: readonly DtdlField[];
  /** Of an Array. */
  readonly elementSchema?: DtdlSchema;
}

export interface DtdlContent {
  readonly '@type': string | readonly string[];
  readonly name: string;
  readonly schema?: DtdlSchema;
  readonly writable?: boolean;
  readonly target?: string;
}

export interface DtdlInterface {
  readonly '@context': string | readonly string[];
  readonly '@id': string;
  readonly '@type': string | readonly string[];
  readonly extends?: string | readonly string[];
  readonly contents?: readonly DtdlContent[];
  readonly telemetryTopic?: string;
  readonly payloadFormat?: string;
}

/** The primary `@type` of a content (`Telemetry`, `Property`, …) without semantic co-types. */
export function contentKind(content: DtdlContent): string {
  const types = typeof content['@type'] === 'string' ? [content['@type']] : content['@type'];
  return types.find((type) => ['Telemetry', 'Property', 'Command', 'Relationship', 'Component'].includes(type)) ?? '';
}

export function hasType(document: DtdlInterface, type: string): boolean {
  const types = document['@type'];
  return typeof types === 'string' ? types === type : types.includes(type);
}

export function extendsOf(document: DtdlInterface): readonly string[] {
  const base = document.extends;
  if (base === undefined) return [];
  return typeof base === 'string' ? [base] : base;
}
