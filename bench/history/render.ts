/**
 * The parts of one phase rendered for one engine before the phase's clock starts, as devices
 * would have sent them: the bench times the engines, not number formatting (perf-baseline.md:
 * "all rates are from pre-generated typed arrays or strings"). One phase at a time, dropped after
 * it, so that the default run never holds more than one phase of one engine's rendering.
 */
import type { EpochMs, TwinId } from '@doppel/core';
import { encodeEntry } from '../../packages/server/src/ingest/entry-codec.js';
import type { TappedEntry } from '../../packages/server/src/history/ingest-tap.js';
import type { IngestEntry, SampleRow } from '../../packages/server/src/ingest/ingest-types.js';
import type { LogOffset } from '../../packages/server/src/log/event-log.js';
import type { Part } from './data.js';
import { FIELD_COUNT, FIELDS, assetId, generate, partEntries } from './data.js';

const encoder = new TextEncoder();
const FIELD_NAMES = FIELDS.map((field) => field.name);
export const MEASUREMENT = 'machine';
/** Lines per InfluxDB write request, as in perf-baseline.md 2a. */
export const INFLUX_LINES_PER_BATCH = 5_000;

/**
 * Log records as ingest writes them for a valid flat MQTT payload (entry-codec.ts version 2: the
 * payload as received plus a header), and the rows that decoding the payload gives. Held off the
 * JavaScript heap (record bytes and sample values in large buffers): an hour of 10,000 series is
 * 3.8 M records, and as millions of small objects they would cost the timed window full garbage
 * collections of a heap that no platform holds. Each record's rows are built when the tap is
 * offered them, as ingest builds them when it decodes a message.
 */
export function renderLogRecords(parts: readonly Part[]): RenderedRecords {
  const count = parts.reduce((sum, part) => sum + partEntries(part), 0);
  const bytes = new Arena(Uint8Array, count);
  const values = new Arena(Float64Array, count);
  // One typed array per field (nothing for the collector to trace), not an object per record.
  const assets = new Int32Array(count);
  const firstTimes = new Float64Array(count);
  const steps = new Float64Array(count);
  const rowCounts = new Int32Array(count);
  let added = 0;
  const receivedMs = Date.now() as EpochMs;
  for (const part of parts) {
    generate(part, (asset, firstTsMs, stepMs, rowCount, sampleValues) => {
      const samples: Record<string, number>[] = [];
      const rows: SampleRow[] = [];
      for (let row = 0; row < rowCount; row++) {
        const ts = firstTsMs + row * stepMs;
        const sample: Record<string, number> = { ts };
        const fields: Record<string, number> = {};
        for (let field = 0; field < FIELD_COUNT; field++) {
          const value = sampleValues[row * FIELD_COUNT + field] as number;
          sample[FIELD_NAMES[field] as string] = value;
          fields[FIELD_NAMES[field] as string] = value;
        }
        samples.push(sample);
        rows.push({ ts: ts as EpochMs, values: fields });
      }
      const entry: IngestEntry = {
        twinId: assetId(asset) as TwinId,
        kind: 'telemetry',
        source: `gw-${assetId(asset)}`,
        transport: 'mqtt',
        receivedMs,
        rows,
        points: rowCount * FIELD_COUNT,
        // One sample is what a device publishes; a batch is an array of them (a backfill upload).
        raw: encoder.encode(JSON.stringify(rowCount === 1 ? samples[0] : samples)),
      };
      bytes.add(encodeEntry(entry));
      values.add(sampleValues.subarray(0, rowCount * FIELD_COUNT));
      assets[added] = asset;
      firstTimes[added] = firstTsMs;
      steps[added] = stepMs;
      rowCounts[added] = rowCount;
      added += 1;
    });
  }
  const twinIds = new Map<number, string>();
  return {
    count,
    record: (index) => bytes.view(index),
    entry: (index, offset) => {
      const sampleValues = values.view(index);
      const [firstTsMs, stepMs] = [firstTimes[index] as number, steps[index] as number];
      const rows: SampleRow[] = [];
      for (let row = 0; row < (rowCounts[index] as number); row++) {
        rows.push({ ts: (firstTsMs + row * stepMs) as EpochMs, values: fieldValues(sampleValues, row * FIELD_COUNT) });
      }
      const asset = assets[index] as number;
      let twinId = twinIds.get(asset);
      if (twinId === undefined) twinIds.set(asset, (twinId = assetId(asset)));
      return { offset, twinId, rows };
    },
  };
}

