import type { EpochMs, ErrorCode, Limits, TwinId } from '@doppel/core';
import type { IngestKind } from '@doppel/protocol';
import { QUALITY_KEY, TIMESTAMP_KEY } from '@doppel/protocol';
import type { CompiledModel } from '../graph/compiled-model.js';
import type { DeadLetterDraft, DecodedInput, IngestInput, ReportedQuality, SampleRow } from './ingest-types.js';
import type { SampleQuality } from './parse-quality.js';
import { parseQuality, qualityAt, rowQuality } from './parse-quality.js';
import { parseTimestamp } from './parse-timestamp.js';

/** What decoding needs to know about twins: their compiled model, or nothing if unknown. */
export type TwinModelLookup = (twinId: string) => CompiledModel | undefined;

export type DecodeLimits = Pick<
  Limits,
  'payloadBytesMax' | 'samplesPerPayloadMax' | 'timestampPastMaxMs' | 'timestampFutureMaxMs'
>;

const encoder = new TextEncoder();

/**
 * Turns one raw input into the valid samples (one log entry) and a dead letter for everything
 * else, each with its reason (DESIGN.md invariants 1 and 4). Never throws on bad input.
 *
 * Points: each value of a sample is one point (`ts` and `$quality` are not values); an input that
 * cannot be decoded into samples at all counts as one point, so `received = applied +
 * deadLettered` holds in points.
 */
