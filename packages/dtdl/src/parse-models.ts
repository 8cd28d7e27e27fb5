import type { Element } from './element.js';
import type { DtdlError } from './errors.js';
import { ErrorSink, pointerToken } from './errors.js';
import type { InterfaceInfo, ModelResolver } from './interface-info.js';
import { link } from './link.js';
import { readElement } from './read-element.js';
import { buildInterfaces } from './build-interface.js';
import { checkUnique } from './check-unique.js';

export interface ParseOptions {
  /** Already-accepted Interfaces: new models may extend them, use them as components or targets. */
  readonly existing?: ModelResolver;
  /**
   * Accept extension contexts this parser does not know, and the undefined co-types and properties
   * they may define (the conformance suite's "AllowUndefinedExtensions"). Off by default, as the
   * v3 spec recommends rejecting contextually incomplete models.
   */
  readonly allowUndefinedExtensions?: boolean;
}

export type ParseResult =
  | { readonly ok: true; readonly interfaces: readonly InterfaceInfo[] }
  | { readonly ok: false; readonly errors: readonly DtdlError[] };

/**
 * Parses and validates DTDL v3 (and v2) models. `documents` holds JSON values, each one Interface
 * or an array of them, as in files. Returns the new Interfaces (top-level and inline), resolved
 * and flattened, or every error found.
 */
export function parseModels(documents: readonly unknown[], options: ParseOptions = {}): ParseResult {
  const sink = new ErrorSink();
  const readOptions = { allowUndefinedExtensions: options.allowUndefinedExtensions === true };
  const elements: Element[] = [];
  documents.forEach((document, docIndex) => {
    const roots = Array.isArray(document) ? document : [document];
    roots.forEach((root, rootIndex) => {
      const pointer = Array.isArray(document) ? `/${docIndex}/${pointerToken(rootIndex)}` : `/${docIndex}`;
      if (typeof root !== 'object' || root === null || Array.isArray(root)) {
        sink.add(
          'dtdl.invalid-document',
          'A DTDL document must be an Interface object or an array of Interface objects.',
          { pointer },
        );
        return;
      }
      readElement(
        root as Record<string, unknown>,
        {
          parent: undefined,
          context: undefined,
          classes: ['Interface'],
          member: undefined,
          plural: false,
          index: rootIndex,
          pointer,
        },
        readOptions,
        sink,
        elements,
      );
    });
  });
  const linker = link(elements, options.existing, sink);
  checkUnique(elements, linker, sink);
  const interfaces = buildInterfaces(elements, linker, sink);
  if (sink.count > 0) return { ok: false, errors: sink.errors };
  return { ok: true, interfaces };
}