/**
 * One row's values as an object literal: one shape for every row, built as fast as JSON.parse
 * builds a payload's object in ingest (adding ten computed keys one by one costs several times that,
 * a cost of the bench, not of the platform).
 */
function fieldValues(values: Float64Array, at: number): Record<string, number> {
  return {
    temperature: values[at] as number,
    humidity: values[at + 1] as number,
    pressure: values[at + 2] as number,
    vibration: values[at + 3] as number,
    current: values[at + 4] as number,
    voltage: values[at + 5] as number,
    power: values[at + 6] as number,
    rpm: values[at + 7] as number,
    flow: values[at + 8] as number,
    level: values[at + 9] as number,
  };
}
// fieldValues spells the fields out: it must follow FIELDS.
if (Object.keys(fieldValues(new Float64Array(FIELD_COUNT), 0)).join() !== FIELD_NAMES.join()) {
  throw new Error('render.ts fieldValues does not list data.ts FIELDS in order');
}

export interface RenderedRecords {
  readonly count: number;
  /** Record `index` as appended to the log (a view, valid while the rendering is held). */
  record(index: number): Uint8Array;
  /** What record `index` holds, decoded, as ingest hands it to the tap once durable at `offset`. */
  entry(index: number, offset: LogOffset): TappedEntry;
}

const ARENA_CHUNK_BYTES = 64 * 1_048_576;

/**
 * Items of a typed array kind appended into 64 MiB arrays (off the JavaScript heap), addressed by
 * the order they were added in (at most `items`).
 */
class Arena<T extends Uint8Array | Float64Array> {
  private readonly chunks: T[] = [];
  private readonly chunkLength: number;
  private used: number;
  private readonly chunkOf: Int32Array;
  private readonly startOf: Int32Array;
  private readonly lengthOf: Int32Array;
  private added = 0;

  constructor(
    private readonly kind: { new (length: number): T; readonly BYTES_PER_ELEMENT: number },
    items: number,
  ) {
    this.chunkLength = ARENA_CHUNK_BYTES / kind.BYTES_PER_ELEMENT;
    this.used = this.chunkLength;
    this.chunkOf = new Int32Array(items);
    this.startOf = new Int32Array(items);
    this.lengthOf = new Int32Array(items);
  }

  add(data: ArrayLike<number>): void {
    if (this.used + data.length > this.chunkLength) {
      this.chunks.push(new this.kind(Math.max(this.chunkLength, data.length)));
      this.used = 0;
    }
    this.chunks[this.chunks.length - 1]?.set(data, this.used);
    this.chunkOf[this.added] = this.chunks.length - 1;
    this.startOf[this.added] = this.used;
    this.lengthOf[this.added] = data.length;
    this.added += 1;
    this.used += data.length;
  }

  view(index: number): T {
    const start = this.startOf[index] as number;
    return (this.chunks[this.chunkOf[index] as number] as T).subarray(
      start,
      start + (this.lengthOf[index] as number),
    ) as T;
  }
}

export interface InfluxBatch {
  /** Index of the part in the rendered parts: a batch never spans two. */
  readonly part: number;
  readonly body: Buffer;
}

/** Line protocol, one line per asset and time with all 10 fields, ms precision, in write order. */
export function renderInfluxBatches(parts: readonly Part[]): InfluxBatch[] {
  const batches: InfluxBatch[] = [];
  let lines: string[] = [];
  for (const [index, part] of parts.entries()) {
    generate(part, (asset, firstTsMs, stepMs, rowCount, values) => {
      const prefix = `${MEASUREMENT},asset=${assetId(asset)} `;
      for (let row = 0; row < rowCount; row++) {
        let line = prefix;
        for (let field = 0; field < FIELD_COUNT; field++) {
          if (field > 0) line += ',';
          line += `${FIELD_NAMES[field] as string}=${values[row * FIELD_COUNT + field] as number}`;
        }
        lines.push(`${line} ${firstTsMs + row * stepMs}`);
        if (lines.length === INFLUX_LINES_PER_BATCH) {
          batches.push({ part: index, body: Buffer.from(`${lines.join('\n')}\n`) });
          lines = [];
        }
      }
    });
    if (lines.length > 0) batches.push({ part: index, body: Buffer.from(`${lines.join('\n')}\n`) });
    lines = [];
  }
  return batches;
}
