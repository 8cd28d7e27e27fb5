/**
 * DTDL errors are reported like a compiler's: a stable code, the element in error, a JSON pointer
 * into the document and a message that names the element and property and says what to change.
 * Codes never change meaning once published (STYLE.md 6).
 */
export type DtdlErrorCode =
  | 'dtdl.invalid-document'
  | 'dtdl.missing-context'
  | 'dtdl.invalid-context'
  | 'dtdl.unknown-context'
  | 'dtdl.not-an-interface'
  | 'dtdl.missing-property'
  | 'dtdl.invalid-value'
  | 'dtdl.invalid-dtmi'
  | 'dtdl.reserved-dtmi'
  | 'dtdl.dtmi-too-long'
  | 'dtdl.duplicate-id'
  | 'dtdl.invalid-type'
  | 'dtdl.undefined-type'
  | 'dtdl.unknown-property'
  | 'dtdl.duplicate-property'
  | 'dtdl.invalid-name'
  | 'dtdl.string-too-long'
  | 'dtdl.duplicate-name'
  | 'dtdl.duplicate-value'
  | 'dtdl.unresolved-reference'
  | 'dtdl.unreferenceable'
  | 'dtdl.wrong-element-type'
  | 'dtdl.extends-cycle'
  | 'dtdl.reference-cycle'
  | 'dtdl.extends-too-deep'
  | 'dtdl.extends-too-many'
  | 'dtdl.schema-too-deep'
  | 'dtdl.nested-component'
  | 'dtdl.too-many-contents'
  | 'dtdl.invalid-unit';

export interface DtdlError {
  readonly code: DtdlErrorCode;
  /** The `@id` of the element in error, or of the nearest enclosing element that has one. */
  readonly elementId?: string;
  /** RFC 6901 JSON pointer into the document (`/0/contents/2/schema`), prefixed by the document index. */
  readonly pointer?: string;
  readonly message: string;
}

/** Collects every error of one parse: DTDL authors fix all of them in one round trip. */
export class ErrorSink {
  readonly errors: DtdlError[] = [];

  add(code: DtdlErrorCode, message: string, where: { elementId?: string; pointer?: string } = {}): void {
    this.errors.push({
      code,
      message,
      ...(where.elementId === undefined ? {} : { elementId: where.elementId }),
      ...(where.pointer === undefined ? {} : { pointer: where.pointer }),
    });
  }

  get count(): number {
    return this.errors.length;
  }
}

/** Escapes one JSON pointer reference token (RFC 6901 section 4). */
export function pointerToken(key: string | number): string {
  return typeof key === 'number' ? String(key) : key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Short, safe rendering of a JSON value for messages. */
export function show(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
