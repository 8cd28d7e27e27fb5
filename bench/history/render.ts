/**
 * The parts of one phase rendered for one engine before the phase's clock starts, as devices
 * would have sent them: the bench times the engines, not number formatting (perf-baseline.md:
 * "all rates are from pre-generated typed arrays or strings"). One phase at a time, dropped after
 * it, so that the default run never holds more than one phase of one engine's rendering.
 */
import type { EpochMs, TwinId } from '@doppel/core';
import { encodeEntry } from '../../packages/server/src/ingest/entry-codec.js';
import type { IngestEntry, SampleRow } from '../../packages/server/src/ingest/ingest-types.js';
import type { Part } from './data.js';
import { FIELD_COUNT, FIELDS, assetId, generate } from './data.js';

const encoder = new TextEncoder();
const FIELD_NAMES = FIELDS.map((field) => field.name);
export const MEASUREMENT = 'machine';
/** Lines per InfluxDB write request, as in perf-baseline.md 2a. */
export const INFLUX_LINES_PER_BATCH = 5_000;

/**
 * Log records as ingest writes them for a valid flat MQTT payload (entry-codec.ts version 2: the
 * payload as received plus a header); the `rows` are what decoding the payload gives.
 */
export function renderLogRecords(parts: readonly Part[]): RenderedRecords {
  const records: Uint8Array[] = [];
  const entries: RenderedEntry[] = [];
  const receivedMs = Date.now() as EpochMs;
  for (const part of parts) {
    generate(part, (asset, firstTsMs, stepMs, rowCount, values) => {
      const samples: Record<string, number>[] = [];
      const rows: SampleRow[] = [];
      for (let row = 0; row < rowCount; row++) {
        const ts = firstTsMs + row * stepMs;
        const sample: Record<string, number> = { ts };
        const fields: Record<string, number> = {};
        for (let field = 0; field < FIELD_COUNT; field++) {
          const value = values[row * FIELD_COUNT + field] as number;
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
      records.push(encodeEntry(entry));
      entries.push({ twinId: entry.twinId, rows });
    });
  }
  return { records, entries };
}

/** What ingest hands the history consumer once an entry is durable (its tap): the decoded rows. */
export interface RenderedEntry {
  readonly twinId: string;
  readonly rows: readonly SampleRow[];
}

export interface RenderedRecords {
  readonly records: Uint8Array[];
  /** `entries[i]` is what `records[i]` holds, decoded, as ingest has it. */
  readonly entries: RenderedEntry[];
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
