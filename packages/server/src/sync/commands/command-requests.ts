import { DoppelError } from '@doppel/core';
import type { InterfaceInfo, ValueValidator } from '@doppel/dtdl';
import { compileSchemaValidator } from '@doppel/dtdl';
import type { CommandView } from '@doppel/protocol';
import { commandTopicOf, desiredTopicOf } from './command-envelope.js';

/** What a valid request becomes: the command's fields, and how its answers are judged. */
export interface CheckedRequest {
  readonly fields: Pick<CommandView, 'twinId' | 'kind' | 'name' | 'request' | 'idempotent' | 'topic'>;
  /** Desired values: how close the reported value must come. */
  readonly tolerance: number;
  /** Commands with a response schema: checks the device's answer. */
  readonly validateResponse: ValueValidator | undefined;
}

/**
 * Checks an invocation of a DTDL Command against the twin's model (`info`): the command exists,
 * the request matches its request schema (or is absent when it takes none).
 */
export function checkInvocation(
  info: InterfaceInfo | undefined,
  modelId: string,
  twinId: string,
  name: string,
  request: unknown,
): CheckedRequest {
  const command = info?.commands.get(name);
  if (command === undefined) throw new DoppelError('command.unknown', `model ${modelId} has no command ${name}`);
  if (command.request === undefined && request !== undefined) {
    throw new DoppelError('command.request-invalid', `command ${name} takes no request; send none`);
  }
  if (command.request !== undefined) {
    const error = compileSchemaValidator(command.request.schema)(request);
    if (error !== undefined) {
      const at = error.pointer === undefined ? '' : ` at ${error.pointer}`;
      throw new DoppelError(
        'command.request-invalid',
        `request of ${name} (${command.request.name}): ${error.message}${at}`,
      );
    }
  }
  const responseSchema = command.response?.schema;
  return {
    fields: {
      twinId,
      kind: 'command',
      name,
      request,
      idempotent: command.cotypes.includes('Idempotent'),
      topic: commandTopicOf(info, twinId, name),
    },
    tolerance: 0,
    validateResponse: responseSchema === undefined ? undefined : compileSchemaValidator(responseSchema),
  };
}

/** Checks a desired value: a writable property of the model, a value of its schema, a tolerance ≥ 0. */
export function checkDesired(
  info: InterfaceInfo | undefined,
  modelId: string,
  twinId: string,
  name: string,
  value: unknown,
  tolerance = 0,
): CheckedRequest {
  const property = info?.properties.get(name);
  if (property === undefined || !property.writable) {
    throw new DoppelError('command.unknown', `model ${modelId} has no writable property ${name}`);
  }
  const error = compileSchemaValidator(property.schema)(value);
  if (error !== undefined) throw new DoppelError('command.request-invalid', `desired ${name}: ${error.message}`);
  if (!Number.isFinite(tolerance) || tolerance < 0) {
    throw new DoppelError('command.request-invalid', '"tolerance" must be a number ≥ 0');
  }
  return {
    fields: { twinId, kind: 'desired', name, request: value, idempotent: true, topic: desiredTopicOf(twinId) },
    tolerance,
    validateResponse: undefined,
  };
}