export function decodeInput(input: IngestInput, lookup: TwinModelLookup, limits: DecodeLimits): DecodedInput {
  const whole = (reason: ErrorCode, message: string, points = 1): DecodedInput => ({
    entry: undefined,
    deadLetters: [draft(input, reason, message, points, input.payload)],
    points,
  });

  if (input.payload.byteLength > limits.payloadBytesMax) {
    return whole(
      'ingest.payload-too-large',
      `payload of ${input.payload.byteLength} bytes exceeds the limit of ${limits.payloadBytesMax} bytes`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(
      Buffer.from(input.payload.buffer, input.payload.byteOffset, input.payload.byteLength).toString('utf8'),
    );
  } catch (error) {
    return whole('ingest.payload-malformed', `payload is not valid JSON: ${(error as Error).message}`);
  }
  const samples: unknown[] = Array.isArray(data) ? data : [data];
  if (samples.length > limits.samplesPerPayloadMax) {
    return whole(
      'ingest.batch-too-large',
      `payload has ${samples.length} samples; the limit is ${limits.samplesPerPayloadMax}`,
      samples.length,
    );
  }
  for (let i = 0; i < samples.length; i++) {
    const sample = samples[i];
    if (typeof sample !== 'object' || sample === null || Array.isArray(sample)) {
      const where = Array.isArray(data) ? `element ${i} of the array` : 'the payload';
      return whole(
        'ingest.payload-malformed',
        `${where} must be a JSON object of name/value pairs, got ${describe(sample)}`,
        countPoints(samples),
      );
    }
  }
  const model = lookup(input.twinId);
  if (model === undefined) {
    return whole('ingest.twin-unknown', `twin "${input.twinId}" does not exist`, countPoints(samples));
  }

  const rows: SampleRow[] = [];
  /** Whether some value came from inside a component object (then the payload is not the rows verbatim). */
  let nested = false;
  /** Whether some sample carries `$quality` (then neither: it is not a value). */
  let qualified = false;
  const deadLetters: DeadLetterDraft[] = [];
  let applied = 0;
  let total = 0;
  const bounds = { pastMaxMs: limits.timestampPastMaxMs, futureMaxMs: limits.timestampFutureMaxMs };
  for (let i = 0; i < samples.length; i++) {
    const sample = samples[i] as Record<string, unknown>;
    const pointerBase = Array.isArray(data) ? `/${i}` : '';
    const ts = parseTimestamp(sample[TIMESTAMP_KEY], input.receivedMs, bounds);
    if (!ts.ok) {
      const points = samplePoints(sample);
      total += points;
      deadLetters.push(
        draft(
          input,
          ts.code,
          ts.message,
          points,
          encoder.encode(JSON.stringify(sample)),
          `${pointerBase}/${TIMESTAMP_KEY}`,
        ),
      );
      continue;
    }
    // The one look at `$quality` that a sample without it costs (JSON has no undefined values).
    const rawQuality = sample[QUALITY_KEY];
    let quality: SampleQuality | undefined;
    if (rawQuality !== undefined) {
      const parsed = parseQuality(rawQuality, sample, model);
      if (!parsed.ok) {
        const points = samplePoints(sample);
        total += points;
        deadLetters.push(
          draft(
            input,
            'ingest.quality-invalid',
            parsed.message,
            points,
            encoder.encode(JSON.stringify(sample)),
            `${pointerBase}/${QUALITY_KEY}`,
          ),
        );
        continue;
      }
      quality = parsed.quality;
      qualified = true;
    }
    const values: Record<string, unknown> = {};
    let rowPoints = 0;
    const visit = (object: Record<string, unknown>, target: CompiledModel, prefix: string, pointer: string): void => {
      for (const name in object) {
        if (prefix === '' && name === TIMESTAMP_KEY) continue;
        const value = object[name];
        total++;
        const content = input.kind === 'telemetry' ? target.telemetries.get(name) : target.properties.get(name);
        if (content !== undefined) {
          const error = content.validate(value);
          if (error === undefined) {
            values[prefix + name] = value;
            rowPoints++;
            continue;
          }
          const reason: ErrorCode =
            error.code === 'value-not-in-enum' ? 'ingest.value-not-in-enum' : 'ingest.value-invalid';
          deadLetters.push(
            sampleDraft(
              input,
              reason,
              `${prefix}${name}: ${error.message}`,
              ts.ts,
              prefix + name,
              value,
              `${pointer}/${escapePointer(name)}`,
              quality,
            ),
          );
          continue;
        }
        const component = target.components.get(name);
        if (component !== undefined && typeof value === 'object' && value !== null && !Array.isArray(value)) {
          total--; // a component object is a container, not a point
          nested = true;
          visit(value as Record<string, unknown>, component, `${prefix}${name}/`, `${pointer}/${escapePointer(name)}`);
          continue;
        }
        if (prefix === '' && name === QUALITY_KEY) {
          // Checked here, where only names the model lacks arrive (no DTDL name starts with `$`),
          // rather than for every value.
          total--;
          continue;
        }
        deadLetters.push(
          sampleDraft(
            input,
            'ingest.name-unknown',
            unknownNameMessage(input.kind, target, prefix + name, name),
            ts.ts,
            prefix + name,
            value,
            `${pointer}/${escapePointer(name)}`,
            quality,
          ),
        );
      }
    };
    visit(sample, model, '', pointerBase);
    if (rowPoints > 0) {
      const reported = quality === undefined ? undefined : rowQuality(quality, values);
      rows.push(reported === undefined ? { ts: ts.ts, values } : { ts: ts.ts, values, quality: reported });
      applied += rowPoints;
    }
  }
  const entry =
    applied === 0
      ? undefined
      : {
          twinId: input.twinId as TwinId,
          kind: input.kind,
          source: input.clientId,
          transport: input.transport,
          receivedMs: input.receivedMs,
          rows,
          points: applied,
          ...(deadLetters.length === 0 && !nested && !qualified ? { raw: input.payload } : {}),
        };
  return { entry, deadLetters, points: total };
}

function unknownNameMessage(kind: IngestKind, model: CompiledModel, path: string, name: string): string {
  if (kind === 'telemetry' && model.properties.has(name)) {
    return `"${path}" is a property of ${model.id}, not telemetry: report it on twins/{twinId}/properties/reported`;
  }
  if (kind === 'reported' && model.telemetries.has(name)) {
    return `"${path}" is telemetry of ${model.id}, not a property: publish it on twins/{twinId}/telemetry`;
  }
  return `${model.id} declares no ${kind === 'telemetry' ? 'telemetry' : 'property'} "${path}"`;
}

function countPoints(samples: readonly unknown[]): number {
  let points = 0;
  for (const sample of samples) {
    if (typeof sample === 'object' && sample !== null && !Array.isArray(sample)) {
      points += Object.keys(sample).filter((key) => key !== TIMESTAMP_KEY && key !== QUALITY_KEY).length;
    } else points += 1;
  }
  return Math.max(1, points);
}

/** The points of a sample dead-lettered whole (a bad `ts` or `$quality`): at least one. */
function samplePoints(sample: Record<string, unknown>): number {
  return Math.max(1, Object.keys(sample).length - (TIMESTAMP_KEY in sample ? 1 : 0) - (QUALITY_KEY in sample ? 1 : 0));
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string'
    ? `the string ${JSON.stringify(value.slice(0, 40))}`
    : `${typeof value} ${String(value)}`;
}

function draft(
  input: IngestInput,
  reason: ErrorCode,
  message: string,
  points: number,
  payload: Uint8Array,
  pointer?: string,
): DeadLetterDraft {
  return {
    reason,
    message,
    transport: input.transport,
    topic: input.topic,
    clientId: input.clientId,
    twinId: input.twinId === '' ? null : input.twinId,
    receivedMs: input.receivedMs,
    points,
    payload,
    ...(pointer === undefined ? {} : { pointer }),
  };
}

/**
 * A dead letter for one bad value: its payload is that value alone with its time (and its
 * reported quality, when not good), so replay resends just it.
 */
function sampleDraft(
  input: IngestInput,
  reason: ErrorCode,
  message: string,
  ts: EpochMs,
  path: string,
  value: unknown,
  pointer: string,
  quality: SampleQuality | undefined,
): DeadLetterDraft {
  const single = nestPath(path, value);
  const reported: ReportedQuality | undefined = quality === undefined ? undefined : qualityAt(quality, path);
  const payload =
    reported === undefined
      ? { [TIMESTAMP_KEY]: ts, ...single }
      : { [TIMESTAMP_KEY]: ts, [QUALITY_KEY]: reported, ...single };
  return draft(input, reason, message, 1, encoder.encode(JSON.stringify(payload)), pointer);
}

function nestPath(path: string, value: unknown): Record<string, unknown> {
  const parts = path.split('/');
  let nested: unknown = value;
  for (let i = parts.length - 1; i >= 0; i--) nested = { [parts[i] as string]: nested };
  return nested as Record<string, unknown>;
}

/** RFC 6901: `~` and `/` in a member name are written `~0` and `~1` in a JSON pointer. */
function escapePointer(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}
