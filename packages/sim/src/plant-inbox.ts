import { commandResponseTopic, commandTopic, TOPIC_ROOT } from '@doppel/protocol';
import type { Plant } from './plant.js';

/*
 * What the simulated plant receives from the platform, and what it answers (docs/sync.md):
 * - a command on `twins/{twinId}/commands/{name}`:
 *     {"correlationId", "name", "request"?, "idempotent", "expiresMs"}
 *   answered on `twins/{twinId}/commands/{name}/response` with
 *     {"correlationId", "status": "succeeded" | "failed", "response"?, "error"?};
 * - a desired value on `twins/{twinId}/properties/desired`, the same envelope with the property's
 *   name and the value as `request`: applied and reported on `twins/{twinId}/properties/reported`,
 *   which completes it, or refused with `failed` on `twins/{twinId}/properties/desired/response`.
 */

/** A message to publish in reply. */
export interface InboxReply {
  readonly topic: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** Correlation ids longer than this are malformed: the inbox remembers them, so their size is bounded. */
export const CORRELATION_ID_MAX_LENGTH = 256;

export const desiredPropertiesTopic = (twinId: string): string => `${TOPIC_ROOT}/${twinId}/properties/desired`;

/**
 * The topic filters a device subscribes to for the commands and desired values of its twins. Twin
 * ids that no topic can name (with `/`, `+` or `#`) are left out.
 */
export function inboxFilters(twinIds: readonly string[]): string[] {
  return twinIds
    .filter((twinId) => twinId !== '' && !/[/+#]/.test(twinId))
    .flatMap((twinId) => [commandTopic(twinId, '+'), desiredPropertiesTopic(twinId)]);
}

interface Envelope {
  readonly kind: 'command' | 'desired';
  readonly twinId: string;
  readonly name: string;
  readonly correlationId: string;
  readonly request: unknown;
}

const utf8 = new TextDecoder();

/**
 * Turns commands and desired values into actions on the plant and answers, at most once per
 * correlation id: the answer sent for each of the last `remember` correlation ids is kept, and a
 * duplicate (a redelivery, or a retry) gets it again without acting again. Messages that break the
 * wire contract are ignored and counted; those for twins the plant does not simulate are ignored.
 * No I/O: the simulator publishes the replies.
 */
export class PlantInbox {
  private readonly answers = new Map<string, InboxReply>();
  private handledCount = 0;
  private duplicateCount = 0;
  private malformedCount = 0;

  constructor(
    private readonly plant: Plant,
    private readonly remember: number,
  ) {
    if (!(Number.isInteger(remember) && remember > 0)) throw new Error(`remember must be positive, got ${remember}`);
  }

  /** Commands and desired values acted on (each correlation id once). */
  get handled(): number {
    return this.handledCount;
  }

  /** Messages whose correlation id was already answered: answered again, not acted on. */
  get duplicates(): number {
    return this.duplicateCount;
  }

  /** Messages ignored because their topic or payload breaks the wire contract. */
  get malformed(): number {
    return this.malformedCount;
  }

  /** The replies to publish for one received message, in order; none for an ignored one. */
  receive(topic: string, payload: Uint8Array, nowMs: number): InboxReply[] {
    const envelope = parseEnvelope(topic, payload);
    if (envelope === undefined) {
      this.malformedCount++;
      return [];
    }
    const { kind, twinId, name, correlationId, request } = envelope;
    const known = this.answers.get(correlationId);
    if (known !== undefined) {
      this.duplicateCount++;
      return [known];
    }
    const outcome =
      kind === 'command'
        ? this.plant.invoke(twinId, name, request, nowMs)
        : this.plant.setDesired(twinId, name, request, nowMs);
    if (outcome === undefined) return []; // not a twin of this plant
    this.handledCount++;

    const replies: InboxReply[] = [];
    let answer: InboxReply;
    if (outcome.status === 'failed') {
      const responseTopic = kind === 'command' ? commandResponseTopic(twinId, name) : `${topic}/response`;
      answer = { topic: responseTopic, payload: { correlationId, status: 'failed', error: outcome.error } };
      replies.push(answer);
    } else if (kind === 'command') {
      const { response } = outcome;
      answer = {
        topic: commandResponseTopic(twinId, name),
        payload: { correlationId, status: 'succeeded', ...(response === undefined ? {} : { response }) },
      };
      replies.push(answer, outcome.reported);
    } else {
      // A desired value is answered by reporting it.
      answer = outcome.reported;
      replies.push(answer);
    }
    this.answers.set(correlationId, answer);
    if (this.answers.size > this.remember) {
      const oldest = this.answers.keys().next();
      if (oldest.done !== true) this.answers.delete(oldest.value);
    }
    return replies;
  }
}

/** The command or desired value of a message, or undefined if its topic or payload breaks the wire contract. */
function parseEnvelope(topic: string, payload: Uint8Array): Envelope | undefined {
  const levels = topic.split('/');
  const twinId = levels[1] ?? '';
  if (levels.length !== 4 || levels[0] !== TOPIC_ROOT || twinId === '') return undefined;
  let kind: Envelope['kind'];
  if (levels[2] === 'commands') kind = 'command';
  else if (levels[2] === 'properties' && levels[3] === 'desired') kind = 'desired';
  else return undefined;

  let body: unknown;
  try {
    body = JSON.parse(utf8.decode(payload));
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const fields = body as Record<string, unknown>;
  const { correlationId, name, idempotent, expiresMs } = fields;
  if (typeof correlationId !== 'string' || correlationId === '') return undefined;
  if (correlationId.length > CORRELATION_ID_MAX_LENGTH) return undefined;
  if (typeof name !== 'string' || name === '') return undefined;
  if (kind === 'command' && name !== levels[3]) return undefined;
  if (idempotent !== undefined && typeof idempotent !== 'boolean') return undefined;
  if (expiresMs !== undefined && !(typeof expiresMs === 'number' && Number.isFinite(expiresMs))) return undefined;
  if (kind === 'desired' && fields['request'] === undefined) return undefined; // nothing to apply
  return { kind, twinId, name, correlationId, request: fields['request'] };
}
