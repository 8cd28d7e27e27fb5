import type { EpochMs, TwinId } from '@doppel/core';
import type { IngestEntry, SampleRow, Transport } from './ingest-types.js';

/**
 * Log record format of an ingest entry (docs/storage-format.md, "Ingest entry"): UTF-8 JSON
 *   {"v":1,"t":twinId,"k":"t"|"r","s":source,"x":transport,"r":receivedMs,"d":[[ts,{path:value,…}],…]}
 * JSON because values are JSON (objects, maps, strings) and must round-trip exactly; the
 * short keys keep the log small. `v` versions the format.
 */
const FORMAT_VERSION = 1;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeEntry(entry: IngestEntry): Uint8Array {
  const rows = entry.rows.map((row) => [row.ts, row.values]);
  return encoder.encode(
    JSON.stringify({
      v: FORMAT_VERSION,
      t: entry.twinId,
      k: entry.kind === 'telemetry' ? 't' : 'r',
      s: entry.source,
      x: entry.transport,
      r: entry.receivedMs,
      d: rows,
    }),
  );
}

interface EncodedEntry {
  v: number;
  t: string;
  k: 't' | 'r';
  s: string;
  x: Transport;
  r: number;
  d: [number, Record<string, unknown>][];
}

/** Decodes a record written by `encodeEntry`; throws on a record of an unknown version. */
export function decodeEntry(bytes: Uint8Array): IngestEntry {
  const raw = JSON.parse(decoder.decode(bytes)) as EncodedEntry;
  if (raw.v !== FORMAT_VERSION) throw new Error(`unknown ingest entry format version ${String(raw.v)}`);
  let points = 0;
  const rows: SampleRow[] = raw.d.map(([ts, values]) => {
    points += Object.keys(values).length;
    return { ts: ts as EpochMs, values };
  });
  return {
    twinId: raw.t as TwinId,
    kind: raw.k === 't' ? 'telemetry' : 'reported',
    source: raw.s,
    transport: raw.x,
    receivedMs: raw.r as EpochMs,
    rows,
    points,
  };
}
