import type { EpochMs, TwinId } from '@doppel/core';
import { TIMESTAMP_KEY } from '@doppel/protocol';
import type { IngestEntry, SampleRow, Transport } from './ingest-types.js';

/**
 * Log record formats of an ingest entry (docs/storage-format.md, "Ingest entry").
 *
 * Version 1, normalised rows, UTF-8 JSON (starts with `{`):
 *   {"v":1,"t":twinId,"k":"t"|"r","s":source,"x":transport,"r":receivedMs,"d":[[ts,{path:value,…}],…]}
 *
 * Version 2, the payload as received, for inputs that were entirely valid and flat (the common
 * case): byte 0x02, u32 LE header length, the header JSON {"t","k","s","x","r"}, then the payload
 * bytes. Decoding re-derives the rows with the same rules as ingest (a missing "ts" is the receive
 * time), so both versions decode to the same entry. Version 2 saves re-encoding every value on
 * the hot path.
 */
const VERSION_RAW = 0x02;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface Header {
  t: string;
  k: 't' | 'r';
  s: string;
  x: Transport;
  r: number;
}

export function encodeEntry(entry: IngestEntry): Uint8Array {
  const header: Header = {
    t: entry.twinId,
    k: entry.kind === 'telemetry' ? 't' : 'r',
    s: entry.source,
    x: entry.transport,
    r: entry.receivedMs,
  };
  if (entry.raw !== undefined) {
    const headerBytes = encoder.encode(JSON.stringify(header));
    const record = new Uint8Array(5 + headerBytes.byteLength + entry.raw.byteLength);
    record[0] = VERSION_RAW;
    new DataView(record.buffer).setUint32(1, headerBytes.byteLength, true);
    record.set(headerBytes, 5);
    record.set(entry.raw, 5 + headerBytes.byteLength);
    return record;
  }
  const rows = entry.rows.map((row) => [row.ts, row.values]);
  return encoder.encode(JSON.stringify({ v: 1, ...header, d: rows }));
}

/** Decodes a record written by `encodeEntry`; throws on an unknown format. */
export function decodeEntry(bytes: Uint8Array): IngestEntry {
  if (bytes[0] === VERSION_RAW) return decodeRaw(bytes);
  const raw = JSON.parse(decoder.decode(bytes)) as Header & { v: number; d: [number, Record<string, unknown>][] };
  if (raw.v !== 1) throw new Error(`unknown ingest entry format version ${String(raw.v)}`);
  let points = 0;
  const rows: SampleRow[] = raw.d.map(([ts, values]) => {
    points += Object.keys(values).length;
    return { ts: ts as EpochMs, values };
  });
  return fromHeader(raw, rows, points);
}

function decodeRaw(bytes: Uint8Array): IngestEntry {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(1, true);
  const header = JSON.parse(decoder.decode(bytes.subarray(5, 5 + headerLength))) as Header;
  const payload = bytes.subarray(5 + headerLength);
  const data = JSON.parse(decoder.decode(payload)) as Record<string, unknown> | Record<string, unknown>[];
  let points = 0;
  const rows = (Array.isArray(data) ? data : [data]).map((sample): SampleRow => {
    const values: Record<string, unknown> = {};
    for (const name in sample) {
      if (name === TIMESTAMP_KEY) continue;
      values[name] = sample[name];
      points++;
    }
    return { ts: sourceTime(sample[TIMESTAMP_KEY], header.r), values };
  });
  // Keep a copy of the payload: `bytes` may be a view into a larger read buffer.
  return { ...fromHeader(header, rows, points), raw: payload.slice() };
}

/** The same rule as parse-timestamp.ts for a value that was already accepted. */
function sourceTime(ts: unknown, receivedMs: number): EpochMs {
  if (ts === undefined) return receivedMs as EpochMs;
  return (typeof ts === 'number' ? Math.trunc(ts) : Date.parse(ts as string)) as EpochMs;
}

function fromHeader(header: Header, rows: SampleRow[], points: number): IngestEntry {
  return {
    twinId: header.t as TwinId,
    kind: header.k === 't' ? 'telemetry' : 'reported',
    source: header.s,
    transport: header.x,
    receivedMs: header.r as EpochMs,
    rows,
    points,
  };
}
